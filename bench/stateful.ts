/**
 * The stateful mode's figures for `npm run bench`: `run --stateful --runs 0` (sequences only) against the bench's
 * reference server over HTTP, in a child process like the other suite runs. Sequences per second and requests per
 * sequence come from results.json (its `stateful` block counts every request the sequences sent, clean-up included)
 * and the server's own request count; a run against a lifecycle mutant adds what shrinking a failing sequence costs.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Pool } from 'undici';
import type { RunResults } from '../engine/events';
import { COLLECTION, exampleBody } from '../targets/testing';
import { BENCH_TOKEN, BIN, fmt, median, runChild, tempDir, type BenchServer } from './support';

export interface StatefulFigures {
  sequences: number;
  rounds: Array<{ ms: number; requests: number; serverRequests: number }>;
  sequencesPerSecond: number;
  requestsPerSequence: number;
  requestsPerSecond: number;
  /** Sequences/s against a collection that already holds `size` configurations the sequences did not create. */
  bySize: Array<{
    size: number;
    sequences: number;
    ms: number;
    sequencesPerSecond: number;
    requests: number;
    /** A bare client reading the same collection (every page, JSON-parsed): ms per page, pages per full read. */
    bare: { msPerPage: number; pages: number };
  }>;
  /** One run against a lifecycle mutant (in-process): failing sequences found and shrunk. */
  mutant?: { name: string; ms: number; requests: number; minimalCommands: number | undefined };
}

async function statefulRun(
  args: string[],
  timeoutMs: number,
  expectCode: number,
): Promise<{ results: RunResults; wallMs: number }> {
  const tmp = tempDir('bench-stateful-');
  try {
    const r = await runChild(process.execPath, [BIN, 'run', ...args, '--report-dir', tmp.dir], { timeoutMs });
    if (r.code !== expectCode)
      throw new Error(`stateful run exited ${String(r.code)} (expected ${expectCode}): ${r.stderr.slice(-2000)}`);
    return {
      results: JSON.parse(readFileSync(join(tmp.dir, 'results.json'), 'utf8')) as RunResults,
      wallMs: r.wallMs ?? 0,
    };
  } finally {
    tmp.cleanup();
  }
}

/** Creates `count` configurations on the server over HTTP, 16 at a time; priorities 0.. far below the suite's band. */
async function fill(server: BenchServer, count: number): Promise<void> {
  const url = new URL(server.url);
  const pool = new Pool(url.origin, { connections: 16 });
  const path = `${url.pathname.replace(/\/$/, '')}${COLLECTION}`;
  const template = exampleBody();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const r = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
        body: JSON.stringify({ ...template, displayName: `bench filler ${i}`, priority: i }),
      });
      await r.body.dump();
      if (r.statusCode !== 201) throw new Error(`filling the collection: POST answered ${r.statusCode}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    await pool.close();
  }
}

/** A bare undici client reading every page of the collection and parsing each: `reads` times; ms per page. */
async function bareList(server: BenchServer, reads: number): Promise<{ msPerPage: number; pages: number }> {
  const root = new URL(server.url);
  const pool = new Pool(root.origin, { connections: 1 });
  let pages = 0;
  const t0 = performance.now();
  try {
    for (let i = 0; i < reads; i++) {
      let path: string | undefined = `${root.pathname.replace(/\/$/, '')}${COLLECTION}`;
      while (path !== undefined) {
        const r = await pool.request({ method: 'GET', path, headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
        const page = JSON.parse(await r.body.text()) as { '@odata.nextLink'?: string };
        pages++;
        const next = page['@odata.nextLink'];
        path = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
      }
    }
  } finally {
    await pool.close();
  }
  return { msPerPage: (performance.now() - t0) / pages, pages: pages / reads };
}

/**
 * The same stateful run against a collection that already holds `size` configurations of someone else: what a
 * sequence costs as the target's collection grows (a list reads every page of it).
 */
async function bySize(
  server: BenchServer,
  o: { sequences: number; seed: number; timeoutMs: number; log: (line?: string) => void },
  sizes: ReadonlyArray<number>,
): Promise<StatefulFigures['bySize']> {
  const out: StatefulFigures['bySize'] = [];
  for (const size of sizes) {
    await server.reset();
    await fill(server, size);
    const { results } = await statefulRun(
      [
        ...['--target', server.url, '--token', BENCH_TOKEN, '--stateful', '--runs', '0'],
        ...['--sequences', String(o.sequences), '--seed', String(o.seed)],
      ],
      o.timeoutMs,
      0,
    );
    const bare = await bareList(server, 5);
    const row = {
      size,
      bare,
      sequences: o.sequences,
      ms: results.durationMs,
      sequencesPerSecond: (o.sequences / results.durationMs) * 1000,
      requests: results.stateful?.requests ?? 0,
    };
    out.push(row);
    o.log(
      `  against a collection of ${fmt(size)} other configurations: ${fmt(row.sequencesPerSecond, 1)} sequences/s (${o.sequences} sequences in ${fmt(row.ms / 1000, 1)} s, ${fmt(row.requests)} requests); a bare client reads that collection in ${fmt(bare.pages)} page(s) at ${fmt(bare.msPerPage, 1)} ms a page`,
    );
  }
  await server.reset();
  return out;
}

export async function statefulFigures(
  server: BenchServer,
  o: { sequences: number; rounds: number; seed: number; timeoutMs: number; log: (line?: string) => void },
): Promise<StatefulFigures> {
  const rounds: StatefulFigures['rounds'] = [];
  for (let i = 0; i < o.rounds; i++) {
    await server.reset();
    const base = ['--target', server.url, '--token', BENCH_TOKEN, '--stateful', '--runs', '0'];
    const { results } = await statefulRun(
      [...base, '--sequences', String(o.sequences), '--seed', String(o.seed + i)],
      o.timeoutMs,
      0,
    );
    const stats = await server.stats();
    rounds.push({ ms: results.durationMs, requests: results.stateful?.requests ?? 0, serverRequests: stats.requests });
  }
  const perSecond = median(rounds.map((r) => (o.sequences / r.ms) * 1000));
  const perSequence = median(rounds.map((r) => r.requests / o.sequences));
  const requestsPerSecond = median(rounds.map((r) => (r.requests / r.ms) * 1000));
  o.log('');
  o.log(`stateful mode (run --stateful --runs 0 --sequences ${o.sequences}, over HTTP, ${o.rounds} round(s)):`);
  o.log(
    `  ${fmt(perSecond, 1)} sequences/s, ${fmt(perSequence, 1)} requests per sequence, ${fmt(requestsPerSecond)} requests/s (median of the rounds; the server counted ${rounds.map((r) => fmt(r.serverRequests)).join(', ')} requests, the preflight included)`,
  );
  const sized = await bySize(server, o, [100, 10_000]);
  const name = 'assign-appends';
  const m = await statefulRun(
    ['--mutant', name, '--stateful', '--runs', '0', '--sequences', String(o.sequences), '--seed', String(o.seed)],
    o.timeoutMs,
    1,
  );
  const minimal = m.results.checks.find((c) => c.id === 'lifecycle-assign')?.failures.find((f) => f.minimal);
  const mutant = {
    name,
    ms: m.results.durationMs,
    requests: m.results.stateful?.requests ?? 0,
    minimalCommands: minimal?.sequence?.commands.length,
  };
  o.log(
    `  against the ${name} mutant (in-process, shrinking on): ${fmt(mutant.ms / 1000, 1)} s, ${fmt(mutant.requests)} requests, minimal sequence ${mutant.minimalCommands ?? '-'} commands`,
  );
  return {
    sequences: o.sequences,
    rounds,
    sequencesPerSecond: perSecond,
    requestsPerSequence: perSequence,
    requestsPerSecond,
    bySize: sized,
    mutant,
  };
}
