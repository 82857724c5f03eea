/**
 * A configuration's assignments: the contained navigation (list, create, get, PATCH, DELETE one) and the bound
 * action assign, which replaces them all. They are stored inside the configuration (store.ts).
 */
import type { IncomingMessage } from 'node:http';
import { parameterIssues, validationAnswer } from './body';
import { forgetGone, newAssignments } from './configurations';
import {
  ASSIGNMENT_TYPE,
  assignmentsContextUrl,
  assignmentsOf,
  assignmentsUrl,
  buildAssignment,
  collectionOfContextUrl,
  project,
  withFirst,
  withOwn,
} from './entity';
import type { ValidationIssue } from './hooks';
import { jsonAnswer, type Answer } from './http';
import { copyOwn, setOwn, type JsonObject } from './json';
import { nextLink, parseQuery } from './query';
import { assignmentNotFound, notFound, type Service } from './service';

/** The assign action's one parameter. */
export const ASSIGN_PARAMETER = 'officeConfigurationAssignments';

type Found = { ok: true; entity: JsonObject; list: JsonObject[]; index: number } | { ok: false; answer: Answer };

/** The configuration and the place of one of its assignments, or the 404 for whichever is missing. */
function findAssignment(svc: Service, id: string, assignmentId: string): Found {
  const entity = svc.store.get(id);
  if (!entity) return { ok: false, answer: notFound(id) };
  const list = assignmentsOf(entity);
  const index = list.findIndex((a) => a['id'] === assignmentId);
  if (index < 0) return { ok: false, answer: assignmentNotFound(id, assignmentId) };
  return { ok: true, entity, list, index };
}

/** GET {id}/assignments: one page of them, as the collection pages ($top, $skiptoken, $select, $count). */
export function listAssignments(svc: Service, req: IncomingMessage, url: URL, id: string): Answer {
  const parsed = parseQuery(url.search, 'collection', svc.assignmentRules);
  if (!parsed.ok) return parsed.answer;
  const entity = svc.store.get(id);
  if (!entity) return notFound(id);
  const query = parsed.query;
  const all = assignmentsOf(entity);
  const page = svc.store.assignmentPage(all, query.after, query.pageSize);
  const root = svc.root(req);
  const body: JsonObject = {};
  setOwn(body, '@odata.context', assignmentsContextUrl(root, id, false, query.select));
  if (query.count) setOwn(body, '@odata.count', all.length);
  setOwn(
    body,
    'value',
    page.assignments.map((a) => project(a, query.select)),
  );
  if (page.more) setOwn(body, '@odata.nextLink', nextLink(assignmentsUrl(root, id), query, page.last));
  return jsonAnswer(200, body);
}

/** POST {id}/assignments: 201 with the assignment (server id) and its Location. */
export async function createAssignment(svc: Service, req: IncomingMessage, id: string): Promise<Answer> {
  if (!svc.store.get(id)) return notFound(id);
  const parsed = await svc.readBody(req);
  if (!parsed.ok) return parsed.answer;
  const issues = svc.validateAssignmentCreate(parsed.body);
  if (issues.length > 0) return validationAnswer(issues, 'officeClientConfigurationAssignment');
  const current = svc.store.get(id);
  if (!current) return notFound(id);
  const assignmentId = svc.store.allocateAssignmentId();
  const assignment = buildAssignment(parsed.body, assignmentId);
  const stored = svc.hooks.shapeCreatedAssignment ? svc.hooks.shapeCreatedAssignment(assignment) : assignment;
  svc.store.replace(id, withOwn(current, 'assignments', [...assignmentsOf(current), stored]));
  const root = svc.root(req);
  return jsonAnswer(201, withFirst(assignment, '@odata.context', assignmentsContextUrl(root, id, true)), {
    location: assignmentsUrl(root, id, assignmentId),
  });
}

/** GET {id}/assignments/{assignmentId} ($select allowed). */
export function readAssignment(svc: Service, req: IncomingMessage, url: URL, id: string, assignmentId: string): Answer {
  const query = parseQuery(url.search, 'entity', svc.assignmentRules);
  if (!query.ok) return query.answer;
  const found = findAssignment(svc, id, assignmentId);
  if (!found.ok) return found.answer;
  const { select } = query.query;
  const assignment = found.list[found.index] as JsonObject;
  const context = assignmentsContextUrl(svc.root(req), id, true, select);
  return jsonAnswer(200, withFirst(project(assignment, select), '@odata.context', context));
}

/** PATCH {id}/assignments/{assignmentId}: validated, merged (a body id ignored, as on a configuration), 200. */
export async function updateAssignment(
  svc: Service,
  req: IncomingMessage,
  id: string,
  assignmentId: string,
): Promise<Answer> {
  const before = findAssignment(svc, id, assignmentId);
  if (!before.ok) return before.answer;
  const parsed = await svc.readBody(req);
  if (!parsed.ok) return parsed.answer;
  const issues = svc.validateAssignment(parsed.body);
  if (issues.length > 0) return validationAnswer(issues, 'officeClientConfigurationAssignment update body');
  const found = findAssignment(svc, id, assignmentId);
  if (!found.ok) return found.answer;
  const current = found.list[found.index] as JsonObject;
  const changed = copyOwn(current);
  for (const key of Object.keys(parsed.body)) if (key !== 'id') setOwn(changed, key, parsed.body[key]);
  const merged = buildAssignment(changed, assignmentId);
  const stored = svc.hooks.shapePatchedAssignment ? svc.hooks.shapePatchedAssignment(merged, current) : merged;
  const list = found.list.map((a, i) => (i === found.index ? stored : a));
  svc.store.replace(id, withOwn(found.entity, 'assignments', list));
  return jsonAnswer(200, withFirst(merged, '@odata.context', assignmentsContextUrl(svc.root(req), id, true)));
}

/** DELETE {id}/assignments/{assignmentId}: 204. */
export function deleteAssignment(svc: Service, id: string, assignmentId: string): Answer {
  const found = findAssignment(svc, id, assignmentId);
  if (!found.ok) return found.answer;
  const gone = found.list[found.index] as JsonObject;
  svc.store.replace(
    id,
    withOwn(
      found.entity,
      'assignments',
      found.list.filter((_, i) => i !== found.index),
    ),
  );
  svc.store.forgetAssignments([gone]);
  return { status: 204, headers: {} };
}

/** What is wrong with an assign body: a property that is no parameter, the list missing or not a list, a bad item. */
function assignIssues(svc: Service, body: JsonObject): ValidationIssue[] {
  const issues = parameterIssues(body, [ASSIGN_PARAMETER]);
  const items = body[ASSIGN_PARAMETER];
  if (items === undefined) return issues;
  if (!Array.isArray(items))
    return [...issues, { pointer: `/${ASSIGN_PARAMETER}`, keyword: 'type', message: 'must be array' }];
  items.forEach((item: unknown, i) => {
    for (const issue of svc.validateAssignment(item))
      issues.push({ ...issue, pointer: `/${ASSIGN_PARAMETER}/${i}${issue.pointer}` });
  });
  return issues;
}

/**
 * POST {id}/assign: the list given REPLACES the configuration's assignments (the assign page: the action takes the
 * full list), each item created with a server id; 200 with the new assignments as an OData collection.
 */
export async function assign(svc: Service, req: IncomingMessage, id: string): Promise<Answer> {
  if (!svc.store.get(id)) return notFound(id);
  const parsed = await svc.readBody(req);
  if (!parsed.ok) return parsed.answer;
  const issues = assignIssues(svc, parsed.body);
  if (issues.length > 0) return validationAnswer(issues, 'assign body');
  const current = svc.store.get(id);
  if (!current) return notFound(id);
  const replaced = assignmentsOf(current);
  const assigned = newAssignments(svc, parsed.body[ASSIGN_PARAMETER]);
  const stored = svc.hooks.shapeAssigned ? svc.hooks.shapeAssigned(assigned, replaced) : assigned;
  svc.store.replace(id, withOwn(current, 'assignments', stored));
  forgetGone(svc.store, [...replaced, ...assigned], stored);
  const body: JsonObject = {};
  setOwn(body, '@odata.context', collectionOfContextUrl(svc.root(req), ASSIGNMENT_TYPE));
  setOwn(body, 'value', assigned);
  return jsonAnswer(200, body);
}
