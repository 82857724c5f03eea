/** targets/: the reference implementation (the suite's embedded default target), its mutants and its conforming variants. */
export * from './reference';
export * from './mutants';
export * from './variants';
