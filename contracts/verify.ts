/**
 * Provider verification of pact files against a target URL, with results in `run`'s results.json shape.
 *
 * The Verifier runs in a child process (verify-worker.ts) whose output is piped here: Pact's Rust verifier prints
 * straight to stdout, quoting what the target sent, so only this side decides what is printed, after scrubbing the
 * token. The token goes to the child in its environment and is added to requests by the Verifier's request filter.
 *
 * Pacts from a Pact Broker (`broker`): the child runs one Verifier with Pact's own broker options (it fetches the
 * pacts for verification, applies pending and WIP semantics and publishes the results). Before that, this side asks
 * the broker the same question (`pb:provider-pacts-for-verification` with the same body) and reads each pact it
 * names, so the reports can say which consumer version each pact came from and whether it was pending, and map the
 * verifier's results to pacts by the interaction ids the broker adds (`_id`). A failure of a pending pact is
 * reported but does not fail the run (exit 0), as Pact's pending pacts work. The broker token travels as the target
 * token does (the child's environment) and is scrubbed from everything shown or written.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { startChild } from '../engine/child';
import { SuiteError } from '../engine/errors';
import type { SuiteErrorRecord } from '../engine/events';
import { createRedactor, type Redactor } from '../engine/redact';
import { COLLECTION_PATH } from '../engine/run';
import { TOOL } from '../engine/tool';
import { HttpTransport } from '../engine/transport';
import { DEFAULT_PACT_DIR } from './defaults';
import { parseBrokerUrl } from './publish';
import { pactFilesIn, parsePact, readPact, type PactFile } from './pact-file';
import {
  PACT_CHECK_ID,
  PACT_CHECK_RULE,
  PACT_CHECK_SOURCE,
  type PactFileResult,
  type PactVerificationResults,
} from './results';
import {
  BROKER_SOURCE,
  BROKER_TOKEN_ENV,
  PACT_BROKER_ENV,
  TOKEN_ENV,
  type ConsumerVersionSelector,
  type WorkerBrokerSource,
  type WorkerReply,
  type WorkerRequest,
} from './verify-protocol';
import { ReplyReader, type BrokerPact, type BrokerPactResult } from './verify-reply';

export type { ConsumerVersionSelector } from './verify-protocol';
export type { BrokerPactFailure, BrokerPactResult } from './verify-reply';

/** Verify the pacts a Pact Broker hands out for a provider, instead of pact files. */
export interface BrokerVerifyOptions {
  /** Base URL of the Pact Broker. */
  url: string;
  /** The provider's name in the broker. */
  provider: string;
  consumerVersionSelectors: ConsumerVersionSelector[];
  /** Pact's pending pacts: a failure of a pact the provider never verified successfully does not fail the run. */
  enablePending?: boolean;
  /** Also verify work-in-progress pacts published since this date (needs enablePending). */
  includeWipPactsSince?: string;
  /** Publish each pact's verification result to the broker (needs providerVersion). */
  publishResults?: boolean;
  providerVersion?: string;
  providerBranch?: string;
  /** Bearer token of the broker; never printed or written. */
  token?: string;
}

/** The selectors `verify --broker-url` uses when none is given: Pact's recommended ones. */
export const DEFAULT_CONSUMER_VERSION_SELECTORS: ConsumerVersionSelector[] = [
  { mainBranch: true },
  { deployedOrReleased: true },
];

/** results.json of `verify`: run's shape, plus the broker's side when the pacts came from one. */
export interface VerificationResults extends PactVerificationResults {
  pacts: Array<PactFileResult | BrokerPactResult>;
  broker?: {
    url: string;
    provider: string;
    consumerVersionSelectors: ConsumerVersionSelector[];
    enablePending: boolean;
    includeWipPactsSince?: string;
    publishResults: boolean;
    providerVersion?: string;
    providerBranch?: string;
  };
  /** Failed interactions of pending pacts (listed among the failures, marked `pending`); they do not fail the run. */
  pendingFailures?: number;
}

export interface VerifyOptions {
  /** Service root of the provider, e.g. http://127.0.0.1:8080/beta. */
  target: string;
  /** Pact files; default every *.json in contracts/pacts/. */
  pacts?: string[];
  token?: string;
  /** Per-request timeout (ms); default 10000. */
  timeoutMs?: number;
  /** The whole verification (ms), after which the verifier process is killed; default 120000. */
  totalTimeoutMs?: number;
  /** Receives the Pact verifier's report, line by line, token scrubbed. */
  log?: (line: string) => void;
  /** Verify the broker's pacts for the provider (exclusive with `pacts`). */
  broker?: BrokerVerifyOptions;
}

/** The pact files to verify: the given ones (each must exist), or contracts/pacts/*.json. */
export function resolvePactFiles(given: string[] | undefined): string[] {
  if (given && given.length > 0) {
    return given.map((f) => {
      const file = resolve(f);
      if (!existsSync(file) || !statSync(file).isFile())
        throw new SuiteError(
          'pact-file',
          `pact file not found: ${f}`,
          'pass --pact with an existing file, or leave it out to verify contracts/pacts/*.json',
        );
      return file;
    });
  }
  const found = pactFilesIn(DEFAULT_PACT_DIR);
  if (found.length === 0)
    throw new SuiteError(
      'no-pacts',
      `no pact files in ${DEFAULT_PACT_DIR}`,
      'run `npm run conformance -- pact` first, or pass --pact FILE',
    );
  return found;
}

/** The whole verification's default limit (ms), after which the verifier process is killed. */
const TOTAL_TIMEOUT_MS = 120_000;

const tsxLoader = (): string => pathToFileURL(require.resolve('tsx')).href;
const WORKER = join(__dirname, 'verify-worker.ts');

/** How the worker ended: its reply (none if it crashed before one), what it printed, its exit code. */
interface WorkerRun {
  reply?: WorkerReply;
  output: string;
  code: number | null;
  timedOut: boolean;
}

/** Runs the worker; resolves with its reply and what it printed. Kills it (by PID) past the total timeout. */
function runWorker(
  request: WorkerRequest,
  token: string | undefined,
  brokerToken: string | undefined,
  totalTimeoutMs: number,
): Promise<WorkerRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true' };
  for (const k of [TOKEN_ENV, BROKER_TOKEN_ENV, ...PACT_BROKER_ENV]) delete env[k];
  if (token !== undefined) env[TOKEN_ENV] = token;
  if (brokerToken !== undefined) env[BROKER_TOKEN_ENV] = brokerToken;
  const { child, result } = startChild({
    command: process.execPath,
    args: ['--import', tsxLoader(), WORKER],
    env,
    timeoutMs: totalTimeoutMs,
    ipc: true,
  });
  let reply: WorkerReply | undefined;
  child.on('message', (m: WorkerReply) => {
    reply = m;
  });
  child.send(request);
  return result.then((r) => ({
    ...(reply ? { reply } : {}),
    output: r.error ? `${r.output}\n${r.error.message}\n` : r.output,
    code: r.code,
    timedOut: r.timedOut,
  }));
}

async function preflight(
  target: string,
  token: string | undefined,
  timeoutMs: number,
  redact: Redactor,
): Promise<void> {
  const transport = new HttpTransport(target, { timeoutMs, concurrency: 1, maxResponseBytes: 64 * 1024 });
  // Only the status line is read, with $top=1: the same small cost whatever the provider's collection holds.
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const r = await transport.send({ method: 'GET', path: `${COLLECTION_PATH}?$top=1`, headers, statusOnly: true });
    if (r.status === 0)
      throw new SuiteError(
        'target-unreachable',
        `cannot reach ${transport.root}${COLLECTION_PATH}: ${redact(r.error ?? 'no answer')}`,
        'start the provider first, and check the URL (scheme, host, port and the service root such as /beta)',
      );
  } finally {
    await transport.close();
  }
}

/** The broker's base URL, checked: http(s), no credentials in it (the token goes in PACT_BROKER_TOKEN). */
export function brokerBaseUrl(text: string): string {
  const url = parseBrokerUrl(text);
  if (url.username !== '' || url.password !== '')
    throw new SuiteError(
      'bad-option',
      '--broker-url must not carry credentials',
      'give the bearer token in PACT_BROKER_TOKEN (or the variable --broker-token-env names), not in the URL',
    );
  return text.replace(/\/+$/, '');
}

interface HalLink {
  href?: unknown;
  name?: unknown;
}

/** A pact's JSON (as the broker serves it) read as pact-file.ts reads a file, plus the interactions' `_id`. */
function pactFromJson(url: string, data: unknown): { pact: PactFile; ids: Array<string | undefined> } {
  const { ids, ...pact } = parsePact(data, url, {
    code: 'broker-pact',
    message: `the broker's pact at ${url} is not a pact (it needs consumer.name, provider.name and interactions)`,
    hint: 'check that --broker-url is a Pact Broker (or PactFlow) and that the consumer published a pact file',
  });
  return { pact, ids };
}

/** A pact the broker listed, with what its pacts-for-verification entry said (version, pending, WIP, notices). */
function brokerPactOf(
  pact: PactFile,
  ids: Array<string | undefined>,
  self: HalLink,
  data: { _links?: Record<string, HalLink> },
  props: { pending?: unknown; wip?: unknown; notices?: Array<{ when?: unknown; text?: unknown }> },
): BrokerPact {
  const named = /\(([^()]*)\) and /.exec(typeof self.name === 'string' ? self.name : '')?.[1];
  const versionLink = data?._links?.['pb:consumer-version']?.name;
  return {
    ...pact,
    consumerVersion: typeof versionLink === 'string' ? versionLink : (named ?? 'unknown'),
    pending: typeof props.pending === 'boolean' ? props.pending : undefined,
    wip: props.wip === true,
    notices: (props.notices ?? [])
      .filter((n) => typeof n.text === 'string' && (n.when === undefined || n.when === 'before_verification'))
      .map((n) => String(n.text)),
    ids,
  };
}

/** One request to the broker: its JSON answer, or a SuiteError that says what the broker's status means. */
async function brokerCall(
  b: BrokerVerifyOptions,
  origin: string,
  timeoutMs: number,
  redact: Redactor,
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/json' };
  // The token goes to the broker only, never to a link that points elsewhere.
  if (b.token !== undefined && new URL(url).origin === origin) headers['authorization'] = `Bearer ${b.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: unknown } }).cause?.message;
    throw new SuiteError(
      'broker-unreachable',
      redact(`cannot reach the Pact Broker at ${url}: ${typeof cause === 'string' ? cause : (e as Error).message}`),
      'check --broker-url and that the broker is up',
    );
  }
  const text = await res.text();
  if (res.status === 401 || res.status === 403)
    throw new SuiteError(
      'broker-unauthorized',
      `the Pact Broker refused ${method} ${url}: ${res.status}`,
      'check the broker token: PACT_BROKER_TOKEN, or the variable --broker-token-env names',
    );
  if (res.status === 400 && method === 'POST')
    throw new SuiteError(
      'broker-refused-selectors',
      redact(`the Pact Broker refused the query for pacts to verify: ${text.slice(0, 500)}`),
      'check the consumer version selectors (--consumer-version-selector, --main-branch, --branch, --deployed-or-released) and --include-wip-pacts-since',
    );
  if (!res.ok)
    throw new SuiteError(
      'broker-failed',
      redact(`the Pact Broker answered ${method} ${url} with ${res.status}: ${text.slice(0, 200)}`),
      res.status >= 500 ? 'the broker failed on its side: retry later' : 'check --broker-url and --provider',
    );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SuiteError(
      'broker-failed',
      `the Pact Broker's answer to ${method} ${url} is not JSON`,
      'check that --broker-url is a Pact Broker (or PactFlow)',
    );
  }
}

/**
 * Asks the broker which pacts the provider must verify (the request the Verifier sends next, same body) and reads
 * each of them. Throws a SuiteError with a hint when the broker cannot be used.
 */
async function brokerPacts(b: BrokerVerifyOptions, timeoutMs: number, redact: Redactor): Promise<BrokerPact[]> {
  const base = brokerBaseUrl(b.url);
  const origin = new URL(base).origin;
  const call = (url: string, method: 'GET' | 'POST', body?: unknown): Promise<unknown> =>
    brokerCall(b, origin, timeoutMs, redact, url, method, body);
  const index = (await call(`${base}/`, 'GET')) as { _links?: Record<string, HalLink> };
  const link = index?._links?.['pb:provider-pacts-for-verification']?.href;
  if (typeof link !== 'string')
    throw new SuiteError(
      'broker-unsupported',
      `the Pact Broker at ${base} has no pb:provider-pacts-for-verification relation`,
      'verifying from a broker needs pacts for verification: Pact Broker 2.60 or later, or PactFlow',
    );
  const forVerification = new URL(link.replace('{provider}', encodeURIComponent(b.provider)), `${base}/`).href;
  const answer = (await call(forVerification, 'POST', forVerificationBody(b))) as {
    _embedded?: {
      pacts?: Array<{
        verificationProperties?: {
          pending?: unknown;
          wip?: unknown;
          notices?: Array<{ when?: unknown; text?: unknown }>;
        };
        _links?: { self?: HalLink };
      }>;
    };
  };
  const listed = answer?._embedded?.pacts ?? [];
  if (listed.length === 0)
    throw new SuiteError(
      'no-pacts',
      `the Pact Broker has no pacts for provider ${b.provider} matching the consumer version selectors ${JSON.stringify(b.consumerVersionSelectors)}`,
      'check --provider and the selectors; the consumer publishes its pacts first (`conformance publish`)',
    );
  const out: BrokerPact[] = [];
  for (const entry of listed) {
    const self = entry._links?.self;
    if (typeof self?.href !== 'string')
      throw new SuiteError(
        'broker-failed',
        'the Pact Broker listed a pact without a self link',
        'check that --broker-url is a Pact Broker (or PactFlow)',
      );
    const url = new URL(self.href, `${base}/`).href;
    const data = (await call(url, 'GET')) as { _links?: Record<string, HalLink> };
    const { pact, ids } = pactFromJson(url, data);
    out.push(brokerPactOf(pact, ids, self, data, entry.verificationProperties ?? {}));
  }
  return out;
}

/** The body of the pacts-for-verification query, as the Verifier sends it. */
function forVerificationBody(b: BrokerVerifyOptions): Record<string, unknown> {
  return {
    consumerVersionSelectors: b.consumerVersionSelectors,
    includePendingStatus: b.enablePending === true,
    ...(b.providerBranch !== undefined ? { providerVersionBranch: b.providerBranch } : {}),
    ...(b.includeWipPactsSince !== undefined ? { includeWipPactsSince: b.includeWipPactsSince } : {}),
  };
}

type BrokerSettings = NonNullable<VerificationResults['broker']>;

/** The broker options as results.json records them (the base URL checked): built once, the worker's read from them. */
function brokerSettings(b: BrokerVerifyOptions): BrokerSettings {
  return {
    url: brokerBaseUrl(b.url),
    provider: b.provider,
    consumerVersionSelectors: b.consumerVersionSelectors,
    enablePending: b.enablePending === true,
    ...(b.includeWipPactsSince !== undefined ? { includeWipPactsSince: b.includeWipPactsSince } : {}),
    publishResults: b.publishResults === true,
    ...(b.providerVersion !== undefined ? { providerVersion: b.providerVersion } : {}),
    ...(b.providerBranch !== undefined ? { providerBranch: b.providerBranch } : {}),
  };
}

/** The broker options the worker hands the Verifier, under the Verifier's own names. */
function workerBroker(s: BrokerSettings): WorkerBrokerSource {
  const { publishResults, providerBranch, ...rest } = s;
  return {
    ...rest,
    publishVerificationResult: publishResults,
    ...(providerBranch !== undefined ? { providerVersionBranch: providerBranch } : {}),
  };
}

/** Checks the broker options before anything is sent. */
function checkBrokerOptions(b: BrokerVerifyOptions): void {
  brokerBaseUrl(b.url);
  if (b.publishResults && (b.providerVersion === undefined || b.providerVersion.trim() === ''))
    throw new SuiteError(
      'bad-option',
      'publishing verification results needs the provider version',
      'add --provider-version (e.g. "$GIT_SHA") to --publish-results',
    );
  if (b.includeWipPactsSince !== undefined && !b.enablePending)
    throw new SuiteError(
      'bad-option',
      'work-in-progress pacts are pending pacts: --include-wip-pacts-since needs --enable-pending',
      'add --enable-pending',
    );
}

/** Verifies the pact files against the target and returns results.json's content (never throws for a target fault). */
export async function verifyPacts(opts: VerifyOptions): Promise<VerificationResults> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const broker = opts.broker;
  if (broker && opts.pacts && opts.pacts.length > 0)
    throw new SuiteError(
      'bad-option',
      '--pact and --broker-url are exclusive',
      'verify local pact files with --pact, or the pacts a Pact Broker hands out with --broker-url, not both',
    );
  if (broker) checkBrokerOptions(broker);
  const settings = broker ? brokerSettings(broker) : undefined;
  const redact = createRedactor([opts.token, broker?.token]);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const files = broker ? [] : resolvePactFiles(opts.pacts);
  const filePacts = files.map(readPact);
  // HttpTransport checks the URL (a SuiteError with a hint) and normalises it the way `run` reports targets.
  const probe = new HttpTransport(opts.target, { timeoutMs, concurrency: 1, maxResponseBytes: 1024 });
  const target = probe.root;
  await probe.close();
  const errors: SuiteErrorRecord[] = [];
  const request: WorkerRequest = {
    type: 'verify',
    target,
    pacts: files,
    timeoutMs,
    ...(settings ? { broker: workerBroker(settings) } : {}),
  };
  const { run, brokerList } = await runVerification(opts, request, redact, errors);
  // No run: the preflight (or the broker's query) failed and its error is recorded already.
  const runFault = run ? runError(run, opts.totalTimeoutMs ?? TOTAL_TIMEOUT_MS, redact) : undefined;
  if (runFault) errors.push(runFault);

  const reader = new ReplyReader(
    run?.reply?.type === 'result' ? run.reply : undefined,
    target,
    redact,
    errors,
    broker
      ? 'check --broker-url, --provider and the selectors, and that the target URL is right'
      : 'check that the file is a valid pact (Pact V2 to V4) and that the target URL is right',
    opts.log,
  );
  reader.readFiles(filePacts);
  if (settings && run) reader.readBroker(BROKER_SOURCE, brokerList, `the pacts of ${redact(settings.url)}`);

  const results = verificationResults(reader, errors, target, startedAt, performance.now() - t0, run?.reply);
  const stateFailures = run?.reply?.type === 'result' ? (run.reply.stateFailures ?? []) : [];
  if (stateFailures.length > 0) results.providerStateFailures = stateFailures;
  if (settings) {
    results.broker = settings;
    results.pendingFailures = reader.pendingFailures;
  }
  return redact(results);
}

/**
 * The preflight, the broker's pacts (when they come from one), then the worker. A SuiteError before the worker starts
 * is recorded in `errors`, and nothing runs.
 */
async function runVerification(
  opts: VerifyOptions,
  request: WorkerRequest,
  redact: Redactor,
  errors: SuiteErrorRecord[],
): Promise<{ run?: WorkerRun; brokerList: BrokerPact[] }> {
  const broker = opts.broker;
  let brokerList: BrokerPact[] = [];
  try {
    await preflight(request.target, opts.token, request.timeoutMs, redact);
    if (broker) brokerList = await brokerPacts(broker, request.timeoutMs, redact);
  } catch (e) {
    if (!(e instanceof SuiteError)) throw e;
    errors.push({ code: e.code, message: redact(e.message), ...(e.hint ? { hint: e.hint } : {}) });
    return { brokerList };
  }
  const run = await runWorker(request, opts.token, broker?.token, opts.totalTimeoutMs ?? TOTAL_TIMEOUT_MS);
  return { run, brokerList };
}

/** The last lines the worker printed (token scrubbed), for an error that says how it ended. */
function outputTail(output: string, redact: Redactor): string {
  return redact(stripVTControlCharacters(output))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-3)
    .join(' | ');
}

/** The suite error of a worker that was stopped past the total timeout, or ended without a result. */
function runError(run: WorkerRun, totalTimeoutMs: number, redact: Redactor): SuiteErrorRecord | undefined {
  if (run.timedOut)
    return {
      code: 'verify-timeout',
      message: `the Pact verifier did not finish within ${totalTimeoutMs} ms and was stopped`,
      hint: 'check that the target answers; raise --total-timeout for a slow provider',
    };
  if (run.reply && run.reply.type !== 'crash') return undefined;
  const tail = outputTail(run.output, redact);
  return {
    code: 'verifier-crashed',
    message: redact(
      `the Pact verifier process ended without a result (exit ${String(run.code)})${run.reply?.type === 'crash' ? `: ${run.reply.message}` : ''}${tail ? `: ${tail}` : ''}`,
    ),
    hint: 'run again with the same options; if it persists, report it with the command you ran',
  };
}

/** results.json of a verification, in run's shape: one check (every interaction verified), the pacts, the errors. */
function verificationResults(
  r: ReplyReader,
  errors: SuiteErrorRecord[],
  target: string,
  startedAt: number,
  durationMs: number,
  reply: WorkerReply | undefined,
): VerificationResults {
  const { cases, failures } = r;
  const blocking = failures.length - r.pendingFailures;
  const exitCode: 0 | 1 | 2 = errors.length > 0 ? 2 : blocking > 0 ? 1 : 0;
  const checkStatus = blocking > 0 ? 'failed' : cases > 0 && errors.length === 0 ? 'passed' : 'skipped';
  return {
    tool: TOOL,
    target,
    profile: 'pact',
    seed: 0,
    runs: cases,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(durationMs),
    summary: {
      passed: checkStatus === 'passed' ? 1 : 0,
      failed: checkStatus === 'failed' ? 1 : 0,
      skipped: checkStatus === 'skipped' ? 1 : 0,
      cases,
      warnings: 0,
    },
    verdict: exitCode === 2 ? 'error' : exitCode === 1 ? 'failed' : 'passed',
    exitCode,
    checks: [
      {
        id: PACT_CHECK_ID,
        severity: 'error',
        status: checkStatus,
        rule: PACT_CHECK_RULE,
        source: PACT_CHECK_SOURCE,
        cases,
        failedCases: failures.length,
        ...(checkStatus === 'skipped' ? { skippedReason: 'the verification did not run to the end (see errors)' } : {}),
        failures,
      },
    ],
    errors,
    pacts: r.pacts,
    providerStates: reply?.type === 'result' ? reply.states : {},
  };
}

/** Lines the console summary adds for pacts from a broker: each pact's consumer version and pending state. */
export function brokerSummaryLines(results: VerificationResults): string[] {
  const b = results.broker;
  if (!b) return [];
  const lines: string[] = [];
  for (const p of results.pacts) {
    if (!('source' in p)) continue;
    const state = p.wip ? 'work in progress, pending' : p.pending ? 'pending' : 'not pending';
    const outcome =
      p.interactions === 0
        ? 'not verified (see the errors)'
        : `${p.interactions - p.failed}/${p.interactions} interactions verified${p.pendingFailed > 0 ? `, ${p.pendingFailed} failed while pending` : ''}`;
    lines.push(`broker pact ${p.consumer} ${p.consumerVersion} -> ${p.provider} (${state}): ${outcome}`);
  }
  if ((results.pendingFailures ?? 0) > 0)
    lines.push(
      `pending: ${String(results.pendingFailures)} failed interaction(s) belong to pending pacts; as Pact's pending pacts work, they are reported but do not fail the run (exit ${results.exitCode})`,
    );
  if (b.publishResults)
    lines.push(
      `verification results published to ${b.url} as ${b.provider} ${b.providerVersion ?? ''}${b.providerBranch !== undefined ? ` on branch ${b.providerBranch}` : ''}`,
    );
  return lines;
}

/** The section summary.md gets for pacts from a broker (appended after the pact table). */
export function formatBrokerMarkdown(results: VerificationResults): string {
  const b = results.broker;
  if (!b) return '';
  const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out: string[] = ['', '## Pact Broker', ''];
  out.push(
    `Pacts of provider ${code(b.provider)} from ${code(b.url)}, consumer version selectors ${code(JSON.stringify(b.consumerVersionSelectors))}; pending pacts ${b.enablePending ? 'enabled' : 'not enabled'}${b.includeWipPactsSince !== undefined ? `; work-in-progress pacts since ${code(b.includeWipPactsSince)}` : ''}.`,
    '',
  );
  out.push('| consumer | version | pending | verified | failed | pact |', '| --- | --- | --- | --- | --- | --- |');
  for (const p of results.pacts) {
    if (!('source' in p)) continue;
    out.push(
      `| ${cell(p.consumer)} | ${cell(p.consumerVersion)} | ${p.wip ? 'yes (work in progress)' : p.pending ? 'yes' : 'no'} | ${p.interactions - p.failed} of ${p.interactions} | ${p.failed}${p.pendingFailed > 0 ? ' (pending)' : ''} | ${code(p.file)} |`,
    );
  }
  if ((results.pendingFailures ?? 0) > 0)
    out.push(
      '',
      `**Pending:** ${String(results.pendingFailures)} failed interaction(s) belong to pending pacts (pacts this provider has not yet verified successfully). As Pact's pending pacts work, they are reported above but do not fail the verification: exit ${results.exitCode}.`,
    );
  out.push(
    '',
    b.publishResults
      ? `Verification results published to the broker as ${code(`${b.provider} ${b.providerVersion ?? ''}`)}${b.providerBranch !== undefined ? ` on branch ${code(b.providerBranch)}` : ''}.`
      : 'Verification results were not published (`--publish-results` was not given).',
    '',
  );
  return out.join('\n');
}
