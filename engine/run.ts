import fc from 'fast-check';
import type http from 'node:http';
import { resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultRegistry, isCheckId } from '../checks/registry';
import {
  asObject,
  isSuccess,
  type CaseKind,
  type Check,
  type CheckContext,
  type CheckId,
  type Exchange,
  type InvalidTag,
  type Profile,
  type RequestRecord,
  type ResponseRecord,
  type Attempt,
} from '../checks/types';
import { invalidCreateBody, validCreateBody, type CreateBodyOptions } from '../generators';
import type { InvalidCase, ValidBody } from '../generators/types';
import { loadSpecs } from '../specs/loader';
import { JobQueue } from './cases';
import { SuiteError } from './errors';
import type { CheckResult, Failure, Reporter, RunEvent, RunResults, SuiteErrorRecord } from './events';
import { createRedactor, runSecrets, type Redactor } from './redact';
import { curlFor, WRONG_TOKEN } from './reproduce';
import { DEFAULT_THROTTLE, isThrottled, ThrottledTransport, type ThrottlePolicy } from './throttle';
import { Tally } from './verdict';
import { AppTransport, HttpTransport, toServer, type Transport } from './transport';
import { TOOL } from './tool';

export const COLLECTION_PATH = '/officeConfiguration/clientConfigurations';

export type TargetSpec =
  | { kind: 'url'; url: string }
  | { kind: 'app'; module: string }
  | { kind: 'server'; server: http.Server | http.RequestListener; label: string };

export interface RunOptions {
  target: TargetSpec;
  token?: string;
  /** Extra headers sent with every request (-H "Name: value"). */
  headers: Record<string, string>;
  /**
   * Names of -H headers whose values are secrets (scrubbed from every report) besides the credential headers the suite
   * always treats as secret (Authorization, Cookie, names with key, token, secret, password, session or signature).
   */
  secretHeaders?: string[];
  /** Valid cases, and as many invalid ones. */
  runs: number;
  seed: number;
  concurrency: number;
  timeoutMs: number;
  checks?: string[];
  excludeChecks?: string[];
  profile: Profile;
  /** Requests per second at most; undefined for no limit. */
  rateLimit?: number;
  maxResponseBytes: number;
  shard?: { index: number; total: number };
  /** Shrink each failing check's first counterexample with fast-check. */
  shrink: boolean;
  /** Requests one check's shrinking may send. */
  maxShrinkRequests: number;
  /** Time one check's shrinking may take, in ms (default DEFAULTS.maxShrinkMs). */
  maxShrinkMs?: number;
  /** Failures kept per check in the results (the count covers all). */
  maxFailuresPerCheck: number;
  caFile?: string;
  insecure?: boolean;
  /** What the generators may send (a real service's limits); default: everything the schemas allow. */
  generation?: GenerationOptions;
  /** How long to wait out throttling (429, 503 with Retry-After); default DEFAULT_THROTTLE. */
  throttle?: Partial<ThrottlePolicy>;
  /**
   * How long a read-back that got 404 is sent again (backoff from 250 ms) before the 404 stands, in ms (default
   * DEFAULTS.readBackWaitMs; 0 to judge the first answer). Graph replicates: a read right after a write can miss it.
   */
  readBackWaitMs?: number;
}

/**
 * Constraints on the generated bodies a user may need against a real service. They change which bodies a seed makes,
 * so results.json records them and a rerun with the same seed needs the same options.
 */
export interface GenerationOptions {
  /** Most fractional-second digits in DateTimeOffsets, 0 to 12 (default 12; the round trip is still judged at the profile's precision). */
  maxFractionDigits?: number;
  /** Strings of thousands of characters (default true). */
  longStrings?: boolean;
  /** Send Edm.Stream properties (default true). */
  streams?: boolean;
  /** Creatable types to send, by short name, or ['any'] (default: every creatable type). */
  types?: string[];
}

/** The generators' constraints for these options. */
export function bodyConstraints(g: GenerationOptions | undefined): CreateBodyOptions {
  const c: CreateBodyOptions = { odataType: ['any'] };
  if (!g) return c;
  if (g.maxFractionDigits !== undefined) c.maxFractionDigits = g.maxFractionDigits;
  if (g.longStrings !== undefined) c.longStrings = g.longStrings;
  if (g.streams !== undefined) c.streams = g.streams;
  c.odataType = g.types ?? ['any'];
  return c;
}

export const DEFAULTS = {
  runs: 100,
  concurrency: 8,
  timeoutMs: 10_000,
  profile: 'graph-docs' as Profile,
  maxResponseBytes: 4 * 1024 * 1024,
  shrink: true,
  maxShrinkRequests: 80,
  maxShrinkMs: 15_000,
  maxFailuresPerCheck: 5,
  readBackWaitMs: 5_000,
};

/** Error codes that mean "could not judge" (verdict inconclusive) rather than "could not run" (verdict error). */
const INCONCLUSIVE_CODES = new Set(['inconclusive', 'throttled']);

/** Read-backs whose 404 outlasted the whole wait, after which the run stops waiting on read-backs (a fault, not lag). */
const PERSISTENT_404_LIMIT = 2;

interface CheckState {
  check: Check;
  result: CheckResult;
  first?: { kind: 'valid' | 'invalid'; index: number; messages: string[]; noAnswer: boolean };
}

const now = (): string => new Date().toISOString();

function loadApp(module: string): http.Server {
  let loaded: unknown;
  const file = resolvePath(module);
  try {
    loaded = require(file) as unknown;
  } catch (e) {
    throw new SuiteError(
      'app-load',
      `--app ${module}: ${(e as Error).message.split('\n')[0] ?? ''}`,
      'give a module that exports a request handler, an http.Server or an app object (default export is fine)',
    );
  }
  const server = toServer(loaded);
  if (!server)
    throw new SuiteError(
      'app-shape',
      `--app ${module} exports neither a request handler, an http.Server nor an object with callback()`,
      'export the handler, e.g. `export default (req, res) => {...}` or an Express/Koa app',
    );
  return server;
}

export function openTransport(opts: RunOptions): Transport {
  const t = opts.target;
  if (t.kind === 'url') {
    const o: ConstructorParameters<typeof HttpTransport>[1] = {
      timeoutMs: opts.timeoutMs,
      concurrency: opts.concurrency,
      maxResponseBytes: opts.maxResponseBytes,
    };
    if (opts.caFile) o.caFile = opts.caFile;
    if (opts.insecure) o.insecure = true;
    return new HttpTransport(t.url, o);
  }
  const server = t.kind === 'app' ? loadApp(t.module) : (toServer(t.server) as http.Server);
  return new AppTransport(server, t.kind === 'app' ? t.module : t.label, {
    timeoutMs: opts.timeoutMs,
    maxResponseBytes: opts.maxResponseBytes,
    concurrency: opts.concurrency,
  });
}

/** Spaces requests out to at most `perSecond`, shared by every worker; undefined when there is no limit. */
function rateLimiter(perSecond: number | undefined): (() => Promise<void>) | undefined {
  if (!perSecond || perSecond <= 0) return undefined;
  const gap = 1000 / perSecond;
  let next = performance.now();
  return () => {
    const t = performance.now();
    const at = Math.max(t, next);
    next = at + gap;
    const wait = at - t;
    return wait <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, wait));
  };
}

/** Sends generated cases to one target and judges every exchange; reporters see it all as events. */
export class ConformanceRun {
  private readonly specs = loadSpecs();
  private readonly redact: Redactor;
  private readonly states: CheckState[] = [];
  private readonly seenIds = new Map<string, string>();
  private readonly errors: SuiteErrorRecord[] = [];
  private readonly crashed = new Set<string>();
  private readonly throttle: (() => Promise<void>) | undefined;
  private transport!: ThrottledTransport;
  private ctx!: CheckContext;
  private startedAt = 0;
  private cases = 0;
  private readonly tally = new Tally();
  /** Whether a Location header was followed yet (once per run). */
  private locationFollowed = false;
  private readonly readBacks = { retried: 0, healed: 0, waitedMs: 0, persistent: 0 };

  constructor(
    private readonly opts: RunOptions,
    private readonly reporters: Reporter[] = [],
  ) {
    this.redact = createRedactor(runSecrets(opts), opts.secretHeaders ?? []);
    this.extraHeaders = lower(opts.headers);
    this.throttle = rateLimiter(opts.rateLimit);
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
    const registry = defaultRegistry();
    for (const id of [...(opts.checks ?? []), ...(opts.excludeChecks ?? [])]) {
      if (!isCheckId(id))
        throw new SuiteError('unknown-check', `unknown check id "${id}"`, `known ids: ${registry.ids().join(', ')}`);
    }
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
      if (!selected) result.skippedReason = opts.checks?.length ? 'not in --checks' : 'excluded by --exclude-checks';
      if (selected) this.states.push({ check, result });
      else this.skippedOut.push(result);
    }
  }

  private readonly skippedOut: CheckResult[] = [];
  /** The generators' constraints (--max-fraction-digits, --no-streams, ...), the same for the run and its shrinking. */
  private readonly bodies: CreateBodyOptions;
  /** The -H headers with lower-case names, computed once. */
  private readonly extraHeaders: Record<string, string>;

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

  private headers(withBody: boolean, auth: 'token' | 'none' | 'wrong' = 'token'): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...this.extraHeaders };
    if (withBody) h['content-type'] = 'application/json';
    if (auth === 'token' && this.opts.token) h['authorization'] = `Bearer ${this.opts.token}`;
    if (auth === 'wrong') h['authorization'] = `Bearer ${WRONG_TOKEN}`;
    if (auth === 'none') delete h['authorization'];
    return h;
  }

  private record(
    method: string,
    path: string,
    headers: Record<string, string>,
    text?: string,
    body?: unknown,
  ): RequestRecord {
    const rec: RequestRecord = { method, url: this.transport.root + path, headers };
    if (text !== undefined) rec.text = text;
    if (body !== undefined) rec.body = body;
    return rec;
  }

  /** One case: POST the body; after a success with an id, GET the entity back. */
  async exchange(kind: CaseKind, caseId: string, body: unknown, raw?: string): Promise<Exchange> {
    const text = raw ?? JSON.stringify(body);
    const auth = kind === 'auth-missing' ? 'none' : kind === 'auth-wrong' ? 'wrong' : 'token';
    const headers = this.headers(true, auth);
    if (this.throttle) await this.throttle();
    const response = await this.transport.send({ method: 'POST', path: COLLECTION_PATH, headers, body: text });
    const ex: Exchange = {
      caseId,
      kind,
      request: this.record('POST', COLLECTION_PATH, headers, text, raw === undefined ? body : undefined),
      response,
    };
    const id = asObject(response.json)?.['id'];
    if (kind === 'valid' && isSuccess(response.status) && typeof id === 'string' && id !== '') {
      const path = `${COLLECTION_PATH}/${encodeURIComponent(id)}`;
      const getHeaders = this.headers(false);
      ex.readBack = { request: this.record('GET', path, getHeaders), response: await this.readBack(path, getHeaders) };
      const location = response.headers['location'];
      if (location !== undefined && !this.locationFollowed) {
        const below = this.belowRoot(location, ex.request.url);
        if (below !== undefined) {
          this.locationFollowed = true;
          const got = await this.readBack(below, getHeaders);
          ex.locationRead = { request: this.record('GET', below, getHeaders), response: got };
        }
      }
    }
    return ex;
  }

  /**
   * The read-back GET. A 404 is sent again with backoff (250 ms, doubling) for up to readBackWaitMs, since a read
   * right after a write may miss it while the service replicates; the earlier 404s stay on the record as attempts.
   * After PERSISTENT_404_LIMIT read-backs whose 404 outlasted the whole wait, the run stops waiting: that is a fault.
   */
  private async readBack(path: string, headers: Record<string, string>): Promise<ResponseRecord> {
    const limit = this.opts.readBackWaitMs ?? DEFAULTS.readBackWaitMs;
    let waited = 0;
    const attempts: Attempt[] = [];
    for (let pause = 250; ; pause *= 2) {
      if (this.throttle) await this.throttle();
      const got = await this.transport.send({ method: 'GET', path, headers });
      if (got.status !== 404 || this.readBacks.persistent >= PERSISTENT_404_LIMIT || limit <= 0) {
        if (attempts.length > 0) {
          got.attempts = [...attempts, ...(got.attempts ?? [])];
          if (isSuccess(got.status)) this.readBacks.healed++;
        }
        return got;
      }
      if (waited >= limit) {
        this.readBacks.persistent++;
        got.attempts = [...attempts, ...(got.attempts ?? [])];
        return got;
      }
      const ms = Math.min(pause, limit - waited);
      if (attempts.length === 0) this.readBacks.retried++;
      attempts.push({ status: got.status, waitedMs: ms });
      waited += ms;
      this.readBacks.waitedMs += ms;
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  /**
   * A Location header as a path below the service root (for transport.send), or undefined when it points elsewhere:
   * another origin or outside the root is never sent the token (location-header judges its form).
   */
  private belowRoot(location: string, requestUrl: string): string | undefined {
    const app = this.transport.root.startsWith('app:');
    let url: URL;
    let root: URL;
    try {
      // An in-process app has no URL of its own: its paths resolve against a stand-in origin.
      url = new URL(location, app ? `http://app.invalid${requestUrl.slice(this.transport.root.length)}` : requestUrl);
      root = new URL(app ? 'http://app.invalid' : this.transport.root);
    } catch {
      return undefined;
    }
    // An in-process app gets every request whatever host the Location names: only the path counts.
    if (app) return url.pathname + url.search;
    if (url.origin !== root.origin) return undefined;
    const base = root.pathname.replace(/\/$/, '');
    if (!url.pathname.startsWith(`${base}/`)) return undefined;
    return url.pathname.slice(base.length) + url.search;
  }

  /**
   * The client-id case: valid body 0 with an `id` the client chose (unique to this run), to see what the server makes
   * of a key the docs let the server assign.
   */
  private async clientIdExchange(value: unknown): Promise<Exchange> {
    const id = `conformance-client-id-${this.opts.seed}-${this.startedAt.toString(36)}`;
    const body = { ...(asObject(value) ?? {}), id };
    const ex = await this.exchange('client-id', 'client-id', body);
    ex.clientId = id;
    return ex;
  }

  /** An invalid case: its body (or raw text) sent like any other, the exchange tagged with the rule it breaks. */
  private async invalidExchange(caseId: string, inv: InvalidCase): Promise<Exchange> {
    const ex = await this.exchange('invalid', caseId, inv.body, inv.raw);
    ex.invalid = { rule: inv.rule, pointer: inv.pointer, expectation: inv.expectation };
    if (inv.leniency) ex.invalid.leniency = inv.leniency;
    return ex;
  }

  private judgeOne(state: CheckState, ex: Exchange): string[] | undefined {
    if (this.crashed.has(state.check.id)) return undefined;
    try {
      if (!state.check.appliesTo(ex, this.ctx)) return undefined;
      return state.check.judge(ex, this.ctx);
    } catch (e) {
      this.crashed.add(state.check.id);
      const err: SuiteErrorRecord = {
        code: 'check-crashed',
        message: this.redact(`check ${state.check.id} threw on case ${ex.caseId}: ${(e as Error).message}`),
        hint: 'a check that throws is a bug in the suite, not in the target; please report it',
      };
      this.errors.push(err);
      void this.emit({ type: 'error', at: now(), error: err });
      return undefined;
    }
  }

  /**
   * A failure as it leaves the engine (events, results): exchanges are recorded and judged as they came, and redacted
   * here, the one way out for a request or an answer (a target may echo the token anywhere). Most cases pass, and a
   * passing case's exchange is dropped without being copied.
   */
  private failure(raw: Exchange, rawMessages: string[], path: string, minimal: boolean): Failure {
    const ex = this.redact(raw);
    const messages = this.redact(rawMessages);
    const f: Failure = {
      caseId: ex.caseId,
      message: messages[0] ?? '',
      messages,
      minimal,
      request: ex.request,
      response: ex.response,
      reproduce: { seed: this.opts.seed, path, curl: curlFor(ex.request, ex.kind === 'auth-wrong') },
    };
    if (ex.readBack) f.readBack = ex.readBack;
    if (ex.locationRead) f.locationRead = ex.locationRead;
    if (ex.invalid) {
      f.invalid = { rule: ex.invalid.rule, pointer: ex.invalid.pointer };
      if (ex.invalid.leniency) f.invalid.leniency = ex.invalid.leniency;
    }
    return f;
  }

  private async judge(
    ex: Exchange,
    path: string,
    index: number | undefined,
    done: number,
    total: number,
  ): Promise<void> {
    const failed: CheckId[] = [];
    const judged: CheckId[] = [];
    // An answer still throttled when the wait budget ran out says nothing about the body: it is counted, not judged.
    const unjudgeable = this.transport.exhausted && isThrottled(ex.response);
    if (!unjudgeable) this.tally.add(ex);
    for (const state of unjudgeable ? [] : this.states) {
      const msgs = this.judgeOne(state, ex);
      if (msgs === undefined) continue;
      judged.push(state.check.id);
      state.result.cases++;
      if (msgs.length === 0) continue;
      failed.push(state.check.id);
      state.result.failedCases++;
      if (!state.first && index !== undefined && (ex.kind === 'valid' || ex.kind === 'invalid'))
        state.first = { kind: ex.kind, index, messages: msgs, noAnswer: ex.response.status === 0 };
      if (state.result.failures.length < this.opts.maxFailuresPerCheck) {
        const f = this.failure(ex, msgs, path, false);
        state.result.failures.push(f);
        await this.emit({
          type: 'failure',
          at: now(),
          checkId: state.check.id,
          severity: state.result.severity,
          failure: f,
        });
      }
    }
    const id = asObject(ex.response.json)?.['id'];
    if (ex.kind === 'valid' && isSuccess(ex.response.status) && typeof id === 'string' && !this.seenIds.has(id))
      this.seenIds.set(id, ex.caseId);
    this.cases++;
    const event: RunEvent = {
      type: 'case',
      at: now(),
      caseId: ex.caseId,
      kind: ex.kind,
      path,
      status: ex.response.status,
      durationMs: Math.round(ex.response.durationMs * 1000) / 1000,
      failed,
      judged,
      done,
      total,
    };
    if (ex.invalid) event.invalidRule = ex.invalid.rule;
    await this.emit(event);
  }

  /**
   * One small request before the run: is anything there? Only its status line is read (and $top=1 asks for one
   * entity), so the cost is the same whatever the collection holds.
   */
  private async preflight(): Promise<void> {
    if (this.opts.target.kind !== 'url') return;
    const r = await this.transport.send({
      method: 'GET',
      path: `${COLLECTION_PATH}?$top=1`,
      headers: this.headers(false),
      statusOnly: true,
    });
    if (r.status === 0) {
      throw new SuiteError(
        'target-unreachable',
        `cannot reach ${this.transport.root}${COLLECTION_PATH}: ${this.redact(r.error ?? 'no answer')}`,
        'start the server under test first, and check the URL (scheme, host, port and the service root such as /beta)',
      );
    }
  }

  private openThrottled(): ThrottledTransport {
    return new ThrottledTransport(openTransport(this.opts), { ...DEFAULT_THROTTLE, ...this.opts.throttle });
  }

  /** Runs every case, shrinks the first failure of each failing check, and returns results.json's content. */
  async run(): Promise<RunResults> {
    this.startedAt = Date.now();
    const t0 = performance.now();
    this.transport = this.openThrottled();
    this.ctx = {
      profile: this.opts.profile,
      specs: this.specs,
      runStartedAt: this.startedAt,
      now: Date.now,
      seenIds: this.seenIds,
    };
    const shard = this.opts.shard ? `${this.opts.shard.index}/${this.opts.shard.total}` : undefined;
    try {
      await this.preflight();
      // Bodies are generated one at a time as the cases go out (see LazySample): the same values, by index, as
      // fc.sample(arb, {seed, numRuns: runs}), without holding them all.
      const jobs = new JobQueue({
        runs: this.opts.runs,
        seed: this.opts.seed,
        ...(this.opts.shard ? { shard: this.opts.shard } : {}),
        auth: Boolean(this.opts.token) && (!this.opts.shard || this.opts.shard.index === 1),
        clientId: !this.opts.shard || this.opts.shard.index === 1,
        bodies: this.bodies,
      });
      await this.emit({
        type: 'run-started',
        at: now(),
        tool: TOOL,
        target: this.transport.root,
        seed: this.opts.seed,
        runs: this.opts.runs,
        concurrency: this.opts.concurrency,
        profile: this.opts.profile,
        ...(shard ? { shard } : {}),
        checks: this.states.map((s) => ({ id: s.check.id, severity: s.result.severity })),
        plannedCases: jobs.length,
      });
      let done = 0;
      const worker = async (): Promise<void> => {
        for (let job = jobs.next(); job; job = jobs.next()) {
          const caseId = job.kind === 'valid' ? `v${job.index}` : job.kind === 'invalid' ? `i${job.index}` : job.kind;
          const path = job.kind === 'valid' || job.kind === 'invalid' ? `${job.kind}:${job.index}` : job.kind;
          // The target never stopped throttling: what is left cannot be judged (results say inconclusive).
          if (this.transport.exhausted) break;
          const ex =
            job.kind === 'invalid'
              ? await this.invalidExchange(caseId, job.value)
              : job.kind === 'client-id'
                ? await this.clientIdExchange(job.value)
                : await this.exchange(job.kind, caseId, job.value);
          done++;
          await this.judge(
            ex,
            path,
            job.kind === 'valid' || job.kind === 'invalid' ? job.index : undefined,
            done,
            jobs.length,
          );
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.opts.concurrency, jobs.length)) }, worker));
      // A case that got no answer at all (timeout, reset) has no smaller form worth the wait: it is reported as found.
      if (this.opts.shrink)
        for (const state of this.states) if (state.first && !state.first.noAnswer) await this.shrink(state);
    } catch (e) {
      if (e instanceof SuiteError) {
        const err: SuiteErrorRecord = { code: e.code, message: this.redact(e.message) };
        if (e.hint) err.hint = e.hint;
        this.errors.push(err);
        await this.emit({ type: 'error', at: now(), error: err });
      } else throw e;
    } finally {
      await this.transport.close();
    }
    const results = this.results(performance.now() - t0, shard);
    await this.emit({ type: 'run-finished', at: now(), results });
    for (const r of this.reporters) await r.close?.();
    return results;
  }

  /** Replays the first failing case of a check through fast-check and keeps the smallest body that still fails it. */
  private async shrink(state: CheckState): Promise<void> {
    const first = state.first;
    if (!first) return;
    let budget = this.opts.maxShrinkRequests;
    let requests = 0;
    let best: { ex: Exchange; messages: string[] } | undefined;
    await this.emit({ type: 'shrink', at: now(), checkId: state.check.id, phase: 'started', requests: 0 });
    const shrinkMs = this.opts.maxShrinkMs ?? DEFAULTS.maxShrinkMs;
    const deadline = performance.now() + shrinkMs;
    const attempt = async (kind: 'valid' | 'invalid', value: ValidBody | InvalidCase): Promise<boolean> => {
      // Out of requests or time, or the target stopped answering: stop exploring, keep the best so far.
      if (budget-- <= 0 || performance.now() > deadline) return true;
      requests++;
      const caseId = `${state.check.id}-shrink-${requests}`;
      const ex =
        kind === 'invalid'
          ? await this.invalidExchange(caseId, value as InvalidCase)
          : await this.exchange('valid', caseId, value);
      if (ex.response.status === 0) budget = 0;
      const msgs = this.judgeOne(state, ex);
      if (msgs && msgs.length > 0) {
        best = { ex, messages: msgs };
        return false;
      }
      return true;
    };
    const out =
      first.kind === 'valid'
        ? await fc.check(
            fc.asyncProperty(validCreateBody(this.bodies), (v) => attempt('valid', v)),
            { seed: this.opts.seed, path: String(first.index), endOnFailure: false, interruptAfterTimeLimit: shrinkMs },
          )
        : await fc.check(
            fc.asyncProperty(invalidCreateBody(this.bodies), (v) => attempt('invalid', v)),
            { seed: this.opts.seed, path: String(first.index), endOnFailure: false, interruptAfterTimeLimit: shrinkMs },
          );
    await this.emit({ type: 'shrink', at: now(), checkId: state.check.id, phase: 'finished', requests });
    const found = best as { ex: Exchange; messages: string[] } | undefined;
    if (out.failed && found) {
      const path = `${first.kind}:${out.counterexamplePath ?? first.index}`;
      found.ex.caseId = `${first.kind === 'valid' ? 'v' : 'i'}${first.index}-min`;
      state.result.failures.unshift(this.failure(found.ex, found.messages, path, true));
      if (state.result.failures.length > this.opts.maxFailuresPerCheck + 1) state.result.failures.pop();
    }
  }

  /**
   * Sends one saved case again and judges it with one check. A server-assigned-id case is sent twice, since its
   * rule is about ids across creates.
   */
  async replay(saved: {
    kind: CaseKind;
    text: string;
    invalid?: InvalidTag;
    checkId: CheckId;
  }): Promise<{ applied: boolean; messages: string[]; exchange: Exchange }> {
    const state = this.states.find((s) => s.check.id === saved.checkId);
    if (!state)
      throw new SuiteError(
        'unknown-check',
        `the case file names check "${saved.checkId}", which is not selected`,
        'replay the case without --checks/--exclude-checks',
      );
    this.startedAt = Date.now();
    this.transport = this.openThrottled();
    this.ctx = {
      profile: this.opts.profile,
      specs: this.specs,
      runStartedAt: this.startedAt,
      now: Date.now,
      seenIds: this.seenIds,
    };
    try {
      await this.preflight();
      let body: unknown;
      try {
        body = JSON.parse(saved.text) as unknown;
      } catch {
        body = undefined;
      }
      const raw = body === undefined ? saved.text : undefined;
      const times = saved.checkId === 'server-assigned-id' ? 2 : 1;
      let ex: Exchange | undefined;
      for (let i = 0; i < times; i++) {
        ex = await this.exchange(saved.kind, `replay-${i}`, body, raw);
        if (saved.invalid) ex.invalid = saved.invalid;
        const sentId = asObject(body)?.['id'];
        if (saved.kind === 'client-id' && typeof sentId === 'string') ex.clientId = sentId;
        const msgs = i === times - 1 ? this.judgeOne(state, ex) : undefined;
        const id = asObject(ex.response.json)?.['id'];
        if (i < times - 1 && typeof id === 'string') this.seenIds.set(id, ex.caseId);
        if (i === times - 1) {
          if (this.errors.length > 0)
            throw new SuiteError(this.errors[0]?.code ?? 'check-crashed', this.errors[0]?.message ?? 'check crashed');
          // The messages and the exchange leave the engine here: redacted like a failure.
          return { applied: msgs !== undefined, messages: this.redact(msgs ?? []), exchange: this.redact(ex) };
        }
      }
      throw new Error('unreachable');
    } finally {
      await this.transport.close();
    }
  }

  /**
   * Why this run could not judge the target (it never stopped throttling; no valid create succeeded), recorded as an
   * `inconclusive`/`throttled` error with a hint; undefined when it could.
   */
  private unjudged(): string | undefined {
    if (this.errors.some((e) => !INCONCLUSIVE_CODES.has(e.code))) return undefined;
    const found: SuiteErrorRecord[] = [];
    const t = this.transport?.stats;
    if (t?.gaveUp)
      found.push({
        code: 'throttled',
        message: `inconclusive: the target still throttled after ${Math.round(t.waitedMs / 1000)} s of waiting (${t.throttledResponses} throttled answers, ${t.retries} retries); the run stopped there`,
        hint: 'lower --rate-limit or --concurrency, raise --max-throttle-wait, or run when the service is less busy',
      });
    const none = this.tally.inconclusive(this.transport?.root ?? '', Boolean(this.opts.token));
    if (none && !t?.gaveUp) found.push(none);
    for (const e of found) {
      if (this.errors.some((x) => x.code === e.code)) continue;
      const err = this.redact(e);
      this.errors.push(err);
      void this.emit({ type: 'error', at: now(), error: err });
    }
    const first = this.errors.find((e) => INCONCLUSIVE_CODES.has(e.code));
    return first
      ? first.code === 'throttled'
        ? 'the target kept throttling'
        : 'no valid create succeeded'
      : undefined;
  }

  private results(durationMs: number, shard: string | undefined): RunResults {
    const reasons: Partial<Record<CheckId, string>> = {
      'auth-required': 'no token configured (--token or GRAPH_TOKEN), so there is nothing to withhold',
      'checkin-datetime': 'no 2xx create answer carried checkinStatuses',
      'read-after-create': 'no 2xx create answer carried an id to read back',
      'last-modified': 'no 2xx create answer carried lastModifiedDateTime',
      'unknown-property': 'no case sent an undeclared property',
      'lenient-input':
        this.opts.profile === 'odata-strict'
          ? 'odata-strict allows no leniency: rejects-invalid judges those bodies at error level'
          : 'no case sent a body this profile lets a service accept',
    };
    const unjudged = this.unjudged();
    const checks: CheckResult[] = [];
    for (const s of this.states) {
      const r = s.result;
      if (this.crashed.has(r.id)) {
        r.status = 'skipped';
        r.skippedReason = 'the check crashed (see errors)';
      } else if (r.failedCases > 0) r.status = 'failed';
      else if (r.cases > 0 && unjudged) {
        // What it judged (404s, 401s, throttled answers) says nothing about the rule: not a pass.
        r.status = 'skipped';
        r.skippedReason = `not judged: the run is inconclusive (${unjudged})`;
      } else if (r.cases > 0) r.status = 'passed';
      else {
        r.status = 'skipped';
        r.skippedReason = this.errors.length > 0 ? 'the run stopped on an error' : (reasons[r.id] ?? 'no case applied');
      }
      checks.push(r);
    }
    checks.push(...this.skippedOut);
    const order = new Map(
      defaultRegistry()
        .ids()
        .map((id, i) => [id, i]),
    );
    checks.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const failedErrors = checks.filter((c) => c.status === 'failed' && c.severity === 'error').length;
    const warnings = checks.filter((c) => c.status === 'failed' && c.severity === 'warning').length;
    const exitCode: 0 | 1 | 2 = this.errors.length > 0 ? 2 : failedErrors > 0 ? 1 : 0;
    const onlyUnjudged = this.errors.length > 0 && this.errors.every((e) => INCONCLUSIVE_CODES.has(e.code));
    const results: RunResults = {
      tool: TOOL,
      target: this.transport?.root ?? '',
      profile: this.opts.profile,
      seed: this.opts.seed,
      runs: this.opts.runs,
      startedAt: new Date(this.startedAt).toISOString(),
      durationMs: Math.round(durationMs),
      summary: {
        passed: checks.filter((c) => c.status === 'passed').length,
        failed: checks.filter((c) => c.status === 'failed').length,
        skipped: checks.filter((c) => c.status === 'skipped').length,
        cases: this.cases,
        warnings,
      },
      verdict: exitCode === 2 ? (onlyUnjudged ? 'inconclusive' : 'error') : exitCode === 1 ? 'failed' : 'passed',
      exitCode,
      checks,
      errors: this.errors,
      throttling: {
        throttledResponses: this.transport?.stats.throttledResponses ?? 0,
        retries: this.transport?.stats.retries ?? 0,
        waitedMs: Math.round(this.transport?.stats.waitedMs ?? 0),
        gaveUp: this.transport?.stats.gaveUp ?? false,
      },
      readBackRetries: {
        retried: this.readBacks.retried,
        healed: this.readBacks.healed,
        waitedMs: this.readBacks.waitedMs,
      },
    };
    if (shard) results.shard = shard;
    if (this.opts.generation && Object.keys(this.opts.generation).length > 0)
      results.generation = { ...this.opts.generation };
    return results;
  }
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** Runs the suite once; the result's exitCode is what a CI gate should exit with. */
export function runConformance(opts: RunOptions, reporters: Reporter[] = []): Promise<RunResults> {
  return new ConformanceRun(opts, reporters).run();
}
