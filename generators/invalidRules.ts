/** The rules an invalid create body can break: one per case, named in InvalidCase.rule so a failure says which. */

export interface InvalidRule {
  id: string;
  description: string;
  /** 'reject': the target must answer 4xx. 'warn': servers legitimately differ (see unknown-property). */
  expectation: 'reject' | 'warn';
  /** The normative text that makes such a body invalid. */
  source: string;
}

export const INVALID_RULES = [
  {
    id: 'wrong-json-type',
    description: 'A property or array item holds a JSON type its schema does not allow (say a string for an Int32).',
    source:
      'OData JSON Format 4.01 section 7.1 (each Edm primitive type has one JSON representation); CSDL 4.01 section 4.4 (primitive types)',
    expectation: 'reject',
  },
  {
    id: 'null-not-nullable',
    description: 'null where the property or array item is not nullable.',
    source:
      'CSDL 4.01 section 7.2.1 (Nullable="false" forbids null); OpenAPI slice (no `nullable: true`); for collection items, CSDL 4.01 section 7.2.1 on collection-valued properties',
    expectation: 'reject',
  },
  {
    id: 'int32-overflow',
    description: 'An Edm.Int32 outside [-2147483648, 2147483647].',
    source: 'CSDL 4.01 section 4.4 (Edm.Int32 is a signed 32-bit integer); OData ABNF 4.01 int32Value',
    expectation: 'reject',
  },
  {
    id: 'int32-fraction',
    description: 'An Edm.Int32 with a fractional part.',
    source: 'CSDL 4.01 section 4.4 (Edm.Int32); OData ABNF 4.01 int32Value = [ SIGN ] 1*10DIGIT',
    expectation: 'reject',
  },
  {
    id: 'datetime-impossible',
    description:
      'An Edm.DateTimeOffset naming a date or time that does not exist (Feb 30, month 13, hour 24, minute 60).',
    source:
      "OData ABNF 4.01 dateTimeOffsetValue (month 01-12, day 01-31, hour 00-23, minute 00-59, offset hour 00-23) and the calendar the ABNF's comment refers to (days per month, Feb 29 only in leap years)",
    expectation: 'reject',
  },
  {
    id: 'datetime-malformed',
    description: 'An Edm.DateTimeOffset off the grammar (missing offset, free text, space for T, 13 digits).',
    source: 'OData ABNF 4.01 dateTimeOffsetValue (T separator, offset required, 1 to 12 fraction digits, 4-digit year)',
    expectation: 'reject',
  },
  {
    id: 'stream-invalid-base64',
    description: 'An Edm.Stream that is not base64 (characters outside the alphabet, the docs placeholder, raw JSON).',
    source:
      'RFC 4648 sections 4 and 5 (base64 and base64url alphabets); OData JSON Format 4.01 section 7.1 (binary values are base64url); OpenAPI slice (`format: base64url`)',
    expectation: 'reject',
  },
  {
    id: 'odata-type-unknown',
    description: '@odata.type names a type the service does not define.',
    source: "OData JSON Format 4.01 section 4.5.3 (the type names a type of the service's model)",
    expectation: 'reject',
  },
  {
    id: 'odata-type-mismatch',
    description: '@odata.type names a defined type that is neither the declared type nor derived from it.',
    source: 'OData JSON Format 4.01 section 4.5.3 (the type is the declared type or derived from it)',
    expectation: 'reject',
  },
  {
    id: 'required-property-missing',
    description: 'A property the schema requires is left out (the create body has to name its type in @odata.type).',
    source:
      'specs/schemas createRequest (a create body names its derived type); OData JSON Format 4.01 section 4.5.3 (type MUST appear for an instance of a derived type): a leniency in graph-docs (checks/profiles.ts missing-odata-type)',
    expectation: 'reject',
  },
  {
    id: 'unknown-property',
    description: 'A top-level property the type does not declare; servers may ignore or reject it.',
    source:
      'OData JSON Format 4.01 section 4.5 and CSDL 4.01 section 6.3 (undeclared properties only on open types); servers differ on ignoring them, so a warning',
    expectation: 'warn',
  },
  {
    id: 'body-array',
    description: 'The body is a JSON array, not an object.',
    source:
      'OData 4.01 Protocol section 11.4.2 (the request body is the entity to create); OData JSON Format 4.01 section 6 (an entity is a JSON object)',
    expectation: 'reject',
  },
  {
    id: 'body-null',
    description: 'The body is JSON null.',
    source: 'OData 4.01 Protocol section 11.4.2; OData JSON Format 4.01 section 6 (an entity is a JSON object)',
    expectation: 'reject',
  },
  {
    id: 'body-scalar',
    description: 'The body is a JSON string, number or boolean.',
    source: 'OData 4.01 Protocol section 11.4.2; OData JSON Format 4.01 section 6 (an entity is a JSON object)',
    expectation: 'reject',
  },
  {
    id: 'not-json',
    description: 'The body is not JSON text at all (sent raw).',
    source:
      "RFC 8259 (JSON text); OData JSON Format 4.01 section 2; ODL's single-quoted strings and unquoted names are leniencies in graph-docs",
    expectation: 'reject',
  },
] as const satisfies ReadonlyArray<InvalidRule>;

export type InvalidRuleId = (typeof INVALID_RULES)[number]['id'];

export function invalidRule(id: string): InvalidRule {
  const rule = INVALID_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown invalid rule "${id}"; known: ${INVALID_RULES.map((r) => r.id).join(', ')}`);
  return rule;
}
