import fc from 'fast-check';

/** How nested @odata.type values are spelled: OData 4.0 wants '#', the Graph docs omit it, and it may be absent. */
export type ODataTypeSpelling = 'any' | 'hash' | 'bare' | 'absent';

export interface ODataTypeAnnotationConstraints {
  /** 'hash' keeps '#'-prefixed names (odata-strict), 'bare' the others; 'any' and 'absent' keep all. Default 'any'. */
  spelling?: ODataTypeSpelling;
}

/**
 * An @odata.type value taken from the schema's enum for that spot, so it always names the declared type or a type
 * derived from it. Leaving the annotation out is the enclosing object's choice (the property is optional there).
 */
export function odataTypeAnnotation(
  names: readonly string[],
  constraints: ODataTypeAnnotationConstraints = {},
): fc.Arbitrary<string> {
  const spelling = constraints.spelling ?? 'any';
  const kept =
    spelling === 'hash'
      ? names.filter((n) => n.startsWith('#'))
      : spelling === 'bare'
        ? names.filter((n) => !n.startsWith('#'))
        : names;
  if (names.length === 0) throw new Error('odataTypeAnnotation: the schema enum is empty');
  return fc.constantFrom(...(kept.length > 0 ? kept : names));
}
