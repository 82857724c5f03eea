/**
 * The stateful mode: generated sequences of operations run against the target one after another, each judged
 * against a model of what it wrote; the first failing sequence of each rule is shrunk (engine/shrink.ts `descend`
 * walks fast-check's shrink tree of the sequence) to the shortest that still breaks that rule. Every sequence
 * deletes what it created when it ends, so a real tenant is left as it was.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { getComparer } from '../../checks/echo-fields';
import { LIFECYCLE_RULES } from '../../checks/lifecycle';
import { settingsFor } from '../../checks/profiles';
import type { LifecycleRuleId, PriorityClashReading, StatefulOperation } from '../../checks/types';
import type { CreateBodyOptions } from '../../generators';
import type { Specs } from '../../specs/loader';
import { LazySample } from '../cases';
import type { CheckResult, Failure, RunEvent } from '../events';
import { now } from '../judge';
import { DEFAULTS, type RunOptions } from '../options';
import type { Redactor } from '../redact';
import type { CreatedLedger } from '../cleanup';
import type { Sender } from '../sender';
import { descend } from '../shrink';
import { Tally } from '../verdict';
import type { Transport } from '../transport';
import { ActionUrls, type ActionName } from './actions';
import { LifecycleClient, newReadWaits, type ReadWaits, type Step } from './client';
import { ListConfigs, PostToEntity, type Command } from './config-commands';
import type { Env } from './judging';
import { LifecycleViolation, emptyModel } from './model';
import { sequenceScript } from './script';
import { restoreCommand, saveCommand, type SavedCommand } from './saved';
import { inScope, rulesOutOfScope, sequenceArbitrary } from './sequence';

export interface StatefulSettings {
  sequences: number;
  maxCommands: number;
  priorityClash: PriorityClashReading;
  /** Which band of priorities the sequences use (recorded in results.json and case files). */
  priorityNonce: number;
  /** The operations the target implements (`--operations`); absent: every operation of the family. */
  operations?: readonly StatefulOperation[];
  /** Every documented spelling of each action, preferred first (engine/stateful/actions.ts tries them in order). */
  actionSpellings: Readonly<Record<ActionName, readonly string[]>>;
}

export interface StatefulDeps {
  opts: RunOptions;
  settings: StatefulSettings;
  bodies: CreateBodyOptions;
  specs: Specs;
  sender: Sender;
  transport: Transport;
  pace: (() => Promise<void>) | undefined;
  redact: Redactor;
  emit: (event: RunEvent) => Promise<void> | undefined;
  /** The run's record of what it created (engine/cleanup.ts). */
  ledger?: CreatedLedger;
  /** True once the run was told to stop: no new sequence starts, and nothing is shrunk. */
  stopped?: () => boolean;
}

/** One sequence run: the rules it judged, the violation that stopped it (if any), and every step it sent. */
export interface Outcome {
  judged: Set<LifecycleRuleId>;
  violation?: LifecycleViolation;
  steps: Step[];
  commands: string[];
  /** The commands that ran, as data (a case file's sequence, for replay). */
  saved: SavedCommand[];
  requests: number;
}

interface RuleState {
  result: CheckResult;
  first?: { index: number };
}

export interface StatefulResults {
  checks: CheckResult[];
  tally: Tally;
  waits: ReadWaits;
  sequences: number;
  requests: number;
}

export class StatefulRun {
  private readonly waits: ReadWaits = newReadWaits();
  /** Per rule, the statuses that stopped the commands meant for it (Env.blocked). */
  private readonly blocked = new Map<LifecycleRuleId, Map<number, number>>();
  private readonly sample: LazySample<Iterable<Command>>;
  /** Which spelling of each action the target answers: found once, kept for the run (shrinks and all). */
  private readonly actions: ActionUrls;
  /** The operations in scope (`--operations`); undefined: all. */
  private readonly scope: ReadonlySet<StatefulOperation> | undefined;
  private readonly states = new Map<LifecycleRuleId, RuleState>();
  private requests = 0;
  /** Every create the sequences sent, for the inconclusive verdict of a run without create cases. */
  readonly tally = new Tally();

  constructor(private readonly d: StatefulDeps) {
    this.actions = new ActionUrls(d.settings.actionSpellings);
    if (d.settings.operations) this.scope = new Set(d.settings.operations);
    this.sample = new LazySample(this.sampleArbitrary(), d.opts.seed, Math.max(d.settings.sequences, 1), 64);
    for (const r of LIFECYCLE_RULES)
      this.states.set(r.id, {
        result: {
          id: r.id,
          severity: r.severity,
          status: 'passed',
          rule: r.rule,
          source: r.source,
          cases: 0,
          failedCases: 0,
          failures: [],
        },
      });
  }

  /** The sequence indexes of this shard: i, i + total, ... (all of them without a shard). */
  private indexes(): number[] {
    const shard = this.d.opts.shard;
    const out: number[] = [];
    for (let i = shard ? shard.index - 1 : 0; i < this.d.settings.sequences; i += shard ? shard.total : 1) out.push(i);
    return out;
  }

  async run(): Promise<StatefulResults> {
    const indexes = this.indexes();
    let done = 0;
    for (const index of indexes) {
      if (this.d.stopped?.()) break;
      const started = performance.now();
      const value = this.sample.valueAt(index);
      const out = await this.runSequence(value.value_[0]);
      await this.record(index, out, started, ++done, indexes.length);
    }
    if (this.d.opts.shrink)
      for (const [rule, state] of this.states) if (state.first && !this.d.stopped?.()) await this.shrink(rule, state);
    await this.judgeActionUrls();
    const allow = (this.states.get('lifecycle-method-allow') as RuleState).result;
    if (allow.cases === 0)
      allow.skippedReason =
        'not judged: no POST to a configuration (sent at the end of each sequence that left one) was answered 405; a server may answer 404 or 400 there instead';
    const checks = [...this.states.values()].map((s) => s.result);
    const outOfScope = this.scope ? rulesOutOfScope(this.scope) : new Map<LifecycleRuleId, StatefulOperation[]>();
    for (const c of checks) {
      if (c.failedCases > 0) c.status = 'failed';
      else if (c.cases === 0) {
        c.status = 'skipped';
        const left = outOfScope.get(c.id as LifecycleRuleId);
        if (left) c.skippedReason = `not judged: --operations leaves out ${left.join(', ')}, which its commands send`;
        c.skippedReason ??= blockedReason(this.blocked.get(c.id as LifecycleRuleId));
      }
    }
    return { checks, tally: this.tally, waits: this.waits, sequences: indexes.length, requests: this.requests };
  }

  /** Runs one sequence against a fresh model; deletes what it created when it ends. */
  private async runSequence(cmds: Iterable<Command>): Promise<Outcome> {
    const client = new LifecycleClient(
      this.d.opts,
      this.d.transport,
      this.d.sender,
      this.d.pace,
      this.waits,
      this.d.ledger,
    );
    const env: Env = {
      client,
      specs: this.d.specs,
      comparer: getComparer(this.d.specs.schemas),
      precision: settingsFor(this.d.opts.profile).dateTimePrecision,
      priorityClash: this.d.settings.priorityClash,
      judged: new Set(),
      blocked: this.blocked,
      tally: this.tally,
      ids: new Map(),
      assignmentIds: new Map(),
      created: new Set(),
      actions: this.actions,
    };
    let violation: LifecycleViolation | undefined;
    const model = emptyModel();
    const end = new ListConfigs();
    const probe = new PostToEntity(0);
    let ended = false;
    let probed = false;
    try {
      await fc.asyncModelRun(() => ({ model, real: env }), cmds);
      // Every sequence ends with a list (when the target lists): what it left must be listed, what it deleted not.
      if (inScope('list', this.scope)) {
        ended = true;
        await end.run(model, env);
      }
      // And a POST to one of its configurations, which no source documents: a 405 must name what is allowed.
      if (model.live.length > 0) {
        probed = true;
        await probe.run(model, env);
      }
    } catch (e) {
      if (!(e instanceof LifecycleViolation)) throw e;
      violation = e;
    }
    const steps = [...client.steps];
    // fast-check wraps each command and marks the ones that ran (a command whose check said no was skipped).
    const ran = [...cmds].filter((c) => (c as { hasRan?: boolean }).hasRan !== false);
    const commands = ran.map(String);
    const saved = ran.map((c) => saveCommand(unwrap(c)));
    if (ended) commands.push(`${String(end)} (end of sequence)`);
    if (probed) commands.push(`${String(probe)} (end of sequence)`);
    for (const id of env.created) await client.send('clean up', 'DELETE', LifecycleClient.configPath(id));
    this.requests += client.requests;
    return {
      judged: env.judged,
      steps,
      commands,
      saved,
      requests: client.requests,
      ...(violation ? { violation } : {}),
    };
  }

  private async record(index: number, out: Outcome, started: number, done: number, total: number): Promise<void> {
    for (const rule of out.judged) (this.states.get(rule) as RuleState).result.cases++;
    const v = out.violation;
    if (v) {
      const state = this.states.get(v.rule) as RuleState;
      state.result.failedCases++;
      state.first ??= { index };
      if (state.result.failures.length < this.d.opts.maxFailuresPerCheck) {
        const f = this.failure(`s${index}`, String(index), out, false);
        state.result.failures.push(f);
        await this.d.emit({ type: 'failure', at: now(), checkId: v.rule, severity: 'error', failure: f });
      }
    }
    const last = out.steps[out.steps.length - 1];
    await this.d.emit({
      type: 'case',
      at: now(),
      caseId: `s${index}`,
      kind: 'sequence',
      path: `sequence:${index}`,
      status: last?.response.status ?? 0,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      failed: v ? [v.rule] : [],
      judged: [...out.judged],
      done,
      total,
    });
  }

  /** Walks the shrink tree of the rule's first failing sequence, keeping the last that still broke the rule. */
  private async shrink(rule: LifecycleRuleId, state: RuleState): Promise<void> {
    const first = state.first as { index: number };
    await this.d.emit({ type: 'shrink', at: now(), checkId: rule, phase: 'started', requests: 0 });
    const deadline = performance.now() + (this.d.opts.maxShrinkMs ?? DEFAULTS.maxShrinkMs);
    let runs = 0;
    let requests = 0;
    let best: Outcome | undefined;
    const sample = new LazySample(this.sampleArbitrary(), this.d.opts.seed, first.index + 1, 1);
    // The failing sequence runs once more first: fast-check shrinks a sequence by the commands that ran in it.
    const start = sample.valueAt(first.index);
    const again = await this.runSequence(start.value_[0]);
    requests += again.requests;
    if (again.violation?.rule === rule) best = again;
    const path = await descend(
      sample,
      first.index,
      async (cmds) => {
        if (runs >= maxShrinkSequences(this.d.opts) || performance.now() > deadline || this.d.stopped?.())
          return 'stop';
        runs++;
        const out = await this.runSequence(cmds);
        requests += out.requests;
        if (out.violation?.rule !== rule) return 'holds';
        best = out;
        return 'fails';
      },
      start,
    );
    await this.d.emit({ type: 'shrink', at: now(), checkId: rule, phase: 'finished', requests });
    if (!best) return;
    // No smaller sequence still broke the rule: the failing one (run again above) is the minimal one.
    state.result.failures.unshift(this.failure(`s${first.index}-min`, path ?? String(first.index), best, true));
    if (state.result.failures.length > this.d.opts.maxFailuresPerCheck + 1) state.result.failures.pop();
  }

  /**
   * lifecycle-action-url, judged once per run: an action counts when some spelling of it was answered, and each
   * documented spelling refused before that one is a (warning) failure naming it.
   */
  private async judgeActionUrls(): Promise<void> {
    const result = (this.states.get('lifecycle-action-url') as RuleState).result;
    result.cases = this.actions.found.size;
    result.failedCases = this.actions.refused.length;
    if (result.cases === 0) {
      result.skippedReason =
        'no request for an action was answered 2xx under any documented spelling (lifecycle-status says how they were answered), or none was sent';
    }
    for (const r of this.actions.refused.slice(0, this.d.opts.maxFailuresPerCheck)) {
      const message = `${r.step.request.method} ${r.step.request.url} answered ${r.step.response.status}: the server answers ${r.action} at the segment ${r.answered}, not at ${r.spelling}, which a source documents (clients built from that source fail)`;
      const f: Failure = this.d.redact({
        caseId: `action-${r.action}-${r.spelling}`,
        message,
        messages: [message],
        minimal: true,
        request: r.step.request,
        response: r.step.response,
        reproduce: { seed: this.d.opts.seed, path: `action:${r.action}`, curl: sequenceScript([r.step]) },
      });
      result.failures.push(f);
      await this.d.emit({ type: 'failure', at: now(), checkId: result.id, severity: result.severity, failure: f });
    }
  }

  /** Runs a saved sequence (a case file's) once more, against a fresh model, ending with a list as every run does. */
  replay(saved: readonly SavedCommand[]): Promise<Outcome> {
    return this.runSequence(saved.map(restoreCommand));
  }

  private sampleArbitrary(): fc.Arbitrary<Iterable<Command>> {
    return sequenceArbitrary({
      bodies: this.d.bodies,
      priorityNonce: this.d.settings.priorityNonce,
      maxCommands: this.d.settings.maxCommands,
      streamProperties: streamPropertiesOf(this.d.specs),
      nullableProperties: nullablePropertiesOf(this.d.specs),
      ...(this.scope ? { operations: this.scope } : {}),
    });
  }

  private failure(caseId: string, path: string, out: Outcome, minimal: boolean): Failure {
    const v = out.violation as LifecycleViolation;
    const messages = v.findings.map((f) => f.message);
    const f: Failure = {
      caseId,
      message: messages[0] ?? v.rule,
      messages,
      minimal,
      request: v.step.request,
      response: v.step.response,
      reproduce: { seed: this.d.opts.seed, path: `sequence:${path}`, curl: sequenceScript(out.steps) },
      sequence: { commands: out.commands, saved: out.saved, steps: out.steps.slice(-MAX_STEPS_KEPT) },
    };
    const details = v.findings.filter((x) => x.pointer !== undefined || x.expected !== undefined);
    if (details.length > 0) f.details = v.findings;
    return this.d.redact(f);
  }
}

/** Why a rule no sequence judged was not: the answers that stopped its commands, or that none reached it. */
function blockedReason(statuses: Map<number, number> | undefined): string {
  if (!statuses || statuses.size === 0)
    return 'no generated sequence reached this rule (raise --sequences or --max-commands)';
  const seen = [...statuses].map(([status, n]) => `${status === 0 ? 'no answer' : status} ×${n}`).join(', ');
  return `not judged: every request meant for it was answered with a status that stopped it (${seen}; lifecycle-status has the details)`;
}

/** Steps a failure keeps (the last ones: the violation is the last step). */
const MAX_STEPS_KEPT = 60;

/** Sequence runs one rule's shrinking may take: twice the request budget (a sequence runs in milliseconds in-process; --max-shrink-ms bounds a slow target). */
export function maxShrinkSequences(opts: RunOptions): number {
  return Math.max(1, opts.maxShrinkRequests * 2);
}

/** Properties of the base type that are Streams (never named in a PATCH). */
function streamPropertiesOf(specs: Specs): string[] {
  const schema = specs.schemas.get('officeClientConfiguration.request.schema.json');
  const props = (schema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props)
    .filter(([, s]) => s['contentEncoding'] === 'base64' || JSON.stringify(s).includes('"contentEncoding":"base64"'))
    .map(([k]) => k);
}

/**
 * Properties of the base type a PATCH may set to null: nullable in the request schema, not read-only, not a Stream,
 * not priority (description and displayName today).
 */
function nullablePropertiesOf(specs: Specs): string[] {
  const schema = specs.schemas.get('officeClientConfiguration.request.schema.json');
  const props = (schema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const streams = streamPropertiesOf(specs);
  return Object.entries(props)
    .filter(([k, s]) => !k.includes('@') && k !== 'priority' && !streams.includes(k) && s['readOnly'] !== true)
    .filter(([, s]) =>
      Array.isArray(s['type']) ? s['type'].includes('null') : JSON.stringify(s).includes('"type":"null"'),
    )
    .map(([k]) => k);
}

/** fast-check hands a sequence's commands wrapped (the wrapper records whether it ran); a plain array is not. */
function unwrap(c: Command): Command {
  const inner = (c as unknown as { cmd?: Command }).cmd;
  return inner ?? c;
}
