/** The rules an invalid create body can break: one per case, named in InvalidCase.rule so a failure says which. */

export interface InvalidRule {
  id: string;
  description: string;
  /** 'reject': the target must answer 4xx. 'warn': servers legitimately differ (see unknown-property). */
  expectation: 'reject' | 'warn';
}

export const INVALID_RULES = [
  {
    id: 'wrong-json-type',
    description: 'A property or array item holds a JSON type its schema does not allow (say a string for an Int32).',
    expectation: 'reject',
  },
  {
    id: 'null-not-nullable',
    description: 'null where the property or array item is not nullable.',
    expectation: 'reject',
  },
  { id: 'int32-overflow', description: 'An Edm.Int32 outside [-2147483648, 2147483647].', expectation: 'reject' },
  { id: 'int32-fraction', description: 'An Edm.Int32 with a fractional part.', expectation: 'reject' },
  {
    id: 'datetime-impossible',
    description: 'An Edm.DateTimeOffset naming a date or time that does not exist (Feb 30, hour 24, second 60).',
    expectation: 'reject',
  },
  {
    id: 'datetime-malformed',
    description: 'An Edm.DateTimeOffset off the grammar (missing offset, free text, space for T, 13 digits).',
    expectation: 'reject',
  },
  {
    id: 'stream-invalid-base64',
    description: 'An Edm.Stream that is not base64 (characters outside the alphabet, the docs placeholder, raw JSON).',
    expectation: 'reject',
  },
  {
    id: 'odata-type-unknown',
    description: '@odata.type names a type the service does not define.',
    expectation: 'reject',
  },
  {
    id: 'odata-type-mismatch',
    description: '@odata.type names a defined type that is neither the declared type nor derived from it.',
    expectation: 'reject',
  },
  {
    id: 'required-property-missing',
    description: 'A property the schema requires is left out (the create body has to name its type in @odata.type).',
    expectation: 'reject',
  },
  {
    id: 'unknown-property',
    description: 'A top-level property the type does not declare; servers may ignore or reject it.',
    expectation: 'warn',
  },
  { id: 'body-array', description: 'The body is a JSON array, not an object.', expectation: 'reject' },
  { id: 'body-null', description: 'The body is JSON null.', expectation: 'reject' },
  { id: 'body-scalar', description: 'The body is a JSON string, number or boolean.', expectation: 'reject' },
  { id: 'not-json', description: 'The body is not JSON text at all (sent raw).', expectation: 'reject' },
] as const satisfies ReadonlyArray<InvalidRule>;

export type InvalidRuleId = (typeof INVALID_RULES)[number]['id'];

export function invalidRule(id: string): InvalidRule {
  const rule = INVALID_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown invalid rule "${id}"; known: ${INVALID_RULES.map((r) => r.id).join(', ')}`);
  return rule;
}
