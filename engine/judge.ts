/**
 * Judging: which checks a run applies, each exchange judged by each of them (a check that throws is a suite error,
 * never a target failure), failures built and redacted as they leave the engine, and the per-check counts.
 */
import { defaultRegistry, isCheckId } from '../checks/registry';
import {
  asObject,
  findingOf,
  isSuccess,
  type Check,
  type CheckContext,
  type CheckId,
  type Exchange,
  type Finding,
} from '../checks/types';
import { SuiteError } from './errors';
import type { CheckResult, Failure, RunEvent, SuiteErrorRecord } from './events';
import type { RunOptions } from './options';
import type { Redactor } from './redact';
import { curlFor } from './reproduce';
import { Tally } from './verdict';

export interface CheckState {
  check: Check;
  result: CheckResult;
  /** The first failing generated case, which shrinking starts from. */
  first?: { kind: 'valid' | 'invalid'; index: number; messages: string[]; noAnswer: boolean };
}

export const now = (): string => new Date().toISOString();

/** The checks a run applies (--checks, --exclude-checks) and the result rows of those it leaves out. */
export function selectChecks(opts: Pick<RunOptions, 'checks' | 'excludeChecks' | 'profile'>): {
  states: CheckState[];
  skippedOut: CheckResult[];
} {
  const registry = defaultRegistry();
  for (const id of [...(opts.checks ?? []), ...(opts.excludeChecks ?? [])]) {
    if (!isCheckId(id))
      throw new SuiteError('unknown-check', `unknown check id "${id}"`, `known ids: ${registry.ids().join(', ')}`);
  }
  const states: CheckState[] = [];
  const skippedOut: CheckResult[] = [];
  for (const check of registry.all()) {
    const selected =
      (!opts.checks || opts.checks.length === 0 || opts.checks.includes(check.id)) &&
      !(opts.excludeChecks ?? []).includes(check.id);
    const result: CheckResult = {
      id: check.id,
      severity: check.severity(opts.profile),
      status: 'skipped',
      rule: check.rule,
      source: check.source,
      cases: 0,
      failedCases: 0,
      failures: [],
    };
    if (selected) states.push({ check, result });
    else {
      result.skippedReason = opts.checks?.length ? 'not in --checks' : 'excluded by --exclude-checks';
      skippedOut.push(result);
    }
  }
  return { states, skippedOut };
}

export interface JudgeDeps {
  ctx: CheckContext;
  /** The ids the run's creates returned (ctx.seenIds is this map, read-only to the checks). */
  seenIds: Map<string, string>;
  redact: Redactor;
  seed: number;
  maxFailuresPerCheck: number;
  /** Suite errors of the run: a crashed check adds one. */
  errors: SuiteErrorRecord[];
  emit: (event: RunEvent) => Promise<void> | undefined;
}

export class Judge {
  /** Checks that threw: judged no further, reported skipped. */
  readonly crashed = new Set<string>();
  /** What the target answered the valid creates: whether the run could judge it at all. */
  readonly tally = new Tally();
  /** Exchanges judged. */
  cases = 0;

  constructor(
    readonly states: CheckState[],
    private readonly d: JudgeDeps,
  ) {}

  /** One check on one exchange: its findings, or undefined when it does not apply (or crashed). */
  judgeOne(state: CheckState, ex: Exchange): Finding[] | undefined {
    if (this.crashed.has(state.check.id)) return undefined;
    try {
      if (!state.check.appliesTo(ex, this.d.ctx)) return undefined;
      return state.check.judge(ex, this.d.ctx).map(findingOf);
    } catch (e) {
      this.crashed.add(state.check.id);
      const err: SuiteErrorRecord = {
        code: 'check-crashed',
        message: this.d.redact(`check ${state.check.id} threw on case ${ex.caseId}: ${(e as Error).message}`),
        hint: 'a check that throws is a bug in the suite, not in the target; please report it',
      };
      this.d.errors.push(err);
      void this.d.emit({ type: 'error', at: now(), error: err });
      return undefined;
    }
  }

  /**
   * A failure as it leaves the engine (events, results): exchanges are recorded and judged as they came, and redacted
   * here, the one way out for a request or an answer (a target may echo the token anywhere). Most cases pass, and a
   * passing case's exchange is dropped without being copied.
   */
  failure(raw: Exchange, rawFindings: Finding[], path: string, minimal: boolean): Failure {
    const ex = this.d.redact(raw);
    const findings = this.d.redact(rawFindings);
    const messages = findings.map((x) => x.message);
    const f: Failure = {
      caseId: ex.caseId,
      message: messages[0] ?? '',
      messages,
      minimal,
      request: ex.request,
      response: ex.response,
      reproduce: { seed: this.d.seed, path, curl: curlFor(ex.request, ex.kind === 'auth-wrong') },
    };
    if (findings.some((x) => x.pointer !== undefined || x.expected !== undefined || x.actual !== undefined))
      f.details = findings;
    if (ex.readBack) f.readBack = ex.readBack;
    if (ex.locationRead) f.locationRead = ex.locationRead;
    if (ex.invalid) {
      f.invalid = { rule: ex.invalid.rule, pointer: ex.invalid.pointer };
      if (ex.invalid.leniency) f.invalid.leniency = ex.invalid.leniency;
    }
    return f;
  }

  /**
   * Judges one exchange with every check, keeps the counts and the first few failures, and emits the events. An
   * exchange that is `unjudgeable` (still throttled when the wait ran out) is counted but says nothing about a rule.
   */
  async judge(
    ex: Exchange,
    at: { path: string; index: number | undefined; done: number; total: number },
    unjudgeable = false,
  ): Promise<void> {
    const failed: CheckId[] = [];
    const judged: CheckId[] = [];
    if (!unjudgeable) this.tally.add(ex);
    for (const state of unjudgeable ? [] : this.states) {
      const msgs = this.judgeOne(state, ex);
      if (msgs === undefined) continue;
      judged.push(state.check.id);
      state.result.cases++;
      if (msgs.length === 0) continue;
      failed.push(state.check.id);
      await this.recordFailure(state, ex, msgs, at);
    }
    const id = asObject(ex.response.json)?.['id'];
    if (ex.kind === 'valid' && isSuccess(ex.response.status) && typeof id === 'string' && !this.d.seenIds.has(id))
      this.d.seenIds.set(id, ex.caseId);
    this.cases++;
    const event: RunEvent = {
      type: 'case',
      at: now(),
      caseId: ex.caseId,
      kind: ex.kind,
      path: at.path,
      status: ex.response.status,
      durationMs: Math.round(ex.response.durationMs * 1000) / 1000,
      failed,
      judged,
      done: at.done,
      total: at.total,
    };
    if (ex.invalid) event.invalidRule = ex.invalid.rule;
    await this.d.emit(event);
  }

  private async recordFailure(
    state: CheckState,
    ex: Exchange,
    msgs: Finding[],
    at: { path: string; index: number | undefined },
  ): Promise<void> {
    state.result.failedCases++;
    if (!state.first && at.index !== undefined && (ex.kind === 'valid' || ex.kind === 'invalid'))
      state.first = {
        kind: ex.kind,
        index: at.index,
        messages: msgs.map((m) => m.message),
        noAnswer: ex.response.status === 0,
      };
    if (state.result.failures.length >= this.d.maxFailuresPerCheck) return;
    const f = this.failure(ex, msgs, at.path, false);
    state.result.failures.push(f);
    await this.d.emit({
      type: 'failure',
      at: now(),
      checkId: state.check.id,
      severity: state.result.severity,
      failure: f,
    });
  }
}
