/**
 * `npm run bench`: the suite measured against the HTTP ceiling of the same target. Prints figures; asserts nothing
 * (never a timed unit test).
 *
 * Setup: the reference implementation runs in a child process of its own (bench/reference-server.ts, 127.0.0.1,
 * ephemeral port), so the suite and the server never share an event loop; on a 2-core machine each gets a core.
 * The suite runs as `node bin/conformance.js run` (another child: start-up, every check, every reporter), or as
 * bench/engine-child.ts for the memory figures. autocannon runs in this process. Before every measured phase the
 * server gets a fresh store, so no phase pays for the entities of the one before.
 *
 * Figures:
 * - ceiling: autocannon (programmatic API) sends the suite's request mix to the server: per connection
 *   POST valid body, GET {collection}/{id} of what it created, POST invalid body, over a pool of bodies sampled from
 *   validCreateBody()/invalidCreateBody() with the suite's seed; connections = the suite's concurrency; as many
 *   requests as the suite sends for --runs.
 * - suite: cases/s and requests/s with every check on, over HTTP (--target) and in-process (--app through
 *   supertest); a valid case costs 2 requests (POST + read-back), an invalid one 1. The headline is
 *   suite requests/s / ceiling requests/s, where the ceiling is measured right before and right after each suite run
 *   and the run is divided by their mean (the machine's speed drifts), the median of the rounds; also the same after
 *   the first 2 s of the run (JIT warm-up), from timing.json's bins.
 * - concurrency sweep: ceiling and suite at 1 to 64 connections (what the default is picked from).
 * - bodies generated/s; 201 bodies validated/s (ajv createResponse); exchanges judged/s (every check).
 * - clients: the HTTP client alone (no generation, no checks) sending the mix from this process: CPU per request of
 *   node:http with a keep-alive Agent and of the suite's transport (undici), taking turns.
 * - start-up: process spawn to the first request the server sees (the preflight GET).
 * - memory: RSS and peak RSS (VmHWM) after 10,000 and 100,000 cases (--quick: 2,000 and 20,000), and that long
 *   run's requests/s against the ceiling.
 * - `npm start` wall time: `node bin/conformance.js run` (embedded reference, default runs) including reports.
 * - stateful: `run --stateful --runs 0` over HTTP: sequences/s, requests per sequence, requests/s (bench/stateful.ts);
 *   and one run against a lifecycle mutant with shrinking (its time, requests and the minimal sequence's length).
 *
 *   npm run bench                 # the full run (several minutes; the memory run alone sends 100,000 cases)
 *   npm run bench -- --quick      # smaller figures in about a minute
 *   options: --concurrency C, --runs N (suite runs per throughput figure), --rounds R, --no-sweep, --no-memory,
 *            --only bodies,clients,throughput,sweep,startup,stateful,memory (just these sections), --json FILE (the figures as JSON)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import fc from 'fast-check';
import { defaultRegistry } from '../checks/registry';
import type { CheckContext, Exchange } from '../checks/types';
import type { RunResults } from '../engine/events';
import type { TimingJson } from '../reports/stats';
import { COLLECTION_PATH, DEFAULTS } from '../engine/run';
import { invalidCreateBody, validCreateBody } from '../generators';
import { loadSpecs } from '../specs/loader';
import type { MemorySample } from './engine-child';
import { benchArgs } from './args';
import { clientFigures } from './clients';
import { statefulFigures } from './stateful';
import {
  BENCH_TOKEN,
  BIN,
  childEnv,
  fmt,
  guardChildren,
  mb,
  median,
  runChild,
  startBenchServer,
  tempDir,
  type BenchServer,
} from './support';

const SECTIONS = ['bodies', 'clients', 'throughput', 'sweep', 'startup', 'stateful', 'memory'];
const args = benchArgs(__filename, {
  flags: ['quick', 'no-sweep', 'no-memory'],
  options: { concurrency: 'number', runs: 'number', rounds: 'number', only: 'string', json: 'string' },
});
const flag = args.flag;
const QUICK = flag('quick');
const CONCURRENCY = args.number('concurrency') ?? DEFAULTS.concurrency;
const RUNS = args.number('runs') ?? (QUICK ? 2000 : 10_000);
const ROUNDS = args.number('rounds') ?? (QUICK ? 1 : 3);
/** --only a,b runs just these sections: bodies, clients, throughput, sweep, startup, stateful, memory. */
const ONLY = args.string('only')?.split(',');
const unknownSection = ONLY?.find((s) => !SECTIONS.includes(s));
if (unknownSection !== undefined) {
  process.stderr.write(`error: --only ${unknownSection}: no such section\nhint: sections are ${SECTIONS.join(', ')}\n`);
  process.exit(2);
}
const section = (name: string): boolean => !ONLY || ONLY.includes(name);
const SWEEP = !flag('no-sweep') && section('sweep');
const SWEEP_LEVELS = QUICK ? [1, 4, 8, 16] : [1, 2, 4, 8, 16, 32, 64];
const SWEEP_RUNS = QUICK ? 1000 : 3000;
const MEMORY = !flag('no-memory') && section('memory');
const MEMORY_PROBES = QUICK ? [2000, 20_000] : [10_000, 100_000];
const MEASURE_SECONDS = QUICK ? 1 : 3;
const STARTS = QUICK ? 3 : 5;
const SEED = 20240601;
/** No child may run longer than this (the 100,000-case memory run is the longest). */
const CHILD_LIMIT_MS = 15 * 60_000;

const out: Record<string, unknown> = {
  node: process.version,
  cpus: (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length;
    } catch {
      return undefined;
    }
  })(),
  quick: QUICK,
  concurrency: CONCURRENCY,
};
const log = (line = ''): void => {
  process.stdout.write(line + '\n');
};

// ---------------------------------------------------------------------------------------------------------- bodies

/** Samples `arb` in batches of 500 (a fresh seed each) for `seconds`, at most 200 batches. */
function perSecond<T>(arb: fc.Arbitrary<T>, seconds: number): number {
  fc.sample(arb, { numRuns: 500, seed: 0 }); // warm-up
  let count = 0;
  const start = performance.now();
  for (let seed = 1; seed <= 200 && performance.now() - start < seconds * 1000; seed++)
    count += fc.sample(arb, { numRuns: 500, seed }).length;
  return count / ((performance.now() - start) / 1000);
}

/** Request texts sampled like the suite samples them (same seed): [valid, invalid] pairs. */
function bodyPool(n: number): Array<{ valid: string; invalid: string }> {
  const valid = fc.sample(validCreateBody(), { seed: SEED, numRuns: n });
  const invalid = fc.sample(invalidCreateBody(), { seed: SEED, numRuns: n });
  return valid.map((v, i) => {
    const inv = invalid[i];
    return { valid: JSON.stringify(v), invalid: inv ? (inv.raw ?? JSON.stringify(inv.body)) : '{}' };
  });
}

function headers(withBody: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${BENCH_TOKEN}` };
  if (withBody) h['content-type'] = 'application/json';
  return h;
}

/** Real exchanges (POST + read-back) against the server, to time validation and judging on real answers. */
async function realExchanges(url: string, pool: Array<{ valid: string }>): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for (const [i, p] of pool.entries()) {
    const t0 = performance.now();
    const res = await fetch(url + COLLECTION_PATH, { method: 'POST', headers: headers(true), body: p.valid });
    const text = await res.text();
    const json = JSON.parse(text) as Record<string, unknown>;
    const response = { status: res.status, headers: Object.fromEntries(res.headers), text, json, durationMs: 0 };
    const ex: Exchange = {
      caseId: `v${i}`,
      kind: 'valid',
      request: {
        method: 'POST',
        url: url + COLLECTION_PATH,
        headers: headers(true),
        text: p.valid,
        body: JSON.parse(p.valid),
      },
      response: { ...response, durationMs: performance.now() - t0 },
    };
    const id = json['id'];
    if (typeof id === 'string') {
      const getUrl = `${url}${COLLECTION_PATH}/${encodeURIComponent(id)}`;
      const got = await fetch(getUrl, { headers: headers(false) });
      const gotText = await got.text();
      ex.readBack = {
        request: { method: 'GET', url: getUrl, headers: headers(false) },
        response: {
          status: got.status,
          headers: Object.fromEntries(got.headers),
          text: gotText,
          json: JSON.parse(gotText),
          durationMs: 0,
        },
      };
    }
    out.push(ex);
  }
  return out;
}

function loopPerSecond(n: number, seconds: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 200); i++) fn(i); // warm-up
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 && count < 5_000_000) {
    for (let i = 0; i < n; i++) fn(i);
    count += n;
  }
  return count / ((performance.now() - start) / 1000);
}

// ------------------------------------------------------------------------------------------------------ throughput

interface Rate {
  requests: number;
  ms: number;
  requestsPerSecond: number;
  casesPerSecond?: number;
  cases?: number;
  wallMs?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  /** Requests per second once the run is warm: the timing.json bins after the first 2 s (the last bin left out). */
  steadyRequestsPerSecond?: number;
}

/** autocannon with the suite's request mix: POST valid, GET its id, POST invalid, per connection. */
async function ceiling(
  server: BenchServer,
  pool: Array<{ valid: string; invalid: string }>,
  requests: number,
  connections: number,
): Promise<Rate> {
  await server.reset();
  let nextBody = 0;
  const take = (): { valid: string; invalid: string } => pool[nextBody++ % pool.length] ?? { valid: '{}', invalid: '' };
  const bodies = new WeakMap<object, { valid: string; invalid: string }>();
  const started = performance.now();
  let last = started;
  let seen = 0;
  const instance = autocannon({
    url: server.url,
    connections,
    amount: requests,
    sampleInt: 100,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: COLLECTION_PATH,
        headers: headers(true),
        setupRequest: (req, context) => {
          const b = take();
          bodies.set(context, b);
          return { ...req, body: b.valid };
        },
        onResponse: (_status, body, context) => {
          try {
            const id = (JSON.parse(body) as { id?: unknown }).id;
            context['id'] = typeof id === 'string' ? id : 'none';
          } catch {
            context['id'] = 'none';
          }
        },
      },
      {
        method: 'GET',
        headers: headers(false),
        setupRequest: (req, context) => ({
          ...req,
          path: `${COLLECTION_PATH}/${encodeURIComponent(String(context['id'] ?? 'none'))}`,
        }),
      },
      {
        method: 'POST',
        path: COLLECTION_PATH,
        headers: headers(true),
        setupRequest: (req, context) => ({ ...req, body: (bodies.get(context) ?? take()).invalid || '{}' }),
      },
    ],
  });
  instance.on('response', () => {
    seen++;
    last = performance.now();
  });
  const result = await instance;
  const ms = last - started;
  const stats = await server.stats();
  return {
    requests: stats.requests,
    ms,
    requestsPerSecond: (seen / ms) * 1000,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function readResults(dir: string): RunResults {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
}

/** Cases per second after the first 2 s of the run (JIT warm-up), from timing.json's throughput bins. */
function steadyCasesPerSecond(dir: string): number | undefined {
  const t = JSON.parse(readFileSync(join(dir, 'timing.json'), 'utf8')) as TimingJson;
  const skip = Math.ceil(2000 / t.throughput.binMs);
  const bins = t.throughput.counts.slice(skip, -1);
  if (bins.length < 5) return undefined;
  return (bins.reduce((a, b) => a + b, 0) / (bins.length * t.throughput.binMs)) * 1000;
}

/** Requests a run sent: one per case, one more per read-back, plus the preflight GET of a URL target. */
function requestsOf(r: RunResults, preflight: boolean): number {
  const readBacks = r.checks.find((c) => c.id === 'read-after-create')?.cases ?? 0;
  return r.summary.cases + readBacks + (preflight ? 1 : 0);
}

async function suiteOverHttp(server: BenchServer, runs: number, concurrency: number): Promise<Rate> {
  await server.reset();
  const tmp = tempDir('bench-http-');
  try {
    const r = await runChild(
      process.execPath,
      [BIN, 'run', '--target', server.url, '--runs', String(runs), '--seed', String(SEED)].concat([
        '--concurrency',
        String(concurrency),
        '--token',
        BENCH_TOKEN,
        '--report-dir',
        tmp.dir,
      ]),
      { timeoutMs: CHILD_LIMIT_MS },
    );
    if (r.code !== 0) throw new Error(`suite over HTTP exited ${String(r.code)}: ${r.stderr.slice(-2000)}`);
    const results = readResults(tmp.dir);
    const stats = await server.stats();
    const ms = results.durationMs;
    const rate: Rate = {
      requests: stats.requests,
      ms,
      requestsPerSecond: (stats.requests / ms) * 1000,
      cases: results.summary.cases,
      casesPerSecond: (results.summary.cases / ms) * 1000,
      wallMs: r.wallMs,
    };
    const steady = steadyCasesPerSecond(tmp.dir);
    if (steady !== undefined) rate.steadyRequestsPerSecond = (steady * stats.requests) / results.summary.cases;
    return rate;
  } finally {
    tmp.cleanup();
  }
}

async function suiteInProcess(runs: number, concurrency: number): Promise<Rate> {
  const tmp = tempDir('bench-app-');
  try {
    const r = await runChild(
      process.execPath,
      [BIN, 'run', '--app', join(__dirname, 'reference-app.ts'), '--runs', String(runs), '--seed', String(SEED)].concat(
        ['--concurrency', String(concurrency), '--token', BENCH_TOKEN, '--report-dir', tmp.dir],
      ),
      { timeoutMs: CHILD_LIMIT_MS, env: childEnv({ BENCH_REFERENCE_TOKEN: BENCH_TOKEN }) },
    );
    if (r.code !== 0) throw new Error(`suite in-process exited ${String(r.code)}: ${r.stderr.slice(-2000)}`);
    const results = readResults(tmp.dir);
    const ms = results.durationMs;
    const requests = requestsOf(results, false);
    return {
      requests,
      ms,
      requestsPerSecond: (requests / ms) * 1000,
      cases: results.summary.cases,
      casesPerSecond: (results.summary.cases / ms) * 1000,
      wallMs: r.wallMs,
    };
  } finally {
    tmp.cleanup();
  }
}

const medianRate = (rates: Rate[]): Rate => {
  const rps = median(rates.map((r) => r.requestsPerSecond));
  return (
    rates.find((r) => r.requestsPerSecond === rps) ?? {
      ...(rates[0] as Rate),
      requestsPerSecond: rps,
      casesPerSecond: median(rates.map((r) => r.casesPerSecond ?? NaN)),
    }
  );
};

// ------------------------------------------------------------------------------------------------------- start-up

async function startUp(server: BenchServer): Promise<{ firstRequestMs: number[]; wallMs: number[] }> {
  const firstRequestMs: number[] = [];
  const wallMs: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    await server.reset();
    const tmp = tempDir('bench-start-');
    try {
      const r = await runChild(
        process.execPath,
        [BIN, 'run', '--target', server.url, '--runs', '100', '--seed', String(SEED), '--token', BENCH_TOKEN].concat([
          '--report-dir',
          tmp.dir,
        ]),
        { timeoutMs: 60_000 },
      );
      if (r.code !== 0) throw new Error(`start-up run exited ${String(r.code)}: ${r.stderr.slice(-2000)}`);
      const s = await server.stats();
      if (s.firstRequestAt !== undefined) firstRequestMs.push(s.firstRequestAt - r.spawnedAt);
      wallMs.push(r.wallMs);
    } finally {
      tmp.cleanup();
    }
  }
  return { firstRequestMs, wallMs };
}

/** `npm start` without npm in front: the embedded reference, default runs, every report. */
async function defaultStart(): Promise<number[]> {
  const walls: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const tmp = tempDir('bench-npm-start-');
    try {
      const r = await runChild(process.execPath, [BIN, 'run', '--report-dir', tmp.dir], { timeoutMs: 120_000 });
      if (r.code !== 0) throw new Error(`default run exited ${String(r.code)}: ${r.stderr.slice(-2000)}`);
      walls.push(r.wallMs);
    } finally {
      tmp.cleanup();
    }
  }
  return walls;
}

// --------------------------------------------------------------------------------------------------------- memory

interface MemoryRun {
  samples: MemorySample[];
  cases: number;
  durationMs: number;
  /** Requests the server saw during the run. */
  requests: number;
}

async function memory(server: BenchServer): Promise<MemoryRun> {
  await server.reset();
  const tmp = tempDir('bench-memory-');
  const last = MEMORY_PROBES[MEMORY_PROBES.length - 1] ?? 20_000;
  try {
    const r = await runChild(
      process.execPath,
      ['--require', 'tsx/cjs', join(__dirname, 'engine-child.ts'), '--target', server.url, '--token', BENCH_TOKEN]
        .concat(['--runs', String(Math.ceil(last / 2)), '--seed', String(SEED), '--report-dir', tmp.dir])
        .concat(['--probes', MEMORY_PROBES.join(','), '--concurrency', String(CONCURRENCY)]),
      { timeoutMs: CHILD_LIMIT_MS },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_MEMORY '));
    if (r.code !== 0 || !line) throw new Error(`memory run exited ${String(r.code)}: ${r.stderr.slice(-2000)}`);
    const m = JSON.parse(line.slice('BENCH_MEMORY '.length)) as Omit<MemoryRun, 'requests'>;
    return { ...m, requests: (await server.stats()).requests };
  } finally {
    tmp.cleanup();
  }
}

// ----------------------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  guardChildren();
  const t0 = performance.now();
  log(`conformance bench${QUICK ? ' (--quick)' : ''}: node ${process.version}, ${String(out['cpus'] ?? '?')} CPU(s)`);
  log(
    `setup: reference server in a child process on 127.0.0.1 (ephemeral port); suite in another child; autocannon here`,
  );
  const server = await startBenchServer();
  log(`server: ${server.url} (pid ${server.pid})`);
  try {
    const pool = bodyPool(QUICK ? 500 : 2000);
    // The server's JIT warms up before anything is measured (each suite run is a fresh process and warms its own).
    await ceiling(server, pool, QUICK ? 6000 : 15_000, CONCURRENCY);
    if (section('bodies')) await bodies(server, pool);
    if (section('clients')) await clients(server, pool);
    if (section('throughput')) await throughput(server, pool);
    if (SWEEP) await sweep(server, pool);
    if (section('startup')) await startUpFigures(server);
    if (section('stateful'))
      out['stateful'] = await statefulFigures(server, {
        sequences: QUICK ? 100 : 500,
        rounds: ROUNDS,
        seed: SEED,
        timeoutMs: CHILD_LIMIT_MS,
        log,
      });
    if (MEMORY) await memoryFigures(server);
  } finally {
    await server.stop();
  }
  log('');
  log(`bench finished in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  const json = args.string('json');
  if (json) writeFileSync(json, JSON.stringify(out, null, 2) + '\n');
}

type Pool = Array<{ valid: string; invalid: string }>;

/** The ceiling the throughput section measured, for the long (memory) run's ratio. */
let ceilingAtDefault: number | undefined;

/** The HTTP client alone: CPU per request of node:http and of the suite's transport on the same mix. */
async function clients(server: BenchServer, pool: Pool): Promise<void> {
  const requests = QUICK ? 6000 : 30_000;
  const rounds = QUICK ? 1 : 3;
  const figures = await clientFigures(server.url, () => server.reset(), pool, requests, CONCURRENCY, rounds);
  out['clients'] = figures;
  log('');
  log(
    `HTTP client alone (${fmt(requests)} requests of the mix, ${CONCURRENCY} at a time, ${rounds} rounds taking turns):`,
  );
  for (const name of [...new Set(figures.map((f) => f.client))]) {
    const mine = figures.filter((f) => f.client === name);
    log(
      `  ${name.padEnd(30)} ${fmt(median(mine.map((f) => f.cpuMicrosPerRequest)), 1)} µs of CPU per request (rounds: ${mine
        .map((f) => fmt(f.cpuMicrosPerRequest, 1))
        .join(', ')}), ${fmt(median(mine.map((f) => f.requestsPerSecond)))} requests/s`,
    );
  }
}

/** Bodies generated, 201 bodies validated and exchanges judged per second. */
async function bodies(server: BenchServer, pool: Pool): Promise<void> {
  const validRate = perSecond(validCreateBody(), MEASURE_SECONDS);
  const invalidRate = perSecond(invalidCreateBody(), MEASURE_SECONDS);
  const exchanges = await realExchanges(server.url, pool.slice(0, 300));
  const specs = loadSpecs();
  const bodies201 = exchanges.filter((e) => e.response.status === 201).map((e) => e.response.json);
  const validated = loopPerSecond(bodies201.length, MEASURE_SECONDS, (i) => specs.createResponse(bodies201[i]));
  const checks = defaultRegistry().all();
  const ctx: CheckContext = { profile: 'graph-docs', specs, runStartedAt: 0, now: Date.now, seenIds: new Map() };
  const judged = loopPerSecond(exchanges.length, MEASURE_SECONDS, (i) => {
    const ex = exchanges[i] as Exchange;
    for (const c of checks) if (c.appliesTo(ex, ctx)) c.judge(ex, ctx);
  });
  out['generators'] = { validPerSecond: validRate, invalidPerSecond: invalidRate };
  out['validation'] = { createResponsePerSecond: validated, exchangesJudgedPerSecond: judged };
  log('');
  log(`bodies generated:      ${fmt(validRate)} valid/s, ${fmt(invalidRate)} invalid/s`);
  log(`201 bodies validated:  ${fmt(validated)} /s (ajv createResponse)`);
  log(`exchanges judged:      ${fmt(judged)} /s (all ${checks.length} checks on a 201 + read-back)`);
}

/** The ceiling the server reached just before and just after a suite run: the run is judged against their mean. */
const bracket = (before: Rate, after: Rate): number => (before.requestsPerSecond + after.requestsPerSecond) / 2;

/** Throughput at the chosen concurrency: the ceiling, the suite over HTTP, the suite in-process. */
async function throughput(server: BenchServer, pool: Pool): Promise<void> {
  const ceilings: Rate[] = [];
  const https: Rate[] = [];
  const apps: Rate[] = [];
  /** Per round: the mean of the ceilings measured right before and right after the suite's HTTP run. */
  const brackets: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = await ceiling(server, pool, 3 * RUNS, CONCURRENCY);
    https.push(await suiteOverHttp(server, RUNS, CONCURRENCY));
    const after = await ceiling(server, pool, 3 * RUNS, CONCURRENCY);
    ceilings.push(before, after);
    brackets.push(bracket(before, after));
    apps.push(await suiteInProcess(RUNS, CONCURRENCY));
  }
  const c = medianRate(ceilings);
  ceilingAtDefault = c.requestsPerSecond;
  const h = medianRate(https);
  const a = medianRate(apps);
  const steady = median(https.map((r) => r.steadyRequestsPerSecond ?? NaN));
  // The machine's speed drifts, between rounds and within one: each suite run is divided by the mean of the ceilings
  // measured right before and right after it, and the headline is the median of those ratios.
  const ratios = https.map((r, i) => r.requestsPerSecond / (brackets[i] ?? NaN));
  const steadyRatios = https.map((r, i) => (r.steadyRequestsPerSecond ?? NaN) / (brackets[i] ?? NaN));
  const ratio = median(ratios);
  out['throughput'] = { runs: RUNS, rounds: ROUNDS, ceiling: ceilings, http: https, inProcess: apps };
  out['ratio'] = ratio;
  out['ratios'] = ratios;
  out['steadyRatio'] = median(steadyRatios);
  const spread = ceilings.map((r) => r.requestsPerSecond);
  const issues = ceilings.reduce((n, r) => n + (r.errors ?? 0) + (r.timeouts ?? 0), 0);
  log('');
  log(`throughput, --runs ${RUNS} (${fmt(2 * RUNS)} cases), concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds:`);
  log(
    `  ceiling (autocannon)   ${fmt(c.requestsPerSecond)} requests/s  (${fmt(c.requests)} requests each, before and after every suite run: ${fmt(Math.min(...spread))} to ${fmt(Math.max(...spread))}${issues ? `; ${issues} errors/timeouts` : ''})`,
  );
  log(
    `  suite over HTTP        ${fmt(h.requestsPerSecond)} requests/s, ${fmt(h.casesPerSecond ?? NaN)} cases/s  (whole run; wall ${fmt((h.wallMs ?? 0) / 1000, 1)} s with start-up and reports)`,
  );
  log(`                         ${fmt(steady)} requests/s after the first 2 s`);
  log(
    `  suite in-process       ${fmt(a.requestsPerSecond)} requests/s, ${fmt(a.casesPerSecond ?? NaN)} cases/s  (supertest; the server in the same process)`,
  );
  log(
    `  suite / ceiling        ${fmt(ratio, 2)} (whole run), ${fmt(median(steadyRatios), 2)} (after the first 2 s); requests/s over HTTP against the mean of the ceilings just before and after, median of the rounds (${ratios.map((x) => fmt(x, 2)).join(', ')})`,
  );
}

/** Ceiling and suite at several concurrency levels, to pick the default. */
async function sweep(server: BenchServer, pool: Pool): Promise<void> {
  log('');
  log(`concurrency sweep (--runs ${SWEEP_RUNS}): connections, ceiling req/s, suite req/s, suite cases/s, ratio`);
  const rows: Array<Record<string, number>> = [];
  for (const level of SWEEP_LEVELS) {
    const before = await ceiling(server, pool, 3 * SWEEP_RUNS, level);
    const sh = await suiteOverHttp(server, SWEEP_RUNS, level);
    const after = await ceiling(server, pool, 3 * SWEEP_RUNS, level);
    const row = {
      concurrency: level,
      ceiling: bracket(before, after),
      suite: sh.requestsPerSecond,
      cases: sh.casesPerSecond ?? NaN,
      ratio: sh.requestsPerSecond / bracket(before, after),
    };
    rows.push(row);
    log(
      `  ${String(level).padStart(3)}  ${fmt(row.ceiling).padStart(7)}  ${fmt(row.suite).padStart(7)}  ${fmt(row.cases).padStart(7)}  ${fmt(row.ratio, 2)}`,
    );
  }
  out['sweep'] = rows;
}

/** Start-up (spawn to first request) and the default run's wall time. */
async function startUpFigures(server: BenchServer): Promise<void> {
  const start = await startUp(server);
  const walls = await defaultStart();
  out['startUp'] = start;
  out['defaultRunWallMs'] = walls;
  log('');
  log(
    `first request after spawn: median ${fmt(median(start.firstRequestMs))} ms, max ${fmt(Math.max(...start.firstRequestMs))} ms (${STARTS} runs)`,
  );
  log(
    `default run (node bin/conformance.js run: embedded reference, 100 runs, all reports): median ${fmt(median(walls))} ms, max ${fmt(Math.max(...walls))} ms (${STARTS} runs)`,
  );
}

/** RSS of the suite process along a long run. */
async function memoryFigures(server: BenchServer): Promise<void> {
  const m = await memory(server);
  out['memory'] = m;
  log('');
  log(`memory of the suite process (${fmt(m.cases)} cases in ${fmt(m.durationMs / 1000, 1)} s):`);
  for (const s of m.samples)
    log(
      `  after ${fmt(s.cases).padStart(7)} cases: RSS ${mb(s.rss)}, peak RSS ${s.peakRss === undefined ? '-' : mb(s.peakRss)}, heap used ${mb(s.heapUsed)}`,
    );
  const rps = (m.requests / m.durationMs) * 1000;
  log(
    `  the same run as throughput: ${fmt((m.cases / m.durationMs) * 1000)} cases/s, ${fmt(rps)} requests/s${ceilingAtDefault ? ` = ${fmt(rps / ceilingAtDefault, 2)} of the ceiling above` : ''}`,
  );
  const [first, last] = [m.samples[1], m.samples[m.samples.length - 1]];
  if (first && last && first !== last)
    log(
      `  growth ${fmt(first.cases)} -> ${fmt(last.cases)} cases: RSS ${mb(last.rss - first.rss)}, peak RSS ${first.peakRss !== undefined && last.peakRss !== undefined ? mb(last.peakRss - first.peakRss) : '-'}`,
    );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${String((e as Error)?.stack ?? e)}\n`);
  process.exitCode = 1;
});
