import { readdirSync } from 'node:fs';
import { createAjv, loadSpecs, readExample, readSchemas, SCHEMAS_DIR, toSchemaErrors } from './loader';
import type { CreateRequestBody } from './generated/types';

/** The docs show Stream values only as a placeholder; a real value is base64 of UTF-8 JSON (see DERIVATION.md). */
function replaceStreamPlaceholders(body: unknown): unknown {
  return JSON.parse(
    JSON.stringify(body).replace(
      /"<Unknown Primitive Type Edm\.Stream>"/g,
      JSON.stringify(Buffer.from('{"a":1}').toString('base64')),
    ),
  ) as unknown;
}

describe('specs/schemas', () => {
  test('every schema compiles with ajv in strict mode', () => {
    const ajv = createAjv();
    const schemas = readSchemas();
    expect(schemas.size).toBe(readdirSync(SCHEMAS_DIR).length);
    for (const s of schemas.values()) ajv.addSchema(s);
    for (const s of schemas.values()) expect(() => ajv.getSchema(s['$id'] as string)).not.toThrow();
  });

  test("the docs' example response validates against the 201 response schema once Streams are real", () => {
    const { createResponse } = loadSpecs();
    const example = readExample('windowsofficeclientconfiguration-create.response.json');
    expect(createResponse(example)).toBe(false);
    expect(createResponse.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/policyPayload']));
    expect(createResponse(replaceStreamPlaceholders(example))).toBe(true);
  });

  test("the docs' example request validates only once its Stream placeholders are replaced", () => {
    const { createRequest } = loadSpecs();
    const example = readExample('windowsofficeclientconfiguration-create.request.json');
    expect(createRequest(example)).toBe(false);
    expect(
      toSchemaErrors(createRequest.errors)
        .map((e) => e.pointer)
        .sort(),
    ).toEqual(['/policyPayload', '/userPreferencePayload']);
    const fixed = replaceStreamPlaceholders(example) as CreateRequestBody;
    expect(createRequest(fixed)).toBe(true);
  });

  test('the request schema rejects the documented rule breaks', () => {
    const { createRequest } = loadSpecs();
    const ok = replaceStreamPlaceholders(readExample('windowsofficeclientconfiguration-create.request.json')) as Record<
      string,
      unknown
    >;
    const bad: Array<[string, Record<string, unknown>]> = [
      ['/priority', { ...ok, priority: 2147483648 }],
      ['/priority', { ...ok, priority: 1.5 }],
      ['/displayName', { ...ok, displayName: 3 }],
      ['/@odata.type', { ...ok, '@odata.type': '#microsoft.graph.somethingElse' }],
      ['', { ...ok, unknownProperty: 1 }],
      [
        '/checkinStatuses/0/checkinDateTime',
        { ...ok, checkinStatuses: [{ userId: 'u', wasSuccessful: true, checkinDateTime: '2021-02-30T00:00:00Z' }] },
      ],
      ['/checkinStatuses/0/checkinDateTime', { ...ok, checkinStatuses: [{ checkinDateTime: '2021-01-01T24:00:00Z' }] }],
      ['/checkinStatuses/0/userId', { ...ok, checkinStatuses: [{ userId: null }] }],
    ];
    for (const [pointer, body] of bad) {
      expect(createRequest(body)).toBe(false);
      expect(createRequest.errors?.map((e) => e.instancePath)).toContain(pointer);
    }
  });

  test('the OData error schema wants a non-empty code and a message', () => {
    const { odataError } = loadSpecs();
    expect(odataError({ error: { code: 'badRequest', message: 'x' } })).toBe(true);
    expect(odataError({ error: { code: '', message: 'x' } })).toBe(false);
    expect(odataError({ error: { message: 'x' } })).toBe(false);
    expect(odataError({ message: 'x' })).toBe(false);
  });
});
