/**
 * Provider verification of pact files against a target URL, with results in `run`'s results.json shape.
 *
 * The Verifier runs in a child process (verify-worker.ts) whose output is piped here: Pact's Rust verifier prints
 * straight to stdout, quoting what the target sent, so only this side decides what is printed, after scrubbing the
 * token. The token goes to the child in its environment and is added to requests by the Verifier's request filter.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RequestRecord, ResponseRecord } from '../checks/types';
import { SuiteError } from '../engine/errors';
import type { SuiteErrorRecord } from '../engine/events';
import { createRedactor, type Redactor } from '../engine/redact';
import { curlFor } from '../engine/reproduce';
import { COLLECTION_PATH } from '../engine/run';
import { TOOL } from '../engine/tool';
import { HttpTransport } from '../engine/transport';
import { DEFAULT_PACT_DIR } from './defaults';
import { pactFilesIn, readPact, type PactFile, type PactInteraction } from './pact-file';
import {
  PACT_CHECK_ID,
  PACT_CHECK_RULE,
  PACT_CHECK_SOURCE,
  type PactFailure,
  type PactFileResult,
  type PactMismatch,
  type PactVerificationResults,
} from './results';
import { TOKEN_ENV, type RecordedExchange, type WorkerReply, type WorkerRequest } from './verify-protocol';

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

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const kx = Object.keys(x).sort();
    const ky = Object.keys(y).sort();
    return kx.length === ky.length && kx.every((k, i) => k === ky[i] && sameJson(x[k], y[k]));
  }
  return a === b;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const stripAnsi = (s: string): string => s.replace(ANSI, '');

function short(v: unknown, max = 500): unknown {
  if (typeof v !== 'string') return v;
  return v.length > max ? `${v.slice(0, max)}… (${v.length} characters)` : v;
}

function toMismatches(raw: unknown): PactMismatch[] {
  const list = (raw as { mismatches?: unknown })?.mismatches;
  const items: Array<Record<string, unknown>> = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
  if (items.length === 0) {
    const text = (raw as { message?: unknown })?.message;
    return [{ type: 'Error', message: typeof text === 'string' ? stripAnsi(text) : 'the interaction failed' }];
  }
  return items.map((m) => {
    const out: PactMismatch = {
      type: typeof m['type'] === 'string' ? m['type'] : 'Mismatch',
      message: stripAnsi(typeof m['mismatch'] === 'string' ? m['mismatch'] : JSON.stringify(m)),
    };
    if (typeof m['path'] === 'string') out.path = m['path'];
    if (typeof m['key'] === 'string') out.key = m['key'];
    if ('expected' in m) out.expected = short(m['expected']);
    if ('actual' in m) out.actual = short(m['actual']);
    return out;
  });
}

function describeMismatch(m: PactMismatch): string {
  const where = m.path ?? (m.key !== undefined ? `header ${m.key}` : undefined);
  return where && !m.message.includes(where) ? `${where}: ${m.message}` : m.message;
}

function headerValues(h: Record<string, string[] | string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

interface VerifierJson {
  result?: boolean;
  errors?: Array<{ interaction?: string; mismatch?: unknown }>;
  interactionResults?: Array<{ description?: string; result?: string }>;
  output?: string[];
}

const tsxLoader = (): string => pathToFileURL(require.resolve('tsx')).href;
const WORKER = join(__dirname, 'verify-worker.ts');

/** Runs the worker; resolves with its reply and what it printed. Kills it (by PID) past the total timeout. */
function runWorker(
  request: WorkerRequest,
  token: string | undefined,
  totalTimeoutMs: number,
): Promise<{ reply?: WorkerReply; output: string; code: number | null; timedOut: boolean }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true' };
  delete env[TOKEN_ENV];
  if (token !== undefined) env[TOKEN_ENV] = token;
  const child = spawn(process.execPath, ['--import', tsxLoader(), WORKER], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env,
  });
  let output = '';
  const MAX_OUTPUT = 256 * 1024;
  const collect = (chunk: Buffer): void => {
    if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return new Promise((resolvePromise) => {
    let reply: WorkerReply | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, totalTimeoutMs);
    child.on('message', (m: WorkerReply) => {
      reply = m;
    });
    child.on('error', (e) => collect(Buffer.from(`\n${e.message}\n`)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ ...(reply ? { reply } : {}), output, code, timedOut });
    });
    child.send(request);
  });
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

/** Verifies the pact files against the target and returns results.json's content (never throws for a target fault). */
export async function verifyPacts(opts: VerifyOptions): Promise<PactVerificationResults> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const redact = createRedactor([opts.token]);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const files = resolvePactFiles(opts.pacts);
  const pacts = files.map(readPact);
  // HttpTransport checks the URL (a SuiteError with a hint) and normalises it the way `run` reports targets.
  const probe = new HttpTransport(opts.target, { timeoutMs, concurrency: 1, maxResponseBytes: 1024 });
  const target = probe.root;
  await probe.close();
  const errors: SuiteErrorRecord[] = [];
  const run = await preflight(target, opts.token, timeoutMs, redact).then(
    () => runWorker({ type: 'verify', target, pacts: files, timeoutMs }, opts.token, opts.totalTimeoutMs ?? 120_000),
    (e: unknown) => {
      if (!(e instanceof SuiteError)) throw e;
      errors.push({ code: e.code, message: redact(e.message), ...(e.hint ? { hint: e.hint } : {}) });
      return undefined;
    },
  );
  const tail = (): string =>
    redact(stripAnsi(run?.output ?? ''))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-3)
      .join(' | ');
  // No run: the preflight failed and its error is recorded already.
  if (run?.timedOut)
    errors.push({
      code: 'verify-timeout',
      message: `the Pact verifier did not finish within ${opts.totalTimeoutMs ?? 120_000} ms and was stopped`,
      hint: 'check that the target answers; raise --total-timeout for a slow provider',
    });
  else if (run && (!run.reply || run.reply.type === 'crash'))
    errors.push({
      code: 'verifier-crashed',
      message: redact(
        `the Pact verifier process ended without a result (exit ${String(run.code)})${run.reply?.type === 'crash' ? `: ${run.reply.message}` : ''}${tail() ? `: ${tail()}` : ''}`,
      ),
      hint: 'run again with the same options; if it persists, report it with the command you ran',
    });

  const reply = run?.reply?.type === 'result' ? run.reply : undefined;
  const failures: PactFailure[] = [];
  const pactResults: PactFileResult[] = [];
  let cases = 0;
  const used = new Set<RecordedExchange>();
  for (const pact of pacts) {
    const fileResult = reply?.files.find((f) => f.file === pact.file);
    let json: VerifierJson | undefined;
    if (fileResult) {
      try {
        json = JSON.parse(fileResult.raw) as VerifierJson;
      } catch {
        errors.push({
          code: 'verifier-failed',
          message: redact(
            `the Pact verifier could not verify ${pact.file}: ${stripAnsi(fileResult.raw).split('\n')[0] ?? ''}`,
          ),
          hint: 'check that the file is a valid pact (Pact V2 to V4) and that the target URL is right',
        });
      }
    }
    for (const line of json?.output ?? []) for (const l of redact(stripAnsi(line)).split('\n')) opts.log?.(l);
    const exchanges = reply?.exchanges.filter((e) => e.pact === pact.file) ?? [];
    let failed = 0;
    const perInteraction: Array<{ interaction: string; passed: boolean }> = [];
    for (const interaction of pact.interactions) {
      if (!json) continue;
      cases++;
      const status = json.interactionResults?.find((r) => r.description === interaction.description)?.result;
      const error = json.errors?.find(
        (e) => e.interaction === interaction.description || e.interaction?.endsWith(` - ${interaction.description}`),
      );
      const passed =
        !error &&
        ((status !== undefined && status.toUpperCase() === 'OK') || (status === undefined && json.result === true));
      perInteraction.push({ interaction: interaction.description, passed });
      if (passed) continue;
      failed++;
      const seen = exchanges.find(
        (e) =>
          !used.has(e) &&
          e.method.toUpperCase() === interaction.request.method.toUpperCase() &&
          e.path.split('?')[0] === interaction.request.path &&
          sameJson(e.requestBody, interaction.request.body),
      );
      if (seen) used.add(seen);
      failures.push(toFailure(pact, interaction, error?.mismatch, seen, target, cases, redact));
    }
    pactResults.push({
      file: pact.file,
      consumer: pact.consumer,
      provider: pact.provider,
      interactions: json ? pact.interactions.length : 0,
      failed,
      results: perInteraction,
    });
  }
  const exitCode: 0 | 1 | 2 = errors.length > 0 ? 2 : failures.length > 0 ? 1 : 0;
  const checkStatus = failures.length > 0 ? 'failed' : cases > 0 && errors.length === 0 ? 'passed' : 'skipped';
  const results: PactVerificationResults = {
    tool: TOOL,
    target,
    profile: 'pact',
    seed: 0,
    runs: cases,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(performance.now() - t0),
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
    pacts: pactResults,
    providerStates: reply?.states ?? {},
  };
  return redact(results);
}

function toFailure(
  pact: PactFile,
  interaction: PactInteraction,
  mismatch: unknown,
  seen: RecordedExchange | undefined,
  target: string,
  index: number,
  redact: Redactor,
): PactFailure {
  const mismatches = toMismatches(mismatch);
  const messages = mismatches.map(describeMismatch);
  const body = interaction.request.body;
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const request: RequestRecord = {
    method: interaction.request.method,
    url: target + interaction.request.path,
    headers: seen?.requestHeaders ?? headerValues(interaction.request.headers),
  };
  if (body !== undefined) request.body = body;
  if (text !== undefined) request.text = text;
  const response: ResponseRecord = seen
    ? {
        status: seen.status,
        headers: withoutProxyHeaders(seen.responseHeaders),
        text: seen.responseText,
        durationMs: seen.durationMs,
      }
    : { status: 0, headers: {}, text: '', durationMs: 0, error: 'no answer was recorded for this interaction' };
  if (seen) {
    try {
      response.json = JSON.parse(seen.responseText) as unknown;
    } catch {
      // not JSON: the text stays
    }
  }
  return redact({
    caseId: `pact-${index}`,
    message: messages[0] ?? 'the interaction failed',
    messages,
    minimal: false,
    request: {
      ...request,
      headers: {
        ...request.headers,
        ...(request.headers['authorization'] ? { authorization: 'Bearer <redacted>' } : {}),
      },
    },
    response,
    reproduce: { seed: 0, path: `pact:${pact.file}#${interaction.description}`, curl: curlFor(request) },
    interaction: interaction.description,
    pact: pact.file,
    mismatches,
  });
}

function withoutProxyHeaders(h: Record<string, string>): Record<string, string> {
  const out = { ...h };
  delete out['x-powered-by']; // added by the Verifier's proxy, not by the target
  return out;
}
