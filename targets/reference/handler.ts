import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadSpecs } from '../../specs/loader';
import { walkerFor } from '../../specs/walker';
import { challenge, createBearerCheck, type AuthOutcome } from './auth';
import {
  decodeUtf8,
  errorAnswer,
  jsonAnswer,
  readBody,
  requestIdsOf,
  requireJson,
  sendAnswer,
  withRequestIds,
  type Answer,
  type ErrorDetail,
  type RequestIds,
} from './http';
import { copyOwn, getOwn, hasOwn, isJsonObject, nestingDepth, setOwn, type JsonObject } from './json';
import { DEFAULT_PAGE_SIZE, nextLink, parseQuery, type QueryRules, type SelectList } from './query';
import { EntityStore } from './store';

/** The entity set's path below the service root. */
export const COLLECTION_PATH = '/officeConfiguration/clientConfigurations';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Deeper JSON is refused before it is parsed; a valid body nests 4 levels (body, assignments, item, target). */
export const MAX_NESTING_DEPTH = 64;
/** Used only when a body that skipped validation (a mutant) names no type. */
export const DEFAULT_TYPE = 'microsoft.graph.windowsOfficeClientConfiguration';
export const BASE_TYPE = 'microsoft.graph.officeClientConfiguration';

/** One schema violation, as the error answer reports it. */
export interface ValidationIssue {
  pointer: string;
  keyword: string;
  message: string;
}

/**
 * Where a mutant injects its one fault. The reference sets none; each hook's default is the reference behaviour.
 * Hooks get fresh objects they may return changed copies of; they must not mutate what they are given.
 */
export interface ReferenceHooks {
  /** Decides authorisation; `standard` is the reference's bearer-token verdict. */
  authorize?: (standard: AuthOutcome, req: IncomingMessage) => AuthOutcome;
  /** Rewrites a parsed create body (a JSON object) before it is validated. */
  preprocessCreate?: (body: JsonObject) => JsonObject;
  /** Replaces validation of a create body; `standard` runs the compiled request schema. Empty list = valid. */
  validateCreate?: (body: JsonObject, standard: (body: JsonObject) => ValidationIssue[]) => ValidationIssue[];
  /** Runs after a create body passed validation and before anything is stored; an answer returned is sent instead. */
  interceptCreate?: (body: JsonObject) => Answer | undefined;
  /** Rewrites the entity about to be stored: the 201 body and every later GET see the result. */
  shapeEntity?: (entity: JsonObject, body: JsonObject) => JsonObject;
  /** Rewrites the 201 answer only (status, headers, body); the stored entity is unchanged. */
  shapeCreateAnswer?: (answer: Answer, created: { id: string; entity: JsonObject }) => Answer;
  /** Rewrites the answer to GET {collection}/{id} (200 or 404). */
  shapeReadAnswer?: (answer: Answer, id: string) => Answer;
  /** Rewrites every answer with a status of 400 or more, whatever produced it. */
  shapeError?: (answer: Answer) => Answer;
  /**
   * Reads a request body's text into a JSON value instead of JSON.parse (a conforming variant's lenient reader). It
   * runs after the nesting-depth limit; a throw is answered 400 with the error's message, like a JSON.parse error.
   */
  parseJson?: (text: string) => unknown;
  /** Rewrites every answer last (after shapeError), knowing the request it answers: variants shape bodies and headers. */
  shapeAnswer?: (answer: Answer, context: AnswerContext) => Answer;
}

/** What an answer answers, for the shapeAnswer hook. */
export interface AnswerContext {
  req: IncomingMessage;
  /** Upper-case request method. */
  method: string;
  /** The service root as the client reached it, e.g. http://127.0.0.1:43123/beta. */
  root: string;
  /** The addressed resource: the collection, one entity (by the id in the URL), or nothing this service has. */
  target: { kind: 'collection' } | { kind: 'entity'; id: string } | { kind: 'none' };
}

export interface ReferenceOptions {
  /** When set, every request must carry `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** Largest request body accepted (413 above it). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Entities per page of the list when the request names no `$top` (see query.ts). Default 999. */
  pageSize?: number;
  /** Path of the service root below the origin, e.g. '/beta'. Default: the origin itself. */
  basePath?: string;
  /** Fault injection for mutants. */
  hooks?: ReferenceHooks;
  /** Key generator (default crypto.randomUUID). */
  newId?: () => string;
  /** Clock for lastModifiedDateTime and innerError's date (default the system clock). */
  now?: () => Date;
  /** Generator of request-id values, and of client-request-id when the client sends none (default randomUUID). */
  newRequestId?: () => string;
  /** Where an unexpected exception is reported (it is also answered 500). Default: nowhere. */
  log?: (line: string) => void;
}

/** A request listener that also exposes its store (tests look inside). */
export type ReferenceHandler = RequestListener & { readonly store: EntityStore };

/** '', or '/seg[/seg...]' without a trailing slash. Throws on a value that cannot be a path. */
export function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined) return '';
  const trimmed = basePath.trim();
  if (/[?#\s\\]/.test(trimmed)) throw new Error(`base path "${basePath}" must be a plain path such as /beta`);
  const path = ('/' + trimmed).replace(/\/+/g, '/').replace(/\/$/, '');
  return path;
}

function issuesOf(validate: ValidateFunction, data: unknown): ValidationIssue[] {
  if (validate(data)) return [];
  // An `if` error only repeats its `then` branch's errors, which carry the precise pointer. With no @odata.type
  // every `then` branch applies, so the same violation can come several times: keep one of each.
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(toIssue)
    .filter((i) => {
      const key = `${i.pointer}\u0000${i.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function toIssue(e: ErrorObject): ValidationIssue {
  const params = e.params as { additionalProperty?: unknown; allowedValues?: unknown };
  let message = e.message ?? e.keyword;
  if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined)
    message += `: '${String(params.additionalProperty)}'`;
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues))
    message += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return { pointer: e.instancePath, keyword: e.keyword, message };
}

/** 400 with every schema violation: the message names the first ten, error.details holds up to fifty. */
export function validationAnswer(issues: ValidationIssue[], what: string): Answer {
  const text = issues
    .slice(0, 10)
    .map((i) => `${i.pointer === '' ? '(body)' : i.pointer} ${i.message}`)
    .join('; ');
  const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
  const details: ErrorDetail[] = issues
    .slice(0, 50)
    .map((i) => ({ code: i.keyword, message: i.message, target: i.pointer === '' ? '/' : i.pointer }));
  return errorAnswer(400, `the body is not a valid ${what}: ${text}${more}`, { details });
}

type JsonOutcome = { ok: true; body: JsonObject } | { ok: false; answer: Answer };

/** Content type, size, UTF-8, nesting depth, JSON syntax and "is an object", in that order. */
async function readJsonObject(
  req: IncomingMessage,
  maxBodyBytes: number,
  parse: (text: string) => unknown = JSON.parse,
): Promise<JsonOutcome> {
  const unsupported = requireJson(req);
  if (unsupported) return { ok: false, answer: unsupported };
  const read = await readBody(req, maxBodyBytes);
  if (!read.ok) return read;
  const text = decodeUtf8(read.bytes);
  if (text === undefined) return { ok: false, answer: errorAnswer(400, 'the request body is not valid UTF-8') };
  if (text.trim() === '') return { ok: false, answer: errorAnswer(400, 'the request body is empty') };
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING_DEPTH)
    return {
      ok: false,
      answer: errorAnswer(400, `the JSON nests ${depth} levels deep; at most ${MAX_NESTING_DEPTH} are accepted`),
    };
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return { ok: false, answer: errorAnswer(400, `the request body is not valid JSON: ${(e as Error).message}`) };
  }
  if (!isJsonObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, answer: errorAnswer(400, `the request body must be a JSON object, not ${kind}`) };
  }
  return { ok: true, body: value };
}

/** The type a body names, without '#'. */
export function typeNameOf(body: JsonObject): string | undefined {
  const t = getOwn(body, '@odata.type');
  return typeof t === 'string' && t.replace(/^#/, '') !== '' ? t.replace(/^#/, '') : undefined;
}

const SERVER_SET = ['@odata.type', 'id', 'lastModifiedDateTime'];

/** A copy of obj whose string @odata.type, if any, carries the leading '#'. */
function hashType(obj: JsonObject): JsonObject {
  const t = getOwn(obj, '@odata.type');
  if (typeof t !== 'string' || t.startsWith('#') || t === '') return obj;
  const out = copyOwn(obj);
  setOwn(out, '@odata.type', `#${t}`);
  return out;
}

function mapObjects(value: unknown, fn: (o: JsonObject) => JsonObject): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => (isJsonObject(v) ? fn(v) : v));
  return isJsonObject(value) ? fn(value) : value;
}

/**
 * The server writes its own type annotations: a nested @odata.type sent as 'microsoft.graph.x' (the docs' spelling)
 * comes back as '#microsoft.graph.x', the form OData 4.0 requires and 4.01 prefers, so both strictness profiles
 * accept it. Only the declared complex and navigation properties are touched; annotation values stay as sent.
 */
function hashNestedTypes(entity: JsonObject): JsonObject {
  const out = copyOwn(entity);
  for (const key of ['userCheckinSummary', 'checkinStatuses'])
    if (hasOwn(out, key)) setOwn(out, key, mapObjects(out[key], hashType));
  if (hasOwn(out, 'assignments'))
    setOwn(
      out,
      'assignments',
      mapObjects(out['assignments'], (a) => {
        const assignment = hashType(a);
        if (!hasOwn(assignment, 'target')) return assignment;
        const copy = copyOwn(assignment);
        setOwn(copy, 'target', mapObjects(copy['target'], hashType));
        return copy;
      }),
    );
  return out;
}

/**
 * The created entity: '#'-prefixed @odata.type, server id, every other sent property as sent (nested @odata.type
 * values get their '#'), lastModifiedDateTime.
 */
function buildEntity(body: JsonObject, id: string, at: string): JsonObject {
  const entity: JsonObject = {};
  setOwn(entity, '@odata.type', `#${typeNameOf(body) ?? DEFAULT_TYPE}`);
  setOwn(entity, 'id', id);
  for (const key of Object.keys(body)) if (!SERVER_SET.includes(key)) setOwn(entity, key, body[key]);
  setOwn(entity, 'lastModifiedDateTime', at);
  return hashNestedTypes(entity);
}

/** An entity route may end in a type-cast segment (`cast`, a qualified type name without '#'). */
type Route = { kind: 'collection' } | { kind: 'entity'; id: string; cast?: string };

/**
 * The collection, or one entity by its key: as a segment (`/{id}`, URL Conventions 4.01 section 4.3.6), in
 * parentheses (`('{id}')`) or named (`(id='{id}')`, section 4.3.1), optionally followed by a type-cast segment
 * (section 4.11). A Location written in any of these forms reads the entity.
 */
const ROUTE =
  /^\/officeConfiguration\/clientConfigurations(?:(?:\/([^/]+)|\('([^'/]*)'\)|\(id='([^'/]*)'\))(?:\/([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+))?)?\/?$/i;

/** Types an entity of `type` can be addressed as: itself and its base types. */
function castAllows(type: unknown, cast: string): boolean {
  const own = typeof type === 'string' ? type.replace(/^#/, '') : DEFAULT_TYPE;
  return cast === own || cast === BASE_TYPE || cast === 'microsoft.graph.entity';
}

function matchRoute(pathname: string, basePath: string): Route | undefined {
  let path = pathname;
  if (basePath !== '') {
    if (path !== basePath && !path.startsWith(basePath + '/')) return undefined;
    path = path.slice(basePath.length);
  }
  const m = ROUTE.exec(path);
  if (!m) return undefined;
  const raw = m[1] ?? m[2] ?? m[3];
  if (raw === undefined) return { kind: 'collection' };
  try {
    const id = decodeURIComponent(raw);
    if (id === '') return undefined;
    return m[4] === undefined ? { kind: 'entity', id } : { kind: 'entity', id, cast: m[4] };
  } catch {
    return undefined;
  }
}

/** The service root as the client reached it, e.g. http://127.0.0.1:43123/beta (https:// over TLS). */
function serviceRoot(req: IncomingMessage, basePath: string): string {
  const scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  const host = req.headers.host;
  if (host !== undefined && /^[A-Za-z0-9.\-:[\]]+$/.test(host)) return `${scheme}://${host}${basePath}`;
  const addr = req.socket.localAddress ?? '127.0.0.1';
  const shown = addr.includes(':') ? `[${addr}]` : addr;
  return `${scheme}://${shown}:${req.socket.localPort ?? (scheme === 'https' ? 443 : 80)}${basePath}`;
}

export function entityUrl(root: string, id: string): string {
  return `${root}${COLLECTION_PATH}/${encodeURIComponent(id)}`;
}

/**
 * The context URL (OData JSON Format 4.01 section 10) Graph writes first in a body: the entity set, its `$select`
 * list in parentheses when there is one, and `/$entity` for a single entity, e.g.
 * `https://graph.microsoft.com/beta/$metadata#officeConfiguration/clientConfigurations/$entity`.
 */
export function contextUrl(root: string, single: boolean, select?: SelectList): string {
  const projection = select ? `(${select.names.join(',')})` : '';
  return `${root}/$metadata#${COLLECTION_PATH.slice(1)}${projection}${single ? '/$entity' : ''}`;
}

/** A copy of obj with key first (own property; the rest in their order). */
function withFirst(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out: JsonObject = {};
  setOwn(out, key, value);
  for (const k of Object.keys(obj)) if (k !== key) setOwn(out, k, obj[k]);
  return out;
}

/**
 * An entity cut to a `$select`: the selected properties and their annotations (`name@...`), instance annotations
 * (`@...`, @odata.type among them) and id; all of it for `*`.
 */
function project(entity: JsonObject, select: SelectList | undefined): JsonObject {
  const keep = select?.keep;
  if (!keep) return entity;
  const out: JsonObject = {};
  for (const key of Object.keys(entity)) {
    const at = key.indexOf('@');
    const property = at < 0 ? key : key.slice(0, at);
    if (property === '' || property === 'id' || keep.has(property)) setOwn(out, key, entity[key]);
  }
  return out;
}

function methodNotAllowed(method: string, allow: string): Answer {
  return errorAnswer(405, `${method} is not supported here; use ${allow}`, { headers: { allow } });
}

/** The reference implementation as a node:http request listener. */
export function createReferenceHandler(options: ReferenceOptions = {}): ReferenceHandler {
  const specs = loadSpecs();
  const hooks = options.hooks ?? {};
  const basePath = normaliseBasePath(options.basePath);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new Error(`maxBodyBytes must be a positive integer, got ${String(options.maxBodyBytes)}`);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1)
    throw new Error(`pageSize must be a positive integer, got ${String(options.pageSize)}`);
  const now = options.now ?? (() => new Date());
  const newRequestId = options.newRequestId;
  const store = new EntityStore(options.newId);
  const walker = walkerFor(specs.schemas);
  const queryRules: QueryRules = {
    selectable: new Set(
      Object.keys(walker.properties(walker.typeSchema(BASE_TYPE, 'response', 'officeClientConfiguration'))).filter(
        (k) => !k.includes('@'),
      ),
    ),
    typeName: BASE_TYPE,
    defaultPageSize: pageSize,
  };
  const bearer = createBearerCheck(options.token);
  const standardCreate = (body: JsonObject): ValidationIssue[] => issuesOf(specs.createRequest, body);

  const notFound = (id: string): Answer => errorAnswer(404, `no clientConfiguration has the id '${id}'`);

  /** A timestamp later than `previous` (when given), so every change moves lastModifiedDateTime forward. */
  const stamp = (previous?: unknown): string => {
    let at = now().getTime();
    if (typeof previous === 'string') {
      const before = Date.parse(previous);
      if (Number.isFinite(before) && at <= before) at = before + 1;
    }
    return new Date(at).toISOString();
  };

  async function create(req: IncomingMessage): Promise<Answer> {
    const parsed = await readJsonObject(req, maxBodyBytes, hooks.parseJson);
    if (!parsed.ok) return parsed.answer;
    const body = hooks.preprocessCreate ? hooks.preprocessCreate(parsed.body) : parsed.body;
    const issues = hooks.validateCreate ? hooks.validateCreate(body, standardCreate) : standardCreate(body);
    if (issues.length > 0) return validationAnswer(issues, 'windowsOfficeClientConfiguration create body');
    const intercepted = hooks.interceptCreate?.(body);
    if (intercepted) return intercepted;
    const id = store.allocateId();
    let entity = buildEntity(body, id, stamp());
    if (hooks.shapeEntity) entity = hooks.shapeEntity(entity, body);
    store.insert(id, entity);
    const root = serviceRoot(req, basePath);
    const answer = jsonAnswer(201, withFirst(entity, '@odata.context', contextUrl(root, true)), {
      location: entityUrl(root, id),
    });
    return hooks.shapeCreateAnswer ? hooks.shapeCreateAnswer(answer, { id, entity }) : answer;
  }

  function read(req: IncomingMessage, url: URL, id: string): Answer {
    const query = parseQuery(url.search, 'entity', queryRules);
    if (!query.ok) return query.answer;
    const entity = store.get(id);
    const { select } = query.query;
    const answer = entity
      ? jsonAnswer(
          200,
          withFirst(project(entity, select), '@odata.context', contextUrl(serviceRoot(req, basePath), true, select)),
        )
      : notFound(id);
    return hooks.shapeReadAnswer ? hooks.shapeReadAnswer(answer, id) : answer;
  }

  /** One page of the entity set (query.ts says how paging and the query options work). */
  function list(req: IncomingMessage, url: URL): Answer {
    const parsed = parseQuery(url.search, 'collection', queryRules);
    if (!parsed.ok) return parsed.answer;
    const query = parsed.query;
    const page = store.page(query.after, query.pageSize);
    const root = serviceRoot(req, basePath);
    const body: JsonObject = {};
    setOwn(body, '@odata.context', contextUrl(root, false, query.select));
    if (query.count) setOwn(body, '@odata.count', store.size);
    setOwn(
      body,
      'value',
      page.entities.map((e) => project(e, query.select)),
    );
    if (page.more) setOwn(body, '@odata.nextLink', nextLink(`${root}${COLLECTION_PATH}`, query, page.last));
    return jsonAnswer(200, body);
  }

  async function update(req: IncomingMessage, id: string): Promise<Answer> {
    if (!store.get(id)) return notFound(id);
    const parsed = await readJsonObject(req, maxBodyBytes, hooks.parseJson);
    if (!parsed.ok) return parsed.answer;
    const issues = issuesOf(specs.patchRequest, parsed.body);
    if (issues.length > 0) return validationAnswer(issues, 'officeClientConfiguration update body');
    // Read again: another request may have changed or deleted the entity while this body arrived.
    const current = store.get(id);
    if (!current) return notFound(id);
    const sent = typeNameOf(parsed.body);
    const currentType = typeof current['@odata.type'] === 'string' ? current['@odata.type'].replace(/^#/, '') : '';
    if (sent !== undefined && sent !== BASE_TYPE && sent !== currentType)
      return errorAnswer(400, `an entity's type cannot change (it is ${currentType}, the body names ${sent})`, {
        target: '@odata.type',
      });
    const merged = copyOwn(current);
    for (const key of Object.keys(parsed.body)) if (!SERVER_SET.includes(key)) setOwn(merged, key, parsed.body[key]);
    setOwn(merged, 'lastModifiedDateTime', stamp(current['lastModifiedDateTime']));
    const updated = hashNestedTypes(merged);
    store.replace(id, updated);
    return jsonAnswer(200, withFirst(updated, '@odata.context', contextUrl(serviceRoot(req, basePath), true)));
  }

  async function route(req: IncomingMessage): Promise<Answer> {
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://reference.invalid');
    } catch {
      return errorAnswer(400, 'the request target is not a valid URL');
    }
    const verdict = bearer(req);
    const auth = hooks.authorize ? hooks.authorize(verdict, req) : verdict;
    if (auth !== 'ok')
      return errorAnswer(
        401,
        auth === 'missing'
          ? 'this service needs a bearer token: send Authorization: Bearer <token>'
          : 'the bearer token is not valid',
        { headers: { 'www-authenticate': challenge(auth) } },
      );
    const target = matchRoute(url.pathname, basePath);
    if (!target) return errorAnswer(404, `there is no resource at ${url.pathname}`);
    if (target.kind === 'collection') {
      if (method === 'GET') return list(req, url);
      if (method === 'POST') return create(req);
      return methodNotAllowed(method, 'GET, POST');
    }
    if (target.cast !== undefined) {
      // Through a type cast the entity is reachable only as its own type or a base type; only reads go that way.
      const entity = store.get(target.id);
      if (!entity || !castAllows(entity['@odata.type'], target.cast)) return notFound(target.id);
      if (method !== 'GET') return methodNotAllowed(method, 'GET');
    }
    if (method === 'GET') return read(req, url, target.id);
    if (method === 'PATCH') return update(req, target.id);
    if (method === 'DELETE') return store.delete(target.id) ? { status: 204, headers: {} } : notFound(target.id);
    return methodNotAllowed(method, 'GET, PATCH, DELETE');
  }

  /** What a request addressed, for the shapeAnswer hook (computed only when a variant sets it). */
  function answerContext(req: IncomingMessage): AnswerContext {
    let target: AnswerContext['target'] = { kind: 'none' };
    try {
      target = matchRoute(new URL(req.url ?? '/', 'http://reference.invalid').pathname, basePath) ?? { kind: 'none' };
    } catch {
      // an unparsable URL addresses nothing
    }
    return { req, method: (req.method ?? 'GET').toUpperCase(), root: serviceRoot(req, basePath), target };
  }

  /** Every answer carries request-id and client-request-id; an error also carries them in its innerError. */
  async function handle(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<void> {
    const answer = withRequestIds(await route(req), ids, now);
    const shaped = answer.status >= 400 && hooks.shapeError ? hooks.shapeError(answer) : answer;
    sendAnswer(res, hooks.shapeAnswer ? hooks.shapeAnswer(shaped, answerContext(req)) : shaped);
  }

  const listener: RequestListener = (req, res) => {
    const ids = requestIdsOf(req, newRequestId);
    handle(req, res, ids).catch((e: unknown) => {
      options.log?.(`reference: unexpected error on ${req.method ?? '?'} ${req.url ?? '?'}: ${String(e)}`);
      if (res.headersSent) res.destroy();
      else sendAnswer(res, withRequestIds(errorAnswer(500, 'the server failed unexpectedly'), ids));
    });
  };
  return Object.assign(listener, { store });
}
