/**
 * The stateful mode's figures for `npm run bench`: `run --stateful --runs 0` (sequences only) against the bench's
 * reference server over HTTP, in a child process like the other suite runs. Sequences per second and requests per
 * sequence come from results.json (its `stateful` block counts every request the sequences sent, clean-up included)
 * and the server's own request count; a run against a lifecycle mutant adds what shrinking a failing sequence costs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../engine/events';
import { BENCH_TOKEN, BIN, fmt, median, runChild, tempDir, type BenchServer } from './support';

export interface StatefulFigures {
  sequences: number;
  rounds: Array<{ ms: number; requests: number; serverRequests: number }>;
  sequencesPerSecond: number;
  requestsPerSequence: number;
  requestsPerSecond: number;
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
    mutant,
  };
}
