/** How the reference writes configurations and assignments: built from bodies, annotated, projected, addressed. */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { copyOwn, getOwn, hasOwn, isJsonObject, setOwn, type JsonObject } from './json';
import type { SelectList } from './query';

/** The entity set's path below the service root. */
export const COLLECTION_PATH = '/officeConfiguration/clientConfigurations';
/** Used only when a body that skipped validation (a mutant) names no type. */
export const DEFAULT_TYPE = 'microsoft.graph.windowsOfficeClientConfiguration';
export const BASE_TYPE = 'microsoft.graph.officeClientConfiguration';
export const ASSIGNMENT_TYPE = 'microsoft.graph.officeClientConfigurationAssignment';

/** Properties the server sets: a body's values for them are ignored on create and PATCH. */
export const SERVER_SET: ReadonlyArray<string> = ['@odata.type', 'id', 'lastModifiedDateTime'];

/** The type a body names, without '#'. */
export function typeNameOf(body: JsonObject): string | undefined {
  const t = getOwn(body, '@odata.type');
  return typeof t === 'string' && t.replace(/^#/, '') !== '' ? t.replace(/^#/, '') : undefined;
}

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

/** An assignment with its own and its target's @odata.type '#'-prefixed. */
function hashAssignmentTypes(a: JsonObject): JsonObject {
  const assignment = hashType(a);
  if (!hasOwn(assignment, 'target')) return assignment;
  const copy = copyOwn(assignment);
  setOwn(copy, 'target', mapObjects(copy['target'], hashType));
  return copy;
}

/**
 * The server writes its own type annotations: a nested @odata.type sent as 'microsoft.graph.x' (the docs' spelling)
 * comes back as '#microsoft.graph.x', the form OData 4.0 requires and 4.01 prefers, so both strictness profiles
 * accept it. Only the declared complex and navigation properties are touched; annotation values stay as sent.
 */
export function hashNestedTypes(entity: JsonObject): JsonObject {
  const out = copyOwn(entity);
  for (const key of ['userCheckinSummary', 'checkinStatuses'])
    if (hasOwn(out, key)) setOwn(out, key, mapObjects(out[key], hashType));
  if (hasOwn(out, 'assignments')) setOwn(out, 'assignments', mapObjects(out['assignments'], hashAssignmentTypes));
  return out;
}

/**
 * The created entity: '#'-prefixed @odata.type, server id, every other sent property as sent (nested @odata.type
 * values get their '#'), lastModifiedDateTime. Assignments sent inline (a deep insert) are kept as they come; the
 * caller gives them ids.
 */
export function buildEntity(body: JsonObject, id: string, at: string): JsonObject {
  const entity: JsonObject = {};
  setOwn(entity, '@odata.type', `#${typeNameOf(body) ?? DEFAULT_TYPE}`);
  setOwn(entity, 'id', id);
  for (const key of Object.keys(body)) if (!SERVER_SET.includes(key)) setOwn(entity, key, body[key]);
  setOwn(entity, 'lastModifiedDateTime', at);
  return hashNestedTypes(entity);
}

/**
 * A stored assignment: its @odata.type when the body names one ('#'-prefixed), the server's id, every other property
 * as sent (the target's @odata.type '#'-prefixed). A client's `id` is ignored, as on a configuration.
 */
export function buildAssignment(body: JsonObject, id: string): JsonObject {
  const out: JsonObject = {};
  if (hasOwn(body, '@odata.type')) setOwn(out, '@odata.type', body['@odata.type']);
  setOwn(out, 'id', id);
  for (const key of Object.keys(body)) if (key !== 'id' && key !== '@odata.type') setOwn(out, key, body[key]);
  return hashAssignmentTypes(out);
}

/** The assignment objects of a configuration (a value that is no array, or items that are no objects, count as none). */
export function assignmentsOf(entity: JsonObject): JsonObject[] {
  const list = getOwn(entity, 'assignments');
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/** A copy of obj with key first (own property; the rest in their order). */
export function withFirst(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out: JsonObject = {};
  setOwn(out, key, value);
  for (const k of Object.keys(obj)) if (k !== key) setOwn(out, k, obj[k]);
  return out;
}

/** A copy of obj with key set to value (own property, key order kept; a new key goes last). */
export function withOwn(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out = copyOwn(obj);
  setOwn(out, key, value);
  return out;
}

/**
 * An entity cut to a `$select`: the selected properties and their annotations (`name@...`), instance annotations
 * (`@...`, @odata.type among them) and id; all of it for `*`.
 */
export function project(entity: JsonObject, select: SelectList | undefined): JsonObject {
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

/** Types an entity of `type` can be addressed as: itself and its base types. */
export function castAllows(type: unknown, cast: string): boolean {
  const own = typeof type === 'string' ? type.replace(/^#/, '') : DEFAULT_TYPE;
  return cast === own || cast === BASE_TYPE || cast === 'microsoft.graph.entity';
}

/** The service root as the client reached it, e.g. http://127.0.0.1:43123/beta (https:// over TLS). */
export function serviceRoot(req: IncomingMessage, basePath: string): string {
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

/** The URL of a configuration's assignments, or of one of them. */
export function assignmentsUrl(root: string, id: string, assignmentId?: string): string {
  const base = `${entityUrl(root, id)}/assignments`;
  return assignmentId === undefined ? base : `${base}/${encodeURIComponent(assignmentId)}`;
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

/** A key as a string literal in a URL: percent-encoded, in single quotes, a quote doubled (URL Conventions 4.3.1). */
const keyLiteral = (id: string): string => `'${encodeURIComponent(id).replace(/'/g, "''")}'`;

/**
 * The context URL of a configuration's assignments (JSON Format 4.01 section 10.5, a contained navigation:
 * `#officeConfiguration/clientConfigurations('{id}')/assignments`), with `/$entity` for one assignment.
 */
export function assignmentsContextUrl(root: string, id: string, single: boolean, select?: SelectList): string {
  const projection = select ? `(${select.names.join(',')})` : '';
  return `${root}/$metadata#${COLLECTION_PATH.slice(1)}(${keyLiteral(id)})/assignments${projection}${single ? '/$entity' : ''}`;
}

/** The context URL of an action's collection result (JSON Format 4.01 section 10.14: `#Collection(type)`). */
export function collectionOfContextUrl(root: string, type: string): string {
  return `${root}/$metadata#Collection(${type})`;
}
