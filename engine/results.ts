/**
 * results.json's content from a finished run: each check's status (a check that judged only answers that say nothing
 * about its rule in an inconclusive run is skipped, never passed), the verdict and exit code, and what waiting cost.
 */
import type { CleanupRecord } from './cleanup';
import { defaultRegistry } from '../checks/registry';
import type { CheckId } from '../checks/types';
import type { CheckResult, RunResults, SuiteErrorRecord } from './events';
import type { StatefulResults } from './stateful/runner';
import type { CheckState, Judge } from './judge';
import { DEFAULTS, INCONCLUSIVE_CODES, type RunOptions } from './options';
import type { Redactor } from './redact';
import type { Sender } from './sender';
import { NO_ANSWER_LIMIT, type ThrottleStats } from './throttle';
import { TOOL } from './tool';

export interface ResultsInput {
  opts: RunOptions;
  states: CheckState[];
  skippedOut: CheckResult[];
  judge: Judge | undefined;
  sender: Sender | undefined;
  throttle: ThrottleStats | undefined;
  /** The target stopped answering (NO_ANSWER_LIMIT requests in a row got nothing) and the run stopped sending. */
  silent?: boolean;
  /** The run's suite errors; inconclusive records are added here. */
  errors: SuiteErrorRecord[];
  target: string;
  startedAt: number;
  durationMs: number;
  shard: string | undefined;
  redact: Redactor;
  /** Called with each inconclusive record added (the engine emits it as an event). */
  onError: (e: SuiteErrorRecord) => void;
  /** The stateful phase's rules and figures, when it ran. */
  lifecycle?: StatefulResults | undefined;
  /** What the run created and deleted again (engine/cleanup.ts); absent when it never reached the sweep. */
  cleanup?: CleanupRecord | undefined;
}

/**
 * Why the run could not judge the target (it never stopped throttling; no valid create succeeded), recorded as an
 * `inconclusive`/`throttled` error with a hint; undefined when it could (or a real suite error says more).
 */
export function unjudged(r: ResultsInput): string | undefined {
  if (r.errors.some((e) => !INCONCLUSIVE_CODES.has(e.code))) return undefined;
  const found: SuiteErrorRecord[] = [];
  const t = r.throttle;
  if (t?.gaveUp)
    found.push({
      code: 'throttled',
      message: `inconclusive: the target still throttled after ${Math.round(t.waitedMs / 1000)} s of waiting (${t.throttledResponses} throttled answers, ${t.retries} retries); the run stopped there`,
      hint: 'lower --rate-limit or --concurrency, raise --max-throttle-wait, or run when the service is less busy',
    });
  if (r.silent)
    found.push({
      code: 'no-answer',
      message: `inconclusive: ${NO_ANSWER_LIMIT} requests in a row got no answer (timeout, reset or refused connection); the run stopped sending there`,
      hint: 'check that the target answers (curl its service root); for a slow service raise --timeout',
    });
  // A stateful-only run (no create cases) asks the sequences' creates instead.
  const tally = r.opts.runs > 0 ? r.judge?.tally : r.lifecycle?.tally;
  const none = tally?.inconclusive(r.target, Boolean(r.opts.token));
  if (none && !t?.gaveUp && !r.silent) found.push(none);
  for (const e of found) {
    if (r.errors.some((x) => x.code === e.code)) continue;
    const err = r.redact(e);
    r.errors.push(err);
    r.onError(err);
  }
  const first = r.errors.find((e) => INCONCLUSIVE_CODES.has(e.code));
  if (!first) return undefined;
  return first.code === 'throttled'
    ? 'the target kept throttling'
    : first.code === 'no-answer'
      ? 'the target stopped answering'
      : 'no valid create succeeded';
}

/**
 * Answers that say nothing about a lifecycle rule in an inconclusive run: refused for want of (valid) credentials,
 * throttled past the wait budget, or no answer at all. A lifecycle "failure" made only of these is not judged.
 */
const UNJUDGED_STATUSES = new Set([0, 401, 403, 429, 503]);

function settle(s: CheckState, r: ResultsInput, why: string | undefined): CheckResult {
  const res = s.result;
  if (r.judge?.crashed.has(res.id)) {
    res.status = 'skipped';
    res.skippedReason = 'the check crashed (see errors)';
  } else if (res.failedCases > 0) res.status = 'failed';
  else if (res.cases > 0 && why) {
    // What it judged (404s, 401s, throttled answers) says nothing about the rule: not a pass.
    res.status = 'skipped';
    res.skippedReason = `not judged: the run is inconclusive (${why})`;
  } else if (res.cases > 0) res.status = 'passed';
  else {
    res.status = 'skipped';
    res.skippedReason =
      r.errors.length > 0
        ? 'the run stopped on an error'
        : (s.check.skippedBecause?.(r.opts.profile) ?? 'no case applied');
  }
  return res;
}

export function buildResults(r: ResultsInput): RunResults {
  const why = unjudged(r);
  const checks = [...r.states.map((s) => settle(s, r, why)), ...r.skippedOut];
  const order = new Map(
    defaultRegistry()
      .ids()
      .map((id, i) => [id, i]),
  );
  checks.sort((a, b) => (order.get(a.id as CheckId) ?? 0) - (order.get(b.id as CheckId) ?? 0));
  // Lifecycle rules follow the create checks, in their table's order; an inconclusive run judged none of them.
  for (const c of r.lifecycle?.checks ?? []) {
    if (why && c.status !== 'failed') {
      // Passed, or never reached (a sequence whose first create was refused reaches nothing): either way not judged.
      c.status = 'skipped';
      c.skippedReason = `not judged: the run is inconclusive (${why})`;
    } else if (why && c.status === 'failed' && c.failures.every((f) => UNJUDGED_STATUSES.has(f.response.status))) {
      // Its failures are the refusals or the throttling that made the run inconclusive, not a fault of the rule.
      const statuses = [...new Set(c.failures.map((f) => (f.response.status === 0 ? 'no answer' : f.response.status)))];
      c.status = 'skipped';
      c.skippedReason = `not judged: the run is inconclusive (${why}); its failing answers were ${statuses.join(', ')}`;
      c.failures = [];
      c.failedCases = 0;
    }
    checks.push(c);
  }
  const failedErrors = checks.filter((c) => c.status === 'failed' && c.severity === 'error').length;
  const warnings = checks.filter((c) => c.status === 'failed' && c.severity === 'warning').length;
  const exitCode: 0 | 1 | 2 = r.errors.length > 0 ? 2 : failedErrors > 0 ? 1 : 0;
  const onlyUnjudged = r.errors.length > 0 && r.errors.every((e) => INCONCLUSIVE_CODES.has(e.code));
  const t = r.throttle;
  const rb = r.sender?.readBacks;
  const lw = r.lifecycle?.waits;
  const results: RunResults = {
    tool: TOOL,
    target: r.target,
    profile: r.opts.profile,
    seed: r.opts.seed,
    runs: r.opts.runs,
    startedAt: new Date(r.startedAt).toISOString(),
    durationMs: Math.round(r.durationMs),
    summary: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: checks.filter((c) => c.status === 'failed').length,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      cases: r.judge?.cases ?? 0,
      warnings,
    },
    verdict: exitCode === 2 ? (onlyUnjudged ? 'inconclusive' : 'error') : exitCode === 1 ? 'failed' : 'passed',
    exitCode,
    checks,
    errors: r.errors,
    throttling: {
      throttledResponses: t?.throttledResponses ?? 0,
      retries: t?.retries ?? 0,
      waitedMs: Math.round(t?.waitedMs ?? 0),
      gaveUp: t?.gaveUp ?? false,
    },
    readBackRetries: {
      retried: (rb?.retried ?? 0) + (lw?.retried ?? 0),
      healed: (rb?.healed ?? 0) + (lw?.healed ?? 0),
      waitedMs: (rb?.waitedMs ?? 0) + (lw?.waitedMs ?? 0),
    },
  };
  if (r.lifecycle)
    results.stateful = {
      sequences: r.lifecycle.sequences,
      requests: r.lifecycle.requests,
      maxCommands: r.opts.stateful?.maxCommands ?? DEFAULTS.maxCommands,
      priorityClash: r.opts.stateful?.priorityClash ?? 'either',
      ...(r.opts.stateful?.priorityNonce !== undefined ? { priorityNonce: r.opts.stateful.priorityNonce } : {}),
      ...(r.opts.stateful?.operations ? { operations: [...r.opts.stateful.operations] } : {}),
    };
  if (r.cleanup) results.cleanup = r.cleanup;
  if (r.shard) results.shard = r.shard;
  if (r.opts.generation && Object.keys(r.opts.generation).length > 0) results.generation = { ...r.opts.generation };
  return results;
}
