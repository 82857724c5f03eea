import fc from 'fast-check';
import { createAjv, loadSpecs, readSchemas } from '../specs/loader';
import { arbitraryFromSchema } from './arbitraryFromSchema';
import { schemaFile } from './schema';

/** A second ajv with every derived schema, so inline test schemas can $ref them by file name. */
function ajvWithSpecs(): ReturnType<typeof createAjv> {
  const ajv = createAjv();
  for (const s of readSchemas().values()) ajv.addSchema(s);
  return ajv;
}

const WINDOWS = 'windowsOfficeClientConfiguration.request.schema.json';

describe('arbitraryFromSchema', () => {
  // createResponse is left out: its root adds `id: minLength 1` beside the dispatch, which the builder does not merge.
  const files = [...loadSpecs().schemas.keys()].filter((f) => f !== 'createResponse.schema.json');

  test.each(files)('every value generated from %s validates against it', (file) => {
    const schema = schemaFile(file);
    const validate = loadSpecs().ajv.getSchema(schema['$id'] as string);
    if (!validate) throw new Error(`${file} is not compiled`);
    for (const v of fc.sample(arbitraryFromSchema(file, { includeReadOnly: true }), { numRuns: 60, seed: 1 })) {
      expect([validate(v), validate.errors]).toEqual([true, null]);
    }
  });

  test('honours types, bounds, lengths, patterns, enum, const, nullability, arrays and $ref in an inline schema', () => {
    const schema = {
      $id: 'https://conformance.invalid/schemas/inline-test.schema.json',
      type: 'object',
      required: ['n'],
      additionalProperties: false,
      properties: {
        n: { type: 'integer', minimum: 3, maximum: 9 },
        s: { type: 'string', minLength: 2, maxLength: 4 },
        p: { type: 'string', pattern: '^[A-Z]{3}$' },
        e: { enum: ['x', 'y'] },
        k: { const: 5 },
        arr: { type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 2 },
        nn: { type: ['number', 'null'], minimum: 0, maximum: 1 },
        ref: { $ref: 'officeUserCheckinSummary.request.schema.json' },
        ro: { type: 'string', readOnly: true },
      },
    };
    const validate = ajvWithSpecs().compile(schema);
    const xs = fc.sample(arbitraryFromSchema(schema), { numRuns: 300, seed: 2 }) as Array<Record<string, unknown>>;
    for (const x of xs) expect([validate(x), validate.errors]).toEqual([true, null]);
    expect(xs.some((x) => x['nn'] === null)).toBe(true);
    expect(xs.some((x) => !('s' in x))).toBe(true);
    expect(xs.every((x) => 'n' in x && !('ro' in x))).toBe(true);
  });

  test('never generates readOnly properties unless asked', () => {
    const xs = fc.sample(arbitraryFromSchema(WINDOWS), { numRuns: 300, seed: 3 }) as Array<Record<string, unknown>>;
    expect(xs.some((x) => 'id' in x || 'lastModifiedDateTime' in x)).toBe(false);
    const withRo = fc.sample(arbitraryFromSchema(WINDOWS, { includeReadOnly: true }), { numRuns: 100, seed: 3 });
    expect(withRo.some((x) => typeof x === 'object' && x !== null && 'id' in x)).toBe(true);
  });

  test('a property added to a schema is generated without edits here', () => {
    const base = schemaFile(WINDOWS);
    const changed = {
      ...base,
      $id: 'https://conformance.invalid/schemas/changed-test.schema.json',
      properties: {
        ...(base['properties'] as object),
        autoArchiveDays: { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 },
      },
    };
    const validate = ajvWithSpecs().compile(changed);
    const xs = fc.sample(arbitraryFromSchema(changed), { numRuns: 200, seed: 4 }) as Array<Record<string, unknown>>;
    expect(xs.some((x) => typeof x['autoArchiveDays'] === 'number')).toBe(true);
    for (const x of xs) expect(validate(x)).toBe(true);
  });

  test('fixed, omitProperties and reach shape the root', () => {
    const arb = arbitraryFromSchema(WINDOWS, {
      fixed: { '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration' },
      omitProperties: ['assignments', 'displayName'],
      reach: [{ prop: 'checkinStatuses' }, { item: true }, { prop: 'appliedPolicies' }, { item: true }],
    });
    for (const x of fc.sample(arb, { numRuns: 100, seed: 5 }) as Array<Record<string, unknown>>) {
      expect(x['@odata.type']).toBe('#microsoft.graph.windowsOfficeClientConfiguration');
      expect('displayName' in x || 'assignments' in x).toBe(false);
      const statuses = x['checkinStatuses'] as Array<{ appliedPolicies: unknown[] }>;
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s.appliedPolicies.length > 0)).toBe(true);
    }
    expect(() => arbitraryFromSchema(WINDOWS, { omitProperties: ['priority'], reach: [{ prop: 'priority' }] })).toThrow(
      /left-out/,
    );
  });

  test('spells nested @odata.type as asked', () => {
    const nested = (spelling: 'hash' | 'bare' | 'absent'): string[] =>
      fc
        .sample(arbitraryFromSchema(WINDOWS, { odataType: spelling, omitProperties: ['@odata.type'] }), {
          numRuns: 200,
          seed: 6,
        })
        .flatMap((x) => JSON.stringify(x).match(/"@odata\.type":"[^"]*"/g) ?? []);
    expect(nested('hash').length).toBeGreaterThan(0);
    expect(nested('hash').every((t) => t.includes(':"#'))).toBe(true);
    expect(nested('bare').every((t) => !t.includes(':"#'))).toBe(true);
    // 'absent' leaves out every optional annotation; the group target requires its own.
    expect(nested('absent').length).toBeGreaterThan(0);
    expect(nested('absent').every((t) => t.includes('GroupAssignmentTarget'))).toBe(true);
  });

  test('builds once per schema and constraints, and refuses what it cannot honour', () => {
    expect(arbitraryFromSchema(WINDOWS, { maxItems: 2 })).toBe(arbitraryFromSchema(WINDOWS, { maxItems: 2 }));
    expect(() => arbitraryFromSchema({ type: 'string', format: 'uuid' })).toThrow(/format "uuid"/);
    expect(() => arbitraryFromSchema({ type: 'string', contentEncoding: 'base32' })).toThrow(/base32/);
  });
});
