/** The collection-bound action updatePriorities: sets the priorities of several configurations at once. */
import type { IncomingMessage } from 'node:http';
import { parameterIssues, validationAnswer } from './body';
import { withOwn } from './entity';
import type { PriorityUpdate, ValidationIssue } from './hooks';
import { errorAnswer, type Answer } from './http';
import type { JsonObject } from './json';
import type { Service } from './service';

export const POLICY_IDS = 'officeConfigurationPolicyIds';
export const PRIORITIES = 'officeConfigurationPriorities';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const isInt32 = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/** Issues of one parameter: not an array, or items that are not of its type. */
function listIssues(value: unknown, name: string, item: (v: unknown) => boolean, what: string): ValidationIssue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [{ pointer: `/${name}`, keyword: 'type', message: 'must be array' }];
  return value.flatMap((v: unknown, i) =>
    item(v) ? [] : [{ pointer: `/${name}/${i}`, keyword: 'type', message: `must be ${what}` }],
  );
}

/**
 * The updates a body asks for, or what is wrong with it. Every problem is a 400, an unknown id among them: the
 * request's target (the action on the collection) exists, so 404 (RFC 9110 section 15.5.5: the target resource was
 * not found) would misname it; an id in the body that names nothing is bad content (section 15.5.1), reported with
 * its pointer like every other body error, and the service changes nothing.
 */
function readUpdates(svc: Service, body: JsonObject): { updates: PriorityUpdate[] } | { issues: ValidationIssue[] } {
  const ids = body[POLICY_IDS];
  const priorities = body[PRIORITIES];
  const issues = [
    ...parameterIssues(body, [POLICY_IDS, PRIORITIES]),
    ...listIssues(ids, POLICY_IDS, (v) => typeof v === 'string', 'string'),
    ...listIssues(priorities, PRIORITIES, isInt32, `an Int32 (an integer from ${INT32_MIN} to ${INT32_MAX})`),
  ];
  if (issues.length > 0 || !Array.isArray(ids) || !Array.isArray(priorities)) return { issues };
  if (ids.length !== priorities.length)
    issues.push({
      pointer: '',
      keyword: 'pairs',
      message: `${POLICY_IDS} has ${ids.length} item(s) and ${PRIORITIES} ${priorities.length}: they must pair up`,
    });
  const first = new Map<string, number>();
  ids.forEach((id: string, i) => {
    const pointer = `/${POLICY_IDS}/${i}`;
    const earlier = first.get(id);
    if (earlier !== undefined)
      issues.push({ pointer, keyword: 'uniqueItems', message: `names '${id}' again (as /${POLICY_IDS}/${earlier})` });
    else first.set(id, i);
    if (!svc.store.get(id))
      issues.push({ pointer, keyword: 'exists', message: `no clientConfiguration has the id '${id}'` });
  });
  if (issues.length > 0) return { issues };
  return { updates: ids.map((id: string, i) => ({ id, priority: priorities[i] as number })) };
}

/** With priority clashes refused: the 409 when, after the updates, a configuration they name shares its priority. */
function clashAfter(svc: Service, updates: ReadonlyArray<PriorityUpdate>): Answer | undefined {
  if (!svc.refuseClash) return undefined;
  const after = new Map<string, unknown>(svc.store.list().map((e) => [String(e['id']), e['priority']]));
  for (const u of updates) after.set(u.id, u.priority);
  for (const u of updates)
    for (const [id, priority] of after)
      if (id !== u.id && priority === u.priority)
        return errorAnswer(
          409,
          `the priority ${u.priority} given to '${u.id}' is the priority of clientConfiguration '${id}'; priorities must be unique`,
          { target: PRIORITIES },
        );
  return undefined;
}

/**
 * POST C/updatePriorities: the two lists pair ids with priorities; every pair is checked before any is applied, and
 * all are applied together (on Node's one thread nothing runs in between), so swapping two priorities works. A
 * configuration whose priority changes gets a new lastModifiedDateTime. 204 No Content (the OpenAPI slice; the page
 * says 200, a variant shows it).
 */
export async function updatePriorities(svc: Service, req: IncomingMessage): Promise<Answer> {
  const parsed = await svc.readBody(req);
  if (!parsed.ok) return parsed.answer;
  const read = readUpdates(svc, parsed.body);
  if ('issues' in read) return validationAnswer(read.issues, 'updatePriorities body');
  const updates = svc.hooks.shapePriorityUpdates ? svc.hooks.shapePriorityUpdates(read.updates) : read.updates;
  const clash = clashAfter(svc, updates);
  if (clash) return clash;
  for (const { id, priority } of updates) {
    const entity = svc.store.get(id);
    if (!entity || entity['priority'] === priority) continue;
    const changed = withOwn(entity, 'priority', priority);
    svc.store.replace(id, withOwn(changed, 'lastModifiedDateTime', svc.stamp(entity['lastModifiedDateTime'])));
  }
  return { status: 204, headers: {} };
}
