/** What every operation of one reference handler shares: its options read once, its store, its validators. */
import type { IncomingMessage } from 'node:http';
import type { ValidateFunction } from 'ajv';
import { loadSpecs, type Specs } from '../../specs/loader';
import { walkerFor } from '../../specs/walker';
import { DEFAULT_MAX_BODY_BYTES, issuesOf, readJsonObject, type JsonOutcome } from './body';
import { ASSIGNMENT_TYPE, BASE_TYPE, serviceRoot } from './entity';
import type { ReferenceHooks, ReferenceOptions, ValidationIssue } from './hooks';
import { errorAnswer, type Answer } from './http';
import type { JsonObject } from './json';
import { DEFAULT_PAGE_SIZE, type QueryRules } from './query';
import { normaliseBasePath, type ActionFilter } from './routes';
import { EntityStore } from './store';

export const ASSIGNMENT_REQUEST_FILE = 'officeClientConfigurationAssignment.request.schema.json';
const ASSIGNMENT_RESPONSE_FILE = 'officeClientConfigurationAssignment.schema.json';

export interface Service {
  specs: Specs;
  hooks: ReferenceHooks;
  basePath: string;
  /** Which spellings of each action are answered (ReferenceOptions.actionSegments). */
  served: ActionFilter;
  store: EntityStore;
  /** What `$select`, `$top` and paging accept on the collection, and on a configuration's assignments. */
  configurationRules: QueryRules;
  assignmentRules: QueryRules;
  /** Whether a priority another live configuration has is refused (409) instead of stored. */
  refuseClash: boolean;
  now: () => Date;
  /** A timestamp later than `previous` (when given), so every change moves lastModifiedDateTime forward. */
  stamp(previous?: unknown): string;
  /** The request body as a JSON object (content type, size, UTF-8, depth, syntax checked), or the error answer. */
  readBody(req: IncomingMessage): Promise<JsonOutcome>;
  /** The service root as the client reached it. */
  root(req: IncomingMessage): string;
  /** Schema violations of a create body (createRequest), of a PATCH body (the base type), of an assignment. */
  validateCreate(body: JsonObject): ValidationIssue[];
  validatePatch(body: JsonObject): ValidationIssue[];
  validateAssignment(body: unknown): ValidationIssue[];
  /** A create of an assignment: `target` required besides (specs.assignmentCreate). */
  validateAssignmentCreate(body: unknown): ValidationIssue[];
}

/**
 * The assignment's request schema: `Specs.assignmentRequest` when the loader compiles one, else the schema file
 * compiled by the loader's ajv (every file in specs/schemas is added to it), found by its $id.
 */
function assignmentValidator(specs: Specs): ValidateFunction {
  const compiled = (specs as Specs & { assignmentRequest?: ValidateFunction }).assignmentRequest;
  if (compiled) return compiled;
  const id = specs.schemas.get(ASSIGNMENT_REQUEST_FILE)?.['$id'];
  const fn = typeof id === 'string' ? specs.ajv.getSchema(id) : undefined;
  if (!fn) throw new Error(`specs/schemas/${ASSIGNMENT_REQUEST_FILE} is missing or did not compile`);
  return fn;
}

function positiveInteger(value: number, name: string, given: unknown): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${String(given)}`);
  return value;
}

/** The selectable properties of a type's response schema (annotations left out). */
function selectable(specs: Specs, schema: 'configuration' | 'assignment'): Set<string> {
  const walker = walkerFor(specs.schemas);
  const s =
    schema === 'configuration'
      ? walker.typeSchema(BASE_TYPE, 'response', 'officeClientConfiguration')
      : walker.file(ASSIGNMENT_RESPONSE_FILE);
  return new Set(Object.keys(walker.properties(s)).filter((k) => !k.includes('@')));
}

export function createService(options: ReferenceOptions): Service {
  const specs = loadSpecs();
  const hooks = options.hooks ?? {};
  const basePath = normaliseBasePath(options.basePath);
  const maxBodyBytes = positiveInteger(
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    'maxBodyBytes',
    options.maxBodyBytes,
  );
  const pageSize = positiveInteger(options.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize', options.pageSize);
  if (options.priorityClash !== undefined && !['store', 'refuse'].includes(options.priorityClash))
    throw new Error(`priorityClash must be 'store' or 'refuse', got ${String(options.priorityClash)}`);
  const now = options.now ?? (() => new Date());
  const assignment = assignmentValidator(specs);
  return {
    specs,
    hooks,
    basePath,
    served: actionFilter(options.actionSegments, options.assignments ?? true),
    store: new EntityStore(options.newId),
    configurationRules: {
      selectable: selectable(specs, 'configuration'),
      typeName: BASE_TYPE,
      defaultPageSize: pageSize,
    },
    assignmentRules: {
      selectable: selectable(specs, 'assignment'),
      typeName: ASSIGNMENT_TYPE,
      defaultPageSize: pageSize,
    },
    refuseClash: options.priorityClash === 'refuse',
    now,
    stamp: (previous) => {
      let at = now().getTime();
      if (typeof previous === 'string') {
        const before = Date.parse(previous);
        if (Number.isFinite(before) && at <= before) at = before + 1;
      }
      return new Date(at).toISOString();
    },
    readBody: (req) => readJsonObject(req, maxBodyBytes, hooks.parseJson),
    root: (req) => serviceRoot(req, basePath),
    validateCreate: (body) => issuesOf(specs.createRequest, body),
    validatePatch: (body) => {
      const standard = (b: JsonObject): ValidationIssue[] => issuesOf(specs.patchRequest, b);
      return hooks.validatePatch ? hooks.validatePatch(body, standard) : standard(body);
    },
    validateAssignment: (body) => issuesOf(assignment, body),
    validateAssignmentCreate: (body) => issuesOf(specs.assignmentCreate, body),
  };
}

function actionFilter(segments: ReferenceOptions['actionSegments'], assignments: boolean): ActionFilter {
  return (action, segment) => {
    if (action === 'assignments') return assignments;
    const named = segments?.[action];
    return named === undefined || named.some((s) => s.toLowerCase() === segment);
  };
}

export const notFound = (id: string): Answer => errorAnswer(404, `no clientConfiguration has the id '${id}'`);

export const assignmentNotFound = (id: string, assignmentId: string): Answer =>
  errorAnswer(404, `clientConfiguration '${id}' has no assignment with the id '${assignmentId}'`);

export function methodNotAllowed(method: string, allow: string): Answer {
  return errorAnswer(405, `${method} is not supported here; use ${allow}`, { headers: { allow } });
}
