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

describe('the assignment and action schemas', () => {
  const specs = loadSpecs();
  const example = (file: string): Record<string, unknown> =>
    replaceStreamPlaceholders(readExample(file)) as Record<string, unknown>;
  const pointers = (fn: { errors?: Array<{ instancePath: string }> | null }): string[] =>
    (fn.errors ?? []).map((e) => e.instancePath);

  test("the docs' assign request and its answer validate", () => {
    expect(specs.assignRequest(example('officeclientconfiguration-assign.request.json'))).toBe(true);
    expect(specs.assignResponse(example('officeclientconfiguration-assign.response.json'))).toBe(true);
  });

  test("the docs' updatePriorities request validates", () => {
    expect(specs.updatePrioritiesRequest(example('officeclientconfiguration-updatepriorities.request.json'))).toBe(
      true,
    );
  });

  test('an assignment create needs its target; an update does not (the create page lists target as required)', () => {
    const create = example('officeclientconfigurationassignment-create.request.json');
    expect(specs.assignmentCreate(create)).toBe(true);
    expect(specs.assignmentCreate({ ...create, target: undefined })).toBe(false);
    expect(pointers(specs.assignmentCreate)).toEqual(['']);
    expect(specs.assignmentCreate({})).toBe(false);
    expect(specs.assignmentRequest({})).toBe(true);
  });

  test("the docs' assignment create, update, get and list bodies validate", () => {
    expect(specs.assignmentRequest(example('officeclientconfigurationassignment-create.request.json'))).toBe(true);
    expect(specs.assignment(example('officeclientconfigurationassignment-create.response.json'))).toBe(true);
    expect(specs.assignmentRequest(example('officeclientconfigurationassignment-update.request.json'))).toBe(true);
    expect(specs.assignment(example('officeclientconfigurationassignment-update.response.json'))).toBe(true);
    expect(specs.assignmentCollection(example('officeclientconfigurationassignment-list.response.json'))).toBe(true);
    // The get example wraps the entity in "value" (DERIVATION.md get-example-wrapped-in-value): the entity validates.
    const get = example('officeclientconfigurationassignment-get.response.json');
    expect(specs.assignment(get)).toBe(false);
    expect(specs.assignment(get['value'])).toBe(true);
  });

  test('the assign request is closed: unknown members and wrong items are refused, annotations allowed', () => {
    const ok = example('officeclientconfiguration-assign.request.json');
    const [item] = ok['officeConfigurationAssignments'] as Array<Record<string, unknown>>;
    expect(specs.assignRequest({ ...ok, '@odata.context': 'x', 'a@b.c': 1 })).toBe(true);
    expect(specs.assignRequest({ officeConfigurationAssignments: [] })).toBe(true);
    const bad: Array<[string, unknown]> = [
      ['', { ...ok, unknownParameter: 1 }],
      ['', {}],
      ['/officeConfigurationAssignments', { officeConfigurationAssignments: item }],
      ['/officeConfigurationAssignments/0', { officeConfigurationAssignments: ['not an assignment'] }],
      ['/officeConfigurationAssignments/0', { officeConfigurationAssignments: [null] }],
      ['/officeConfigurationAssignments/0', { officeConfigurationAssignments: [{ ...item, extra: true }] }],
      ['/officeConfigurationAssignments/0/target', { officeConfigurationAssignments: [{ ...item, target: 5 }] }],
    ];
    for (const [pointer, body] of bad) {
      expect([pointer, specs.assignRequest(body)]).toEqual([pointer, false]);
      expect(pointers(specs.assignRequest)).toContain(pointer);
    }
  });

  test('the assign answer is an OData collection: a bare array or a wrong item fails', () => {
    const ok = example('officeclientconfiguration-assign.response.json');
    const items = ok['value'] as Array<Record<string, unknown>>;
    expect(specs.assignResponse({ ...ok, '@odata.context': 'https://x/$metadata#y', '@odata.nextLink': 'z' })).toBe(
      true,
    );
    expect(specs.assignResponse(items)).toBe(false);
    expect(specs.assignResponse({})).toBe(false);
    expect(specs.assignResponse({ value: [{ target: {} }] })).toBe(false);
    expect(pointers(specs.assignResponse)).toContain('/value/0');
    expect(specs.assignResponse({ value: [{ ...items[0], id: 7 }] })).toBe(false);
    expect(pointers(specs.assignResponse)).toContain('/value/0/id');
    // Answers are open: a property the docs do not know is ignored.
    expect(specs.assignResponse({ value: [{ ...items[0], extra: true }] })).toBe(true);
  });

  test('the updatePriorities request is closed and typed: string ids, Int32 priorities', () => {
    const ok = example('officeclientconfiguration-updatepriorities.request.json');
    const bad: Array<[string, Record<string, unknown>]> = [
      ['', { ...ok, unknownParameter: [] }],
      ['', { officeConfigurationPolicyIds: ['a'] }],
      ['/officeConfigurationPolicyIds/0', { ...ok, officeConfigurationPolicyIds: [1] }],
      ['/officeConfigurationPriorities/0', { ...ok, officeConfigurationPriorities: ['1'] }],
      ['/officeConfigurationPriorities/0', { ...ok, officeConfigurationPriorities: [1.5] }],
      ['/officeConfigurationPriorities/0', { ...ok, officeConfigurationPriorities: [2147483648] }],
      ['/officeConfigurationPriorities/0', { ...ok, officeConfigurationPriorities: [null] }],
      ['/officeConfigurationPriorities', { ...ok, officeConfigurationPriorities: 13 }],
    ];
    for (const [pointer, body] of bad) {
      expect([pointer, specs.updatePrioritiesRequest(body)]).toEqual([pointer, false]);
      expect(pointers(specs.updatePrioritiesRequest)).toContain(pointer);
    }
    // Items of the ids list are nullable, as the OpenAPI slice says (DERIVATION.md, other choices).
    expect(specs.updatePrioritiesRequest({ ...ok, officeConfigurationPolicyIds: [null] })).toBe(true);
    expect(specs.updatePrioritiesRequest({ ...ok, officeConfigurationPriorities: [-2147483648, 0, 2147483647] })).toBe(
      true,
    );
  });

  test('an assignment request is closed; a single assignment answer needs its id', () => {
    const ok = example('officeclientconfigurationassignment-create.request.json');
    expect(specs.assignmentRequest({ ...ok, unknownProperty: 1 })).toBe(false);
    expect(pointers(specs.assignmentRequest)).toContain('');
    expect(specs.assignment(ok)).toBe(false);
    expect(pointers(specs.assignment)).toContain('');
    expect(specs.assignmentCollection({ value: [ok] })).toBe(false);
    expect(specs.assignmentCollection([example('officeclientconfigurationassignment-create.response.json')])).toBe(
      false,
    );
  });
});
