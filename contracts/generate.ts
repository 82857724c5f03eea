/**
 * Writes the contract as a Pact V4 file through @pact-foundation/pact's PactV4 builder. Each interaction is
 * exercised against Pact's mock server by a real HTTP client (fetch): the mock server checks the request, answers
 * with the example response, and Pact writes the interaction only when the mock server saw exactly the expected
 * request and the test passed. Nothing writes pact JSON by hand.
 *
 * Determinism: interactions come from buildInteractions (seeded), and Pact writes interactions sorted by
 * description and object keys sorted, with no timestamps. The only values Pact stamps itself are in `metadata`
 * (`pact-js.version`, `pactRust.ffi`, `pactRust.models`, `pactSpecification.version`): they are the installed Pact
 * versions, so they change only when Pact is upgraded. Same seed + same Pact install = the same bytes.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MatchersV3, PactV4, type HTTPResponseStatusClass } from '@pact-foundation/pact';
import { SuiteError } from '../engine/errors';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, DEFAULT_SEED, pactFileName } from './defaults';
import { buildInteractions, contractReading, type ContractInteraction, type ContractOptions } from './interactions';
import type { ContractReading } from './readings';

export { DEFAULT_PACT_DIR, DEFAULT_PACT_DIR_LABEL, pactFileName } from './defaults';

export interface GenerateOptions extends Partial<ContractOptions> {
  outDir?: string;
  consumer?: string;
  provider?: string;
  /** Per-request timeout of the client talking to the mock server. */
  timeoutMs?: number;
}

export interface GenerateResult {
  file: string;
  consumer: string;
  provider: string;
  seed: number;
  /** The readings the contract applies (the profile's, with any override). */
  reading: ContractReading;
  interactions: Array<{ key: string; description: string; status: number }>;
}

type Json = Record<string, unknown>;

/** The consumer side: sends the interaction's request to the mock server and checks what comes back. */
/**
 * Pact's mock server (pact_ffi 0.5.x, pact-js 16.3+) may report a request it received, matched and answered as
 * "expected but not received" when the machine is busy: its match bookkeeping races the check that executeTest
 * makes right after the test function returns (pact-foundation/pact-reference#535, pact-js#1835). A short pause
 * after the answer makes that rare; an interaction whose client got the expected answer and still failed that way
 * is run again (it is written only when Pact reports it matched), at most this many times in all.
 */
const MOCK_RACE_ATTEMPTS = 3;
const MOCK_SETTLE_MS = 25;

async function exercise(baseUrl: string, i: ContractInteraction, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.request.headers)) headers[k] = String(MatchersV3.reify(v as never));
  // The examples: the consumer test sends what the pact writes; the Verifier puts in the provider's values.
  const path = String(MatchersV3.reify(i.request.path as never));
  const res = await fetch(baseUrl + path, {
    method: i.request.method,
    headers,
    ...(i.request.body !== undefined ? { body: JSON.stringify(MatchersV3.reify(i.request.body as never)) } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (res.status !== i.response.status)
    throw new Error(`${i.description}: the mock server answered ${res.status}, expected ${i.response.status}: ${text}`);
  if (i.response.body !== undefined) {
    const body = JSON.parse(text) as Json;
    const expected = MatchersV3.reify(i.response.body as never) as Json;
    if (!sameJson(body, expected))
      throw new Error(`${i.description}: the mock server's body differs from the contract's example`);
  }
  await new Promise((r) => setTimeout(r, MOCK_SETTLE_MS));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, k) => sameJson(v, b[k]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, n) => k === kb[n] && sameJson((a as Json)[k], (b as Json)[k]));
  }
  return a === b;
}

/** The error in one line: its non-empty lines joined, shortened. */
function oneLine(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || 'unknown error';
}

/** The response status as Pact takes it: a number, or a `statusCode` matcher with the number as its example. */
function status(i: ContractInteraction): number | ReturnType<typeof MatchersV3.matchStatus> {
  if (i.response.statusClass)
    return MatchersV3.matchStatus(i.response.status, i.response.statusClass as HTTPResponseStatusClass);
  if (i.response.statuses) return MatchersV3.matchStatus(i.response.status, i.response.statuses);
  return i.response.status;
}

function configure(pact: PactV4, i: ContractInteraction): ReturnType<PactV4['addInteraction']> {
  let b = pact.addInteraction();
  for (const s of i.states) b = b.given(s);
  b = b.uponReceiving(i.description);
  for (const c of i.comments) b = b.comment(c);
  return b;
}

/** Generates the contract into `outDir` (replacing a previous file of the same pair) and says what it wrote. */
export async function generatePact(opts: GenerateOptions = {}): Promise<GenerateResult> {
  const consumer = opts.consumer ?? DEFAULT_CONSUMER;
  const provider = opts.provider ?? DEFAULT_PROVIDER;
  const seed = opts.seed ?? DEFAULT_SEED;
  const outDir = resolve(opts.outDir ?? DEFAULT_PACT_DIR);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const overrides = {
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.location !== undefined ? { location: opts.location } : {}),
    ...(opts.lastModified !== undefined ? { lastModified: opts.lastModified } : {}),
    ...(opts.streams !== undefined ? { streams: opts.streams } : {}),
    ...(opts.nestedTypes !== undefined ? { nestedTypes: opts.nestedTypes } : {}),
  };
  const reading = contractReading(overrides);
  let interactions: ContractInteraction[];
  try {
    interactions = buildInteractions({ seed, ...overrides });
  } catch (e) {
    throw new SuiteError('pact-seed', (e as Error).message, 'choose another --seed (the default is 1)');
  }
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new SuiteError(
      'pact-out-dir',
      `cannot create ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'pass --out with a folder you can write to',
    );
  }
  // Pact merges into an existing file of the same pair; writing into a fresh folder first means a failed run leaves
  // the previous pact alone and a new run never keeps interactions of an older one.
  const work = mkdtempSync(join(tmpdir(), 'conformance-pact-'));
  try {
    const pact = new PactV4({ consumer, provider, dir: work, logLevel: 'error', host: '127.0.0.1' });
    for (const i of interactions) {
      for (let attempt = 1; ; attempt++) {
        let answered = false;
        try {
          await configure(pact, i)
            .withRequest(i.request.method, i.request.path, (req) => {
              req.headers(i.request.headers as never);
              if (i.request.body !== undefined) req.jsonBody(i.request.body);
            })
            .willRespondWith(status(i), (res) => {
              res.headers(i.response.headers as never);
              if (i.response.body !== undefined) res.jsonBody(i.response.body);
            })
            .executeTest(async (mock) => {
              await exercise(mock.url, i, timeoutMs);
              answered = true;
            });
          break;
        } catch (e) {
          const raced = answered && /expected but not received/.test(String((e as Error).message));
          if (raced && attempt < MOCK_RACE_ATTEMPTS) continue;
          throw new SuiteError(
            'pact-interaction',
            `interaction "${i.description}" did not pass against Pact's mock server: ${oneLine(e)}`,
            raced
              ? 'the mock server answered but did not record the match (a Pact race under load); run again on a less busy machine'
              : 'no pact was written; this is a bug in contracts/ (the builder and the client disagree), please report it',
          );
        }
      }
    }
    const name = pactFileName(consumer, provider);
    const written = join(work, name);
    if (!existsSync(written)) throw new Error(`Pact wrote no ${name}`);
    const file = join(outDir, name);
    writeFileSync(file, readFileSync(written));
    return {
      file,
      consumer,
      provider,
      seed,
      reading,
      interactions: interactions.map((i) => ({ key: i.key, description: i.description, status: i.response.status })),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
