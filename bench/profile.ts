/**
 * `npm run bench:profile`: where the suite's time goes. Runs `node --cpu-prof bin/conformance.js run` against the
 * reference server in a child process (127.0.0.1, ephemeral port) and summarises the CPU profile: the functions with
 * the most self time, and self time per file (node internals and packages grouped by package).
 *
 *   npm run bench:profile -- [--runs 5000] [--concurrency 8] [--app] [--top 25] [--keep DIR]
 *
 * --runs: valid cases (and as many invalid ones) of the profiled run; --concurrency: its requests in flight (default:
 * the suite's); --app profiles the in-process target (supertest) instead of the URL; --top: lines per table; --keep
 * copies the .cpuprofile to DIR (open it in Chrome DevTools or speedscope).
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { benchArgs } from './args';
import { BENCH_TOKEN, BIN, childEnv, fmt, guardChildren, ROOT, runChild, startBenchServer, tempDir } from './support';

const cli = benchArgs(__filename, {
  flags: ['app'],
  options: { runs: 'number', concurrency: 'number', top: 'number', keep: 'string' },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a project file, a package, node itself, or V8 (GC, idle, program). */
function placeOf(url: string): string {
  if (url === '') return '(v8)';
  if (url.startsWith('node:')) return url;
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return `pkg:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '?')}`;
  }
  return relative(ROOT, path);
}

export function summarise(profile: CpuProfile, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)?.callFrame;
    if (!f) continue;
    const place = placeOf(f.url);
    const name = `${f.functionName || '(anonymous)'}  ${place}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`profile: ${fmt(total / 1000)} ms sampled`, '', `top ${top} functions by self time:`];
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${fmt(us / 1000).padStart(6)} ms  ${name}`);
  lines.push('', 'self time by file / package:');
  for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${fmt(us / 1000).padStart(6)} ms  ${place}`);
  return lines;
}

async function main(): Promise<void> {
  guardChildren();
  const runs = String(cli.number('runs') ?? 5000);
  const concurrency = cli.string('concurrency');
  const top = cli.number('top') ?? 25;
  const app = cli.flag('app');
  const server = app ? undefined : await startBenchServer();
  const tmp = tempDir('bench-profile-');
  try {
    const target = server ? ['--target', server.url] : ['--app', join(__dirname, 'reference-app.ts')];
    const args = ['--cpu-prof', '--cpu-prof-dir', join(tmp.dir, 'prof'), BIN, 'run', ...target, '--runs', runs]
      .concat(['--seed', '1', '--token', BENCH_TOKEN, '--report-dir', join(tmp.dir, 'out')])
      .concat(concurrency ? ['--concurrency', concurrency] : []);
    const r = await runChild(process.execPath, args, {
      timeoutMs: 10 * 60_000,
      env: childEnv({ BENCH_REFERENCE_TOKEN: BENCH_TOKEN }),
    });
    if (r.code !== 0) throw new Error(`profiled run exited ${String(r.code)}: ${r.stderr.slice(-2000)}`);
    const file = readdirSync(join(tmp.dir, 'prof')).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no .cpuprofile written');
    const path = join(tmp.dir, 'prof', file);
    const keep = cli.string('keep');
    if (keep) copyFileSync(path, join(keep, file));
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    process.stdout.write(
      `profiled: conformance run ${app ? '--app (in-process)' : '--target (reference in a child process)'} --runs ${runs}, wall ${fmt(r.wallMs)} ms\n`,
    );
    process.stdout.write(summarise(profile, top).join('\n') + '\n');
  } finally {
    tmp.cleanup();
    await server?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:profile: ${String((e as Error)?.stack ?? e)}\n`);
  process.exitCode = 1;
});
