import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isDateTimeOffset } from './edm';
import { NAVIGATION_KEYWORD } from './walker';

export const SPECS_DIR = __dirname;
export const SCHEMAS_DIR = join(__dirname, 'schemas');
export const OPENAPI_FILE = join(__dirname, 'openapi.yaml');
export const EXAMPLES_DIR = join(__dirname, 'examples');

/**
 * The annotation derive puts on a navigation property (a "Relationships" row of the docs), an extension keyword in the
 * style of the OpenAPI slice's `x-ms-` ones. It validates nothing; generators read it to leave relationships out of
 * create bodies.
 */
export { NAVIGATION_KEYWORD } from './walker';

/** The validators the rest of the suite uses, each compiled once per process. */
export interface Specs {
  ajv: Ajv2020;
  schemas: Map<string, Record<string, unknown>>;
  createRequest: ValidateFunction;
  createResponse: ValidateFunction;
  /** A single entity as GET answers it (any derived type). */
  entity: ValidateFunction;
  /** PATCH body: the base type's request form. */
  patchRequest: ValidateFunction;
  collection: ValidateFunction;
  odataError: ValidateFunction;
  /** A single assignment as answered (GET, POST or PATCH of .../{id}/assignments[/{assignmentId}]). */
  assignment: ValidateFunction;
  /** A PATCH body of an assignment (closed); a POST body is assignmentCreate. */
  assignmentRequest: ValidateFunction;
  /** A POST body of .../{id}/assignments: the assignment's request form with `target` required (DERIVATION.md). */
  assignmentCreate: ValidateFunction;
  /** GET .../{id}/assignments: `{ value: [assignment] }`. */
  assignmentCollection: ValidateFunction;
  /** POST .../{id}/assign body: `{ officeConfigurationAssignments: [assignment] }` (closed). */
  assignRequest: ValidateFunction;
  /** The assign action's 200 body: `{ value: [assignment] }`; a bare array fails (DERIVATION.md). */
  assignResponse: ValidateFunction;
  /** POST .../updatePriorities body: the policy ids and the priorities, two arrays (closed). */
  updatePrioritiesRequest: ValidateFunction;
}

/** A schema error as data; reporters turn it into text. */
export interface SchemaError {
  pointer: string;
  keyword: string;
  message: string;
}

export function toSchemaErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  // An `if` error only repeats the `then` branch's own errors, which carry the precise pointer.
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({ pointer: e.instancePath, keyword: e.keyword, message: e.message ?? e.keyword }));
}

/** An ajv instance in strict mode with the formats the derived schemas use. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, strictTuples: false });
  addFormats(ajv, { formats: ['int32'], keywords: false });
  // `date-time` here means Edm.DateTimeOffset: seconds optional, up to 12 fractional digits, real calendar dates.
  ajv.addFormat('date-time', { type: 'string', validate: isDateTimeOffset });
  ajv.addKeyword({ keyword: NAVIGATION_KEYWORD, schemaType: 'boolean' });
  return ajv;
}

export function readSchemas(dir = SCHEMAS_DIR): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.schema.json'))
    .sort()) {
    out.set(f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);
  }
  return out;
}

let cached: Specs | undefined;

/** Loads and compiles specs/schemas once; every later call returns the same validators. */
export function loadSpecs(): Specs {
  cached ??= compileSpecs(readSchemas());
  return cached;
}

/** Compiles a schema set (specs/schemas, or a rewritten copy in tests) into the validators the suite uses. */
export function compileSpecs(schemas: Map<string, Record<string, unknown>>): Specs {
  const ajv = createAjv();
  for (const schema of schemas.values()) ajv.addSchema(schema);
  const get = (file: string): ValidateFunction => {
    const schema = schemas.get(file);
    const id = schema?.['$id'];
    if (typeof id !== 'string')
      throw new Error(`specs/schemas/${file} is missing; run \`npm run conformance -- derive\``);
    const fn = ajv.getSchema(id);
    if (!fn) throw new Error(`specs/schemas/${file} did not compile`);
    return fn;
  };
  return {
    ajv,
    schemas,
    createRequest: get('createRequest.schema.json'),
    createResponse: get('createResponse.schema.json'),
    entity: get('createResponse.schema.json'),
    patchRequest: get('officeClientConfiguration.request.schema.json'),
    collection: get('collectionResponse.schema.json'),
    odataError: get('odataError.schema.json'),
    assignment: get('officeClientConfigurationAssignment.schema.json'),
    assignmentRequest: get('officeClientConfigurationAssignment.request.schema.json'),
    assignmentCreate: get('officeClientConfigurationAssignmentCreateRequest.schema.json'),
    assignmentCollection: get('officeClientConfigurationAssignmentCollection.schema.json'),
    assignRequest: get('assignRequest.schema.json'),
    assignResponse: get('assignResponse.schema.json'),
    updatePrioritiesRequest: get('updatePrioritiesRequest.schema.json'),
  };
}

/** Reads a fixture from specs/examples. */
export function readExample(file: string): unknown {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as unknown;
}
