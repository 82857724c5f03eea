/**
 * Commands on a configuration's assignments: the assign action (replaces them all) and the assignments navigation
 * (create, list, PATCH, DELETE one). Assignments are compared by the group they target: their ids are the server's.
 */
import { asObject, type Finding, type LifecycleRuleId } from '../../checks/types';
import { keepOnly, LifecycleClient, MAX_KEPT_PAGE_CHARS, type Step } from './client';
import { idOf, type Command } from './config-commands';
import { expectSchema, expectStatus, fail, type Env } from './judging';
import { MAX_ASSIGNMENTS, pickConfig, type AssignmentModel, type ConfigModel, type Model } from './model';

const ASSIGNMENT_TYPE = '#microsoft.graph.officeClientConfigurationAssignment';
const GROUP_TARGET_TYPE = '#microsoft.graph.officeConfigurationGroupAssignmentTarget';

export const assignmentBody = (groupId: string): Record<string, unknown> => ({
  '@odata.type': ASSIGNMENT_TYPE,
  target: { '@odata.type': GROUP_TARGET_TYPE, groupId },
});

/** Items of an assignments page a step keeps (a configuration of a sequence has at most MAX_ASSIGNMENTS). */
const KEPT_ASSIGNMENTS = 10;

const groupOf = (item: unknown): unknown => asObject(asObject(item)?.['target'])?.['groupId'];

const assignmentsPath = (env: Env, cfg: ConfigModel): string =>
  `${LifecycleClient.configPath(idOf(env, cfg))}/assignments`;

/** What differs between two lists of group ids taken as multisets. */
function multisetDifferences(expected: readonly string[], got: readonly unknown[], what: string): Finding[] {
  const left = [...got];
  const missing: string[] = [];
  for (const g of expected) {
    const i = left.indexOf(g);
    if (i < 0) missing.push(g);
    else left.splice(i, 1);
  }
  if (missing.length === 0 && left.length === 0) return [];
  return [
    {
      message: `${what}: expected the groups [${expected.join(', ')}], got [${got.map(String).join(', ')}]`,
      expected: [...expected],
      actual: [...got],
    },
  ];
}

/** Reads the assignments (every page) until they are `expected`; fails `rule` when they never are. */
async function expectAssignments(env: Env, cfg: ConfigModel, rule: LifecycleRuleId, what: string): Promise<void> {
  const expected = cfg.assignments.map((a) => a.groupId);
  const read = async (): Promise<{ last: Step; groups: unknown[]; endless?: string }> => {
    const groups: unknown[] = [];
    // Each page's groups are taken as it comes; the step keeps its first items only (a hostile list's pages must
    // not pile up in memory), and those are what the schema judges.
    const onPage = (step: Step): void => {
      const items = asObject(step.response.json)?.['value'];
      if (!Array.isArray(items)) return;
      groups.push(...items.map(groupOf));
      if (items.length > KEPT_ASSIGNMENTS || step.response.text.length > MAX_KEPT_PAGE_CHARS) {
        const body = asObject(step.response.json) ?? {};
        const left = items.length - KEPT_ASSIGNMENTS;
        keepOnly(
          step,
          { ...body, value: items.slice(0, KEPT_ASSIGNMENTS) },
          left > 0 ? `${left} more items of this page left out` : undefined,
        );
      }
    };
    const label = `list assignments #${cfg.ref}`;
    const { steps, endless } = await env.client.pages(label, assignmentsPath(env, cfg), undefined, {}, onPage);
    for (const step of steps) {
      expectStatus(env, step, [200], 'a list of assignments', rule);
      expectSchema(env, step, env.specs.assignmentCollection, 'a list of assignments');
    }
    return { last: steps[steps.length - 1] as Step, groups, ...(endless ? { endless } : {}) };
  };
  const agrees = (r: { groups: unknown[]; endless?: string }): boolean =>
    !r.endless && multisetDifferences(expected, r.groups, what).length === 0;
  const got = await env.client.settle(read, agrees, rule);
  // Judged only now: every page answered 200 (one that did not failed lifecycle-status instead).
  env.judged.add(rule);
  if (got.endless) fail(rule, got.last, [{ message: `${what}: the list of assignments: ${got.endless}` }]);
  const diff = multisetDifferences(expected, got.groups, what);
  if (diff.length > 0) fail(rule, got.last, diff);
}

export class Assign implements Command {
  constructor(
    readonly pick: number,
    readonly groups: readonly string[],
  ) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const body = { officeConfigurationAssignments: this.groups.map(assignmentBody) };
    const base = LifecycleClient.configPath(idOf(env, cfg));
    const { step, unrouted } = await env.actions.send(env.client, 'assign', `assign #${cfg.ref}`, base, body);
    const what = unrouted ? `assign (no documented URL is answered: ${unrouted})` : 'assign';
    expectStatus(env, step, [200], what, 'lifecycle-assign');
    expectSchema(env, step, env.specs.assignResponse, 'the assign answer');
    const items = asObject(step.response.json)?.['value'];
    const values = Array.isArray(items) ? items : [];
    env.judged.add('lifecycle-assign');
    const answered = multisetDifferences(this.groups, values.map(groupOf), 'the assign answer');
    if (answered.length > 0) fail('lifecycle-assign', step, answered);
    cfg.assignments = this.groups.map((groupId) => ({ ref: m.nextRef++, groupId }));
    // The ids the answer gave, matched by group (each answer item used once).
    const left = [...values];
    for (const a of cfg.assignments) {
      const i = left.findIndex((v) => groupOf(v) === a.groupId);
      const id = asObject(left[i])?.['id'];
      if (typeof id === 'string') env.assignmentIds.set(a.ref, id);
      if (i >= 0) left.splice(i, 1);
    }
    await expectAssignments(env, cfg, 'lifecycle-assign', `after assign, the assignments of #${cfg.ref}`);
  }

  toString = (): string => `assign (pick ${this.pick}) ${this.groups.length} group(s)`;
}

export class ListAssignments implements Command {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    await expectAssignments(env, cfg, 'lifecycle-assignments', `the assignments of #${cfg.ref}`);
  }

  toString = (): string => `list assignments (pick ${this.pick})`;
}

export class CreateAssignment implements Command {
  constructor(
    readonly pick: number,
    readonly groupId: string,
  ) {}
  check = (m: Readonly<Model>): boolean => m.live.length > 0;

  async run(m: Model, env: Env): Promise<void> {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    if (cfg.assignments.length >= MAX_ASSIGNMENTS) return;
    const step = await env.client.send(
      `create assignment on #${cfg.ref}`,
      'POST',
      assignmentsPath(env, cfg),
      assignmentBody(this.groupId),
    );
    expectStatus(env, step, [201], 'a create of an assignment', 'lifecycle-assignments');
    expectSchema(env, step, env.specs.assignment, 'the 201 body');
    env.judged.add('lifecycle-assignments');
    const got = groupOf(step.response.json);
    if (got !== this.groupId)
      fail('lifecycle-assignments', step, [
        {
          message: 'the created assignment names another group',
          pointer: '/target/groupId',
          expected: this.groupId,
          actual: got,
        },
      ]);
    const a: AssignmentModel = { ref: m.nextRef++, groupId: this.groupId };
    cfg.assignments.push(a);
    const id = asObject(step.response.json)?.['id'];
    if (typeof id !== 'string') return;
    env.assignmentIds.set(a.ref, id);
    // Read-your-writes at once: what the 201 showed must be what is stored (a replica may lag: read waits).
    const path = `${assignmentsPath(env, cfg)}/${encodeURIComponent(id)}`;
    const label = `get assignment of #${cfg.ref}`;
    const read = await env.client.read(label, path, (r) => groupOf(r.json) === this.groupId, 'lifecycle-assignments');
    expectStatus(env, read, [200], 'a GET of an assignment just created', 'lifecycle-assignments');
    if (groupOf(read.response.json) !== this.groupId)
      fail('lifecycle-assignments', read, [
        {
          message: 'the assignment just created reads back with another group (or none)',
          pointer: '/target/groupId',
          expected: this.groupId,
          actual: groupOf(read.response.json),
        },
      ]);
  }

  toString = (): string => `create assignment (pick ${this.pick})`;
}

/** The assignment a pick names on a configuration, with its id, or undefined when it has none (or no id). */
function pickAssignment(env: Env, cfg: ConfigModel, pick: number): { a: AssignmentModel; path: string } | undefined {
  if (cfg.assignments.length === 0) return undefined;
  const a = cfg.assignments[pick % cfg.assignments.length] as AssignmentModel;
  const id = env.assignmentIds.get(a.ref);
  return id === undefined ? undefined : { a, path: `${assignmentsPath(env, cfg)}/${encodeURIComponent(id)}` };
}

/** A command on one assignment of one configuration: both picked (modulo) from the model when it runs. */
abstract class OneAssignment implements Command {
  constructor(
    readonly pick: number,
    readonly pickAssignment: number,
  ) {}
  check = (m: Readonly<Model>): boolean => m.live.some((c) => c.assignments.length > 0);
  abstract run(m: Model, env: Env): Promise<void>;

  /** The configuration and assignment the picks name, or undefined when that configuration has none. */
  protected picked(m: Model, env: Env): { cfg: ConfigModel; a: AssignmentModel; path: string } | undefined {
    const cfg = pickConfig(m, this.pick) as ConfigModel;
    const target = pickAssignment(env, cfg, this.pickAssignment);
    return target && { cfg, ...target };
  }
}

export class PatchAssignment extends OneAssignment {
  constructor(
    pick: number,
    pickAssignment: number,
    readonly groupId: string,
  ) {
    super(pick, pickAssignment);
  }

  override async run(m: Model, env: Env): Promise<void> {
    const target = this.picked(m, env);
    if (!target) return;
    const { cfg } = target;
    const body = { target: assignmentBody(this.groupId)['target'] };
    const step = await env.client.send(`patch assignment of #${cfg.ref}`, 'PATCH', target.path, body);
    expectStatus(env, step, [200, 204], 'a PATCH of an assignment', 'lifecycle-assignments');
    target.a.groupId = this.groupId;
    env.judged.add('lifecycle-assignments');
    const read = await env.client.read(
      `get assignment of #${cfg.ref}`,
      target.path,
      (r) => groupOf(r.json) === this.groupId,
      'lifecycle-assignments',
    );
    expectStatus(env, read, [200], 'a GET of an assignment');
    if (groupOf(read.response.json) !== this.groupId)
      fail('lifecycle-assignments', read, [
        {
          message: 'after a PATCH, the assignment reads back with another group',
          pointer: '/target/groupId',
          expected: this.groupId,
          actual: groupOf(read.response.json),
        },
      ]);
  }

  override toString = (): string => `patch assignment (pick ${this.pick}/${this.pickAssignment})`;
}

export class DeleteAssignment extends OneAssignment {
  override async run(m: Model, env: Env): Promise<void> {
    const target = this.picked(m, env);
    if (!target) return;
    const { cfg } = target;
    const step = await env.client.send(`delete assignment of #${cfg.ref}`, 'DELETE', target.path);
    expectStatus(env, step, [200, 204], 'a DELETE of an assignment', 'lifecycle-assignments');
    cfg.assignments = cfg.assignments.filter((a) => a !== target.a);
    env.judged.add('lifecycle-assignments');
    const read = await env.client.read(
      `get deleted assignment of #${cfg.ref}`,
      target.path,
      (r) => r.status === 404,
      'lifecycle-assignments',
    );
    if (read.response.status !== 404)
      fail('lifecycle-assignments', read, [
        { message: 'a deleted assignment still reads', expected: 404, actual: read.response.status },
      ]);
  }

  override toString = (): string => `delete assignment (pick ${this.pick}/${this.pickAssignment})`;
}
