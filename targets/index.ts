/** targets/: the reference implementation (the suite's embedded default target) and its mutants. */
export * from './reference';
export * from './mutants';
