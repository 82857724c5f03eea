/**
 * How one answer of a sequence is judged against the model: a status the sources allow, a body the schemas accept,
 * properties that read back as written. Each failure throws a LifecycleViolation naming its rule; each rule a
 * command judged is counted, so a rule no sequence reached is reported skipped, never passed.
 */
import type { ValidateFunction } from 'ajv';
import { clashAllows } from '../../checks/lifecycle';
import type { EchoComparer } from '../../checks/compare';
import {
  asObject,
  describeStatus,
  type Finding,
  type LifecycleRuleId,
  type PriorityClashReading,
} from '../../checks/types';
import { toSchemaErrors, type Specs } from '../../specs/loader';
import type { Tally } from '../verdict';
import type { ActionUrls } from './actions';
import type { LifecycleClient, Step } from './client';
import { LifecycleViolation, type ConfigModel } from './model';

/** What the commands of one sequence share: the client, the judging settings, and the ids the target gave. */
export interface Env {
  client: LifecycleClient;
  specs: Specs;
  comparer: EchoComparer;
  /** Fractional digits DateTimeOffsets are compared at (the profile's). */
  precision: number;
  priorityClash: PriorityClashReading;
  /** Rules some command of the sequence judged (an answer was judged by them, not merely a request sent). */
  judged: Set<LifecycleRuleId>;
  /**
   * Shared by the run: for each rule, the statuses of answers that stopped a command meant for it before it could
   * judge anything (an assign answered 404). A rule no sequence judged says these in its skip reason.
   */
  blocked: Map<LifecycleRuleId, Map<number, number>>;
  /** Configuration ref -> the id the target gave it. */
  ids: Map<number, string>;
  /** Assignment ref -> the id the target gave it. */
  assignmentIds: Map<number, string>;
  /** Ids the sequence created and has not deleted: deleted at its end, so a real tenant is left as it was. */
  created: Set<string>;
  /** Counts the creates' answers: a run whose sequences never created anything could not judge (inconclusive). */
  tally: Tally;
  /** Where the two actions are (the spelling the target answers, found by the run's first request for each). */
  actions: ActionUrls;
}

export function fail(rule: LifecycleRuleId, step: Step, findings: Finding[]): never {
  throw new LifecycleViolation(rule, findings, step);
}

export function expectStatus(
  env: Env,
  step: Step,
  allowed: readonly number[],
  what: string,
  /** The rule the request was sent to judge: a wrong status stops it, and the run says so if it is never judged. */
  forRule?: LifecycleRuleId,
): void {
  env.judged.add('lifecycle-status');
  const got = step.response.status;
  if (allowed.includes(got)) return;
  if (forRule) {
    const counts = env.blocked.get(forRule) ?? new Map<number, number>();
    counts.set(got, (counts.get(got) ?? 0) + 1);
    env.blocked.set(forRule, counts);
  }
  fail('lifecycle-status', step, [
    {
      message: `${what} answered ${describeStatus(step.response)}, expected ${allowed.join(' or ')}`,
      expected: allowed.join(' or '),
      actual: got === 0 ? describeStatus(step.response) : got,
    },
  ]);
}

export function expectSchema(env: Env, step: Step, validate: ValidateFunction, what: string): void {
  env.judged.add('lifecycle-schema');
  if (validate(step.response.json)) return;
  fail(
    'lifecycle-schema',
    step,
    toSchemaErrors(validate.errors).map((e) => ({
      message: `${what} at ${e.pointer || '/'}: ${e.message}`,
      pointer: e.pointer,
    })),
  );
}

/** What differs between the properties the model holds for `cfg` and an entity the target answered. */
export function configDifferences(env: Env, cfg: ConfigModel, got: unknown): Finding[] {
  if (!asObject(got)) return [{ message: 'the answer is not a JSON object', actual: got }];
  return env.comparer.compare(cfg.fields, got, env.comparer.schemaForType(cfg.type, 'request'), {
    skipReadOnly: true,
    missing: 'written but not read back',
    dateTimePrecision: env.precision,
  });
}

/** Fails `rule` when the entity differs from the model. */
export function expectSame(env: Env, rule: LifecycleRuleId, step: Step, cfg: ConfigModel, got: unknown, what: string) {
  env.judged.add(rule);
  const diff = configDifferences(env, cfg, got);
  if (diff.length > 0)
    fail(
      rule,
      step,
      diff.map((f) => ({ ...f, message: `${what}: ${f.message}` })),
    );
}

/**
 * A create or PATCH the target refused (no 2xx). A refusal is right only for a clash the reading lets it refuse;
 * a 409 Conflict for a priority nobody else has is a clash rule violation (the server saw a clash that is not
 * there), any other refusal of a valid write a status violation.
 */
export function judgeRefusal(env: Env, step: Step, clash: ConfigModel | undefined, what: string): void {
  const status = step.response.status;
  if (clash) {
    env.judged.add('lifecycle-priority-clash');
    if (status >= 400 && status < 500 && clashAllows(env.priorityClash, 'refused')) return;
    if (status >= 400 && status < 500)
      fail('lifecycle-priority-clash', step, [
        {
          message: `${what} with the priority of configuration #${clash.ref} was refused with ${status}; --priority-clash ${env.priorityClash} demands it is stored`,
          expected: 'a 2xx',
          actual: status,
        },
      ]);
  } else if (status === 409) {
    env.judged.add('lifecycle-priority-clash');
    fail('lifecycle-priority-clash', step, [
      {
        message: `${what} answered 409 Conflict, but no other live configuration of the sequence has its priority`,
        expected: 'a 2xx',
        actual: 409,
      },
    ]);
  }
  expectStatus(env, step, what === 'a create' ? [201] : [200, 204], `${what} of a valid body`);
}

/** A create or PATCH the target stored although its priority clashes: right unless the reading is `refuse`. */
export function judgeStoredClash(env: Env, step: Step, clash: ConfigModel | undefined, what: string): void {
  if (!clash) return;
  env.judged.add('lifecycle-priority-clash');
  if (clashAllows(env.priorityClash, 'stored')) return;
  fail('lifecycle-priority-clash', step, [
    {
      message: `${what} with the priority of configuration #${clash.ref} was stored (${step.response.status}); --priority-clash refuse demands a 4xx`,
      expected: 'a 4xx',
      actual: step.response.status,
    },
  ]);
}
