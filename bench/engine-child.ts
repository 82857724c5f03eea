/**
 * The suite's memory under a long run, measured in a process of its own (started by bench/run.ts against the bench
 * server, which runs in yet another process: the entities the reference stores are the server's memory, not ours).
 *
 * It runs the engine with the reporters `conformance run` wires (console to a sink, results.json, events.ndjson,
 * cases/, timing.json, junit.xml, summary.md, report.html, all behind the redactor) plus one probe reporter that
 * samples memory when the number of finished cases reaches each probe point, and prints one line
 * `BENCH_MEMORY {json}` at the end.
 *
 *   tsx bench/engine-child.ts --target URL --runs N --token T --report-dir DIR --probes 10000,100000 [--concurrency C]
 *
 * Diagnosis: with `node --expose-gc --require tsx/cjs bench/engine-child.ts ... --gc` each sample follows a full
 * collection, so heapUsed is what is still reachable (what grows per case, if anything), not garbage not yet
 * collected.
 */
import { readFileSync } from 'node:fs';
import { redacting } from '../cli/commands/run';
import type { Reporter, RunEvent } from '../engine/events';
import { DEFAULTS, runConformance, type RunOptions } from '../engine/run';
import { consoleReporter } from '../reports/console';
import { caseFilesReporter, ndjsonReporter, resultsJsonReporter } from '../reports/files';
import { reportWriters } from '../cli/commands/report-writers';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** VmHWM (peak resident set) and VmRSS from /proc/self/status, in bytes; undefined off Linux. */
function procStatus(): { hwm?: number; rss?: number } {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string): number | undefined => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
      return m?.[1] === undefined ? undefined : Number(m[1]) * 1024;
    };
    const out: { hwm?: number; rss?: number } = {};
    const hwm = kb('VmHWM');
    const rss = kb('VmRSS');
    if (hwm !== undefined) out.hwm = hwm;
    if (rss !== undefined) out.rss = rss;
    return out;
  } catch {
    return {};
  }
}

export interface MemorySample {
  cases: number;
  rss: number;
  peakRss?: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  atMs: number;
}

function sample(cases: number, t0: number): MemorySample {
  // With --expose-gc (diagnosis only): a full collection first, so heapUsed is what is still reachable.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && process.argv.includes('--gc')) gc();
  const m = process.memoryUsage();
  const s: MemorySample = {
    cases,
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    atMs: Math.round(performance.now() - t0),
  };
  const p = procStatus();
  if (p.hwm !== undefined) s.peakRss = p.hwm;
  return s;
}

async function main(): Promise<void> {
  const url = arg('target');
  const dir = arg('report-dir');
  const token = arg('token');
  if (!url || !dir || !token) throw new Error('usage: --target URL --runs N --token T --report-dir DIR --probes a,b');
  const runs = Number(arg('runs') ?? 5000);
  const probes = (arg('probes') ?? '10000,100000').split(',').map(Number);
  const t0 = performance.now();
  const samples: MemorySample[] = [];
  const probe: Reporter = {
    onEvent(e: Readonly<RunEvent>): void {
      if (e.type === 'run-started') samples.push(sample(0, t0));
      if (e.type === 'case' && probes.includes(e.done)) samples.push(sample(e.done, t0));
    },
  };
  const sink = (): void => undefined;
  // The same reporters, in the same order and behind the same redactor, as cli/commands/run.ts wires.
  const reporters = redacting(
    [
      consoleReporter({ write: sink, tty: false, reportDir: dir }),
      resultsJsonReporter(dir),
      ndjsonReporter(dir),
      caseFilesReporter(dir),
      ...reportWriters(dir),
    ],
    [token],
  );
  const options: RunOptions = {
    target: { kind: 'url', url },
    token,
    headers: {},
    runs,
    seed: Number(arg('seed') ?? 1),
    concurrency: Number(arg('concurrency') ?? DEFAULTS.concurrency),
    timeoutMs: DEFAULTS.timeoutMs,
    profile: DEFAULTS.profile,
    maxResponseBytes: DEFAULTS.maxResponseBytes,
    shrink: DEFAULTS.shrink,
    maxShrinkRequests: DEFAULTS.maxShrinkRequests,
    maxShrinkMs: DEFAULTS.maxShrinkMs,
    maxFailuresPerCheck: DEFAULTS.maxFailuresPerCheck,
  };
  const results = await runConformance(options, [...reporters, probe]);
  const end = sample(results.summary.cases, t0);
  process.stdout.write(
    `BENCH_MEMORY ${JSON.stringify({ samples, end, cases: results.summary.cases, durationMs: results.durationMs, verdict: results.verdict })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`engine-child: ${String((e as Error)?.stack ?? e)}\n`);
  process.exitCode = 2;
});
