/**
 * The run: cases from the JobQueue go out through a Sender, each exchange is judged by the Judge, the first failure of
 * each failing check is shrunk, and results.ts builds results.json. Reporters see it all as events. The parts each
 * live in their own file; this one only wires them for a run or a replay.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CaseKind, CheckId, Exchange, InvalidTag } from '../checks/types';
import { validCreateBody, type CreateBodyOptions } from '../generators';
import { loadSpecs } from '../specs/loader';
import { JobQueue, type Job } from './cases';
import type { CleanupRecord } from './cleanup';
import { SuiteError } from './errors';
import type { CheckResult, Reporter, RunEvent, RunResults, SuiteErrorRecord } from './events';
import { now, selectChecks, type CheckState } from './judge';
import { rateLimiter } from './open';
import { ACTION_SPELLINGS, bodyConstraints, DEFAULTS, PRIORITY_NONCES, type RunOptions } from './options';
import { createRedactor, runSecrets, type Redactor } from './redact';
import { buildResults } from './results';
import { openSession, preflight, type Session } from './session';
import { sendSaved } from './replay';
import { shrinkFirst } from './shrink';
import { StatefulRun, type StatefulResults } from './stateful/runner';
import type { SavedCommand } from './stateful/saved';
import { isThrottled } from './throttle';
import { TOOL } from './tool';

export {
  bodyConstraints,
  COLLECTION_PATH,
  DEFAULTS,
  type GenerationOptions,
  type RunOptions,
  type TargetSpec,
} from './options';
export { openTransport } from './open';

/** Sends generated cases to one target and judges every exchange; reporters see it all as events. */
export class ConformanceRun {
  private readonly specs = loadSpecs();
  private readonly redact: Redactor;
  private readonly states: CheckState[];
  private readonly skippedOut: CheckResult[];
  private readonly errors: SuiteErrorRecord[] = [];
  private readonly pace: (() => Promise<void>) | undefined;
  /** The generators' constraints (--max-fraction-digits, --no-streams, ...), the same for the run and its shrinking. */
  private readonly bodies: CreateBodyOptions;
  /**
   * Why the run was told to stop (a signal, or --max-duration spent): no new case or sequence starts; cleanup and
   * reports still happen, and the run ends inconclusive with that error.
   */
  private stopped: SuiteError | undefined;

  constructor(
    private readonly opts: RunOptions,
    private readonly reporters: Reporter[] = [],
  ) {
    // A run without a priority nonce draws one: its sequences' priorities are then its own (engine/options.ts).
    if (opts.stateful && opts.stateful.priorityNonce === undefined)
      this.opts = { ...opts, stateful: { ...opts.stateful, priorityNonce: randomInt(PRIORITY_NONCES) } };
    this.redact = createRedactor(runSecrets(opts), opts.secretHeaders ?? []);
    this.pace = rateLimiter(opts.rateLimit);
    this.bodies = bodyConstraints(opts.generation);
    try {
      validCreateBody(this.bodies);
    } catch (e) {
      throw new SuiteError(
        'bad-option',
        `the generation options cannot be met: ${(e as Error).message}`,
        'check --types (short type names, comma-separated, or any)',
      );
    }
    ({ states: this.states, skippedOut: this.skippedOut } = selectChecks(opts));
  }

  /**
   * Hands an event to each reporter in turn. A reporter that returns a promise is awaited before the next one sees the
   * event; the synchronous ones (nearly all, for nearly every event) cost no trip through the microtask queue.
   */
  private emit(event: RunEvent, from = 0): Promise<void> | undefined {
    for (let i = from; i < this.reporters.length; i++) {
      const pending = this.reporters[i]?.onEvent?.(event);
      if (pending) return pending.then(() => this.emit(event, i + 1));
    }
    return undefined;
  }

  /**
   * Stops the run as soon as it can (Ctrl-C, SIGTERM): the cases and sequences in flight finish, nothing new starts,
   * shrinking is skipped, what was created is deleted, and the run ends inconclusive with what was judged kept.
   */
  stop(reason: string): void {
    this.stopped ??= new SuiteError(
      'interrupted',
      `the run was stopped (${reason}) before it ended: what it judged so far is kept, the rest not judged`,
      'run it again to judge everything; what it created was deleted (see the cleanup line)',
    );
  }

  /** Stops the run when --max-duration is spent (see stop); undefined without one. */
  private deadline(): NodeJS.Timeout | undefined {
    const ms = this.opts.maxDurationMs;
    if (ms === undefined) return undefined;
    return setTimeout(() => {
      this.stopped ??= new SuiteError(
        'max-duration',
        `the run reached --max-duration (${(ms / 1000).toFixed(0)} s) and stopped: what it judged so far is kept, the rest not judged`,
        'raise --max-duration, or lower --runs / --sequences; what the run created was deleted (see the cleanup line)',
      );
    }, ms).unref();
  }

  private open(): Session {
    return openSession(this.opts, this.specs, this.states, this.pace, {
      redact: this.redact,
      errors: this.errors,
      emit: (e) => this.emit(e),
    });
  }

  /** The stateful phase: lifecycle sequences over the same session (transport, throttling, redaction). */
  private stateful(s: Session): Promise<StatefulResults> {
    return this.statefulRun(s).run();
  }

  /**
   * Runs a saved lifecycle failure's sequence (its commands as data) against the target: `fails` when it breaks the
   * same rule again, `passes` when it breaks none, `other` when it breaks another first (it stops earlier, so it
   * cannot show whether the fault is fixed).
   */
  async replaySequence(
    saved: readonly SavedCommand[],
    rule: string,
  ): Promise<{ verdict: 'fails' | 'passes' | 'other'; messages: string[]; commands: string[] }> {
    const s = this.open();
    try {
      await preflight(s, this.opts, this.redact);
      const out = await this.statefulRun(s).replay(saved);
      const v = out.violation;
      const messages = this.redact(v ? v.findings.map((f) => `${v.rule}: ${f.message}`) : []);
      const verdict = !v ? 'passes' : v.rule === rule ? 'fails' : 'other';
      return { verdict, messages, commands: out.commands };
    } finally {
      await this.sweep(s);
      await s.transport.close();
    }
  }

  private statefulRun(s: Session): StatefulRun {
    const st = this.opts.stateful ?? { sequences: 1 };
    return new StatefulRun({
      opts: this.opts,
      settings: {
        sequences: st.sequences,
        maxCommands: st.maxCommands ?? DEFAULTS.maxCommands,
        priorityClash: st.priorityClash ?? 'either',
        priorityNonce: st.priorityNonce ?? 0,
        ...(st.operations ? { operations: st.operations } : {}),
        actionSpellings: ACTION_SPELLINGS,
      },
      bodies: this.bodies,
      specs: this.specs,
      sender: s.sender,
      transport: s.transport,
      pace: this.pace,
      redact: this.redact,
      emit: (e) => this.emit(e),
      ledger: s.ledger,
      stopped: () => this.stopped !== undefined,
    });
  }

  private shardLabel(): string | undefined {
    return this.opts.shard ? `${this.opts.shard.index}/${this.opts.shard.total}` : undefined;
  }

  private jobs(): JobQueue {
    // Bodies are generated one at a time as the cases go out (see LazySample): the same values, by index, as
    // fc.sample(arb, {seed, numRuns: runs}), without holding them all.
    const firstShard = !this.opts.shard || this.opts.shard.index === 1;
    return new JobQueue({
      runs: this.opts.runs,
      seed: this.opts.seed,
      ...(this.opts.shard ? { shard: this.opts.shard } : {}),
      // Without create cases (a stateful-only run) there is no body for the auth and client-id cases.
      auth: Boolean(this.opts.token) && firstShard && this.opts.runs > 0,
      clientId: firstShard && this.opts.runs > 0,
      bodies: this.bodies,
    });
  }

  private started(s: Session, planned: number): Promise<void> | undefined {
    const shard = this.shardLabel();
    return this.emit({
      type: 'run-started',
      at: now(),
      tool: TOOL,
      target: s.transport.root,
      seed: this.opts.seed,
      runs: this.opts.runs,
      concurrency: this.opts.concurrency,
      profile: this.opts.profile,
      ...(shard ? { shard } : {}),
      checks: this.states.map((st) => ({ id: st.check.id, severity: st.result.severity })),
      plannedCases: planned,
    });
  }

  /** Sends one job and judges its exchange. */
  private async one(s: Session, job: Job, done: () => number, total: number): Promise<void> {
    const generated = job.kind === 'valid' || job.kind === 'invalid';
    const caseId = generated ? `${job.kind === 'valid' ? 'v' : 'i'}${job.index}` : job.kind;
    const ex =
      job.kind === 'invalid'
        ? await s.sender.invalid(caseId, job.value)
        : job.kind === 'client-id'
          ? await s.sender.clientId(job.value)
          : await s.sender.send(job.kind, caseId, job.value);
    // An answer still throttled when the wait budget ran out says nothing about the body: counted, not judged.
    const unjudgeable = s.transport.exhausted && isThrottled(ex.response);
    await s.judge.judge(
      ex,
      {
        path: generated ? `${job.kind}:${job.index}` : job.kind,
        index: generated ? job.index : undefined,
        done: done(),
        total,
      },
      unjudgeable,
    );
  }

  /**
   * Deletes what the run created so far (unless --keep-created), within the cleanup budget. The record is redacted:
   * its ids are what the target answered, and a hostile one may answer a secret.
   */
  private async sweep(s: Session): Promise<CleanupRecord> {
    const keep = this.opts.keepCreated ?? false;
    return this.redact(
      await s.ledger.sweep(s.transport, s.sender.headers(false), this.opts.concurrency, keep, this.pace),
    );
  }

  private async recordError(e: unknown): Promise<void> {
    if (!(e instanceof SuiteError)) throw e;
    const err: SuiteErrorRecord = { code: e.code, message: this.redact(e.message) };
    if (e.hint) err.hint = e.hint;
    this.errors.push(err);
    await this.emit({ type: 'error', at: now(), error: err });
  }

  /** Runs every case, shrinks the first failure of each failing check, and returns results.json's content. */
  async run(): Promise<RunResults> {
    const t0 = performance.now();
    const s = this.open();
    let lifecycle: StatefulResults | undefined;
    let cleanup: CleanupRecord | undefined;
    const deadline = this.deadline();
    try {
      await preflight(s, this.opts, this.redact);
      const jobs = this.jobs();
      await this.started(s, jobs.length);
      let done = 0;
      const worker = async (): Promise<void> => {
        // The target never stopped throttling: what is left cannot be judged (results say inconclusive).
        for (let job = jobs.next(); job && !s.transport.exhausted && !this.stopped; job = jobs.next())
          await this.one(s, job, () => ++done, jobs.length);
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.opts.concurrency, jobs.length)) }, worker));
      // A case that got no answer at all (timeout, reset) has no smaller form worth the wait: it is reported as found.
      if (this.opts.shrink)
        for (const state of this.states)
          if (state.first && !state.first.noAnswer && !this.stopped)
            await shrinkFirst(state, {
              opts: this.opts,
              bodies: this.bodies,
              sender: s.sender,
              judge: s.judge,
              emit: (e) => this.emit(e),
            });
      if (this.opts.stateful && !s.transport.exhausted && !this.stopped) {
        // The create cases' entities go first: the sequences' lists then read only what a tenant had, and their own.
        await this.sweep(s);
        lifecycle = await this.stateful(s);
      }
    } catch (e) {
      await this.recordError(e);
    } finally {
      cleanup = await this.sweep(s);
      await s.transport.close();
    }
    clearTimeout(deadline);
    if (this.stopped) await this.recordError(this.stopped);
    const results = buildResults({
      opts: this.opts,
      states: this.states,
      skippedOut: this.skippedOut,
      judge: s.judge,
      sender: s.sender,
      throttle: s.transport.stats,
      silent: s.transport.silent,
      errors: this.errors,
      target: s.transport.root,
      startedAt: s.startedAt,
      durationMs: performance.now() - t0,
      shard: this.shardLabel(),
      redact: this.redact,
      onError: (err) => void this.emit({ type: 'error', at: now(), error: err }),
      lifecycle,
      cleanup,
    });
    await this.emit({ type: 'run-finished', at: now(), results });
    for (const r of this.reporters) await r.close?.();
    return results;
  }

  /**
   * Sends one saved case again and judges it with one check. A check whose rule spans creates (`replaySends`, such as
   * server-assigned-id) has its case sent that many times, judged on the last.
   */
  async replay(saved: {
    kind: CaseKind;
    text: string;
    invalid?: InvalidTag;
    checkId: CheckId;
  }): Promise<{ applied: boolean; messages: string[]; exchange: Exchange }> {
    const state = this.states.find((st) => st.check.id === saved.checkId);
    if (!state)
      throw new SuiteError(
        'unknown-check',
        `the case file names check "${saved.checkId}", which is not selected`,
        'replay the case without --checks/--exclude-checks',
      );
    const s = this.open();
    try {
      await preflight(s, this.opts, this.redact);
      const ex = await sendSaved(saved, state.check.replaySends ?? 1, s.sender, s.seenIds);
      const msgs = s.judge.judgeOne(state, ex);
      if (this.errors.length > 0)
        throw new SuiteError(this.errors[0]?.code ?? 'check-crashed', this.errors[0]?.message ?? 'check crashed');
      // The messages and the exchange leave the engine here: redacted like a failure.
      return {
        applied: msgs !== undefined,
        messages: this.redact((msgs ?? []).map((m) => m.message)),
        exchange: this.redact(ex),
      };
    } finally {
      await this.sweep(s);
      await s.transport.close();
    }
  }
}

/** Runs the suite once; the result's exitCode is what a CI gate should exit with. */
export function runConformance(opts: RunOptions, reporters: Reporter[] = []): Promise<RunResults> {
  return new ConformanceRun(opts, reporters).run();
}
