/** The operations on configurations: create, list, get, PATCH and DELETE. */
import type { IncomingMessage } from 'node:http';
import { validationAnswer } from './body';
import {
  assignmentsOf,
  BASE_TYPE,
  buildAssignment,
  buildEntity,
  COLLECTION_PATH,
  contextUrl,
  entityUrl,
  hashNestedTypes,
  project,
  SERVER_SET,
  typeNameOf,
  withFirst,
} from './entity';
import { errorAnswer, jsonAnswer, type Answer } from './http';
import { copyOwn, getOwn, isJsonObject, setOwn, type JsonObject } from './json';
import { nextLink, parseQuery, preferredPageSize } from './query';
import { notFound, type Service } from './service';
import type { EntityStore } from './store';

/**
 * When the service refuses priority clashes (ReferenceOptions.priorityClash 'refuse'): the 409 for a priority
 * another live configuration than `except` has. The reference stores clashes as sent: the resource pages' "should
 * be unique" is a recommendation (RFC 2119 SHOULD), not a rule a create or PATCH must be refused by.
 */
export function clashAnswer(svc: Service, priority: unknown, except?: string): Answer | undefined {
  if (!svc.refuseClash || typeof priority !== 'number') return undefined;
  const other = svc.store.list().find((e) => e['priority'] === priority && e['id'] !== except);
  if (!other) return undefined;
  return errorAnswer(
    409,
    `the priority ${priority} is the priority of clientConfiguration '${String(other['id'])}' already; priorities must be unique`,
    { target: 'priority' },
  );
}

/** Forgets the positions of the assignments in `before` that `after` no longer holds. */
export function forgetGone(store: EntityStore, before: JsonObject[], after: JsonObject[]): void {
  const kept = new Set(after.map((a) => a['id']));
  store.forgetAssignments(before.filter((a) => !kept.has(a['id'])));
}

/** New assignments, one per object item of `items`, each with a server id (a client's id is ignored). */
export function newAssignments(svc: Service, items: unknown): JsonObject[] {
  return (Array.isArray(items) ? items : [])
    .filter(isJsonObject)
    .map((item) => buildAssignment(item, svc.store.allocateAssignmentId()));
}

/**
 * Assignments sent inline with a create (a deep insert, OData 4.01 Protocol 11.4.2.2) are created with it: each gets
 * a server id, so the assignments navigation can address it. Anything else under `assignments` (only a mutant that
 * skips validation lets it through) is kept as sent.
 */
function withAssignmentIds(svc: Service, entity: JsonObject): JsonObject {
  const list = getOwn(entity, 'assignments');
  if (!Array.isArray(list)) return entity;
  const out = copyOwn(entity);
  setOwn(
    out,
    'assignments',
    list.map((item: unknown) => (isJsonObject(item) ? buildAssignment(item, svc.store.allocateAssignmentId()) : item)),
  );
  return out;
}

export async function create(svc: Service, req: IncomingMessage): Promise<Answer> {
  const { hooks, store } = svc;
  const parsed = await svc.readBody(req);
  if (!parsed.ok) return parsed.answer;
  const body = hooks.preprocessCreate ? hooks.preprocessCreate(parsed.body) : parsed.body;
  const issues = hooks.validateCreate ? hooks.validateCreate(body, svc.validateCreate) : svc.validateCreate(body);
  if (issues.length > 0) return validationAnswer(issues, 'windowsOfficeClientConfiguration create body');
  const intercepted = hooks.interceptCreate?.(body) ?? clashAnswer(svc, getOwn(body, 'priority'));
  if (intercepted) return intercepted;
  const id = store.allocateId();
  let entity = withAssignmentIds(svc, buildEntity(body, id, svc.stamp()));
  if (hooks.shapeEntity) entity = hooks.shapeEntity(entity, body);
  store.insert(id, entity);
  const root = svc.root(req);
  const answer = jsonAnswer(201, withFirst(entity, '@odata.context', contextUrl(root, true)), {
    location: entityUrl(root, id),
  });
  return hooks.shapeCreateAnswer ? hooks.shapeCreateAnswer(answer, { id, entity }) : answer;
}

export function read(svc: Service, req: IncomingMessage, url: URL, id: string): Answer {
  const query = parseQuery(url.search, 'entity', svc.configurationRules);
  if (!query.ok) return query.answer;
  const entity = svc.store.get(id);
  const { select } = query.query;
  const answer = entity
    ? jsonAnswer(200, withFirst(project(entity, select), '@odata.context', contextUrl(svc.root(req), true, select)))
    : notFound(id);
  return svc.hooks.shapeReadAnswer ? svc.hooks.shapeReadAnswer(answer, id) : answer;
}

/** One page of the entity set (query.ts says how paging and the query options work). */
export function list(svc: Service, req: IncomingMessage, url: URL): Answer {
  const parsed = parseQuery(url.search, 'collection', svc.configurationRules);
  if (!parsed.ok) return parsed.answer;
  const query = parsed.query;
  // A smaller page asked for with Prefer (and no $top) is applied, and the answer says so (Preference-Applied).
  const preferred = query.topGiven ? undefined : preferredPageSize(req.headers['prefer']);
  const pageSize = preferred !== undefined ? Math.min(preferred, query.pageSize) : query.pageSize;
  const page = svc.store.page(query.after, pageSize);
  const root = svc.root(req);
  const body: JsonObject = {};
  setOwn(body, '@odata.context', contextUrl(root, false, query.select));
  if (query.count) setOwn(body, '@odata.count', svc.store.size);
  setOwn(
    body,
    'value',
    page.entities.map((e) => project(e, query.select)),
  );
  if (page.more) setOwn(body, '@odata.nextLink', nextLink(`${root}${COLLECTION_PATH}`, query, page.last));
  return jsonAnswer(
    200,
    body,
    preferred !== undefined ? { 'preference-applied': `odata.maxpagesize=${pageSize}` } : {},
  );
}

/** 400 when a PATCH body names a type the entity is not (its own type and the base type are fine). */
function typeChange(current: JsonObject, body: JsonObject): Answer | undefined {
  const sent = typeNameOf(body);
  const currentType = typeof current['@odata.type'] === 'string' ? current['@odata.type'].replace(/^#/, '') : '';
  if (sent === undefined || sent === BASE_TYPE || sent === currentType) return undefined;
  return errorAnswer(400, `an entity's type cannot change (it is ${currentType}, the body names ${sent})`, {
    target: '@odata.type',
  });
}

/**
 * The entity a PATCH leaves: the named properties replaced, every other kept, lastModifiedDateTime set anew.
 *
 * - `id`, `lastModifiedDateTime` and `@odata.type` in the body are ignored, not refused: OData 4.01 Protocol 11.4.3
 *   says key and read-only (computed) properties may be left out of an update and that a service ignores the
 *   values a request gives them (both are readOnly in the schemas; the type is checked by typeChange).
 * - `assignments` (the navigation) replaces the configuration's assignments, each given a server id, as assign does
 *   (OData 4.01 Protocol 11.4.3.1: a nested collection in an update is the full set of related entities).
 */
function mergePatch(svc: Service, current: JsonObject, body: JsonObject): JsonObject {
  const merged = copyOwn(current);
  for (const key of Object.keys(body)) {
    if (SERVER_SET.includes(key)) continue;
    setOwn(merged, key, key === 'assignments' ? newAssignments(svc, body[key]) : body[key]);
  }
  setOwn(merged, 'lastModifiedDateTime', svc.stamp(current['lastModifiedDateTime']));
  return hashNestedTypes(merged);
}

/**
 * PATCH: validated against the base type's request schema, merged (only the named properties change), answered 200
 * with the entity (the update page; OData 4.01 Protocol 11.4.3 allows 204 too, a variant shows it).
 */
export async function update(svc: Service, req: IncomingMessage, id: string): Promise<Answer> {
  if (!svc.store.get(id)) return notFound(id);
  const parsed = await svc.readBody(req);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.body;
  const issues = svc.validatePatch(body);
  if (issues.length > 0) return validationAnswer(issues, 'officeClientConfiguration update body');
  // Read again: another request may have changed or deleted the entity while this body arrived.
  const current = svc.store.get(id);
  if (!current) return notFound(id);
  const refused =
    typeChange(current, body) ??
    svc.hooks.interceptPatch?.(body, current) ??
    clashAnswer(svc, getOwn(body, 'priority'), id);
  if (refused) return refused;
  const merged = mergePatch(svc, current, body);
  const stored = svc.hooks.shapePatchedEntity
    ? svc.hooks.shapePatchedEntity(merged, { id, before: current, body })
    : merged;
  svc.store.replace(id, stored);
  forgetGone(svc.store, assignmentsOf(current), assignmentsOf(stored));
  return jsonAnswer(200, withFirst(merged, '@odata.context', contextUrl(svc.root(req), true)));
}

/** DELETE: 204, and the configuration is gone with its assignments. */
export function remove(svc: Service, id: string): Answer {
  const entity = svc.store.get(id);
  if (!entity) return notFound(id);
  const intercepted = svc.hooks.interceptDelete?.(id, entity);
  if (intercepted) return intercepted;
  svc.store.delete(id);
  svc.store.forgetAssignments(assignmentsOf(entity));
  return { status: 204, headers: {} };
}
