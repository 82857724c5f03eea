import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import type { RunResults } from '../../engine/events';
import { formatSummary } from '../../reports/console';
import { diffRuns, formatDiffHtml, formatDiffMarkdown, formatDiffText, type DiffSide } from '../../reports/diff';
import { junitOptionsFromEnv, writeAllReports } from '../../reports';
import {
  concatEvents,
  MERGE_MAX_FAILURES,
  mergeResults,
  missingShards,
  shardProblem,
  type ShardInput,
} from '../../reports/merge';
import { readEventsInto, RunStats } from '../../reports/stats';
import { resultsProblem } from '../../reports/validate';
import type { Io } from '../program';
import { JUNIT_WARNINGS_HELP } from './shared-options';

const DIR_HINT = 'give a directory a run wrote (its --report-dir, default reports/out): it holds results.json';

/** Reads and checks <dir>/results.json; every way it can be unusable is a SuiteError (exit 2) with a hint. */
export function loadResults(dir: string, role: string): RunResults {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new SuiteError('report-not-found', `${role} directory not found: ${dir}`, DIR_HINT);
  const file = join(dir, 'results.json');
  if (!existsSync(file)) throw new SuiteError('report-no-results', `${role}: no results.json in ${dir}`, DIR_HINT);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuiteError(
      'report-invalid',
      `${role}: ${file} is not valid JSON: ${(e as Error).message}`,
      'the file may be truncated (an interrupted run); run the suite again to rewrite it',
    );
  }
  const problem = resultsProblem(value);
  if (problem)
    throw new SuiteError(
      'report-invalid',
      `${role}: ${file} is not a conformance results.json: ${problem}`,
      'give a results.json written by `conformance run` (or `report merge`)',
    );
  return value as RunResults;
}

/** Response times of a report dir: timing.json when usable, else the 'case' events of events.ndjson. */
export async function loadTiming(dir: string, io: Io): Promise<{ stats?: RunStats; timing: DiffSide['timing'] }> {
  const timingFile = join(dir, 'timing.json');
  if (existsSync(timingFile)) {
    try {
      const stats = RunStats.fromJSON(JSON.parse(readFileSync(timingFile, 'utf8')));
      if (stats) return { stats, timing: 'timing.json' };
    } catch {
      // fall back to the events below
    }
    io.err(`warning: ${timingFile} is unreadable or of another format; reading events.ndjson instead`);
  }
  const stats = new RunStats();
  const read = await readEventsInto(join(dir, 'events.ndjson'), stats);
  if (!read.found) return { timing: 'none' };
  if (read.bad > 0) io.err(`warning: skipped ${read.bad} unreadable line(s) of ${join(dir, 'events.ndjson')}`);
  return { stats, timing: 'events.ndjson' };
}

function outputDir(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new SuiteError(
      'report-write',
      `cannot create ${dir}: ${(e as Error).message}`,
      'choose a writable --out directory',
    );
  }
  return dir;
}

function writeOut(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new SuiteError(
      'report-write',
      `cannot write ${file}: ${(e as Error).message}`,
      'choose a writable --out directory',
    );
  }
}

interface DiffFlags {
  baseline: string;
  current: string;
  out?: string;
}

interface MergeFlags {
  out: string;
  maxFailures?: string;
  junitWarnings?: 'pass' | 'fail';
  allowMissing?: boolean;
}

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new SuiteError(
      'bad-option',
      `${name} must be a whole number from 1 to 1000, got "${v}"`,
      `e.g. ${name} ${fallback}`,
    );
  return n;
}

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  const report = program
    .command('report')
    .description('compare two runs (diff) or combine the shards of one run (merge), from their report directories')
    .addHelpText(
      'after',
      `
A report directory is what \`run --report-dir DIR\` writes: results.json, events.ndjson, cases/, timing.json,
junit.xml, summary.md and report.html.

Usage and exit codes:
  report diff --baseline DIR --current DIR [--out DIR]
      exit 0: no regression; 1: a check that passed in the baseline fails now at error level; 2: unreadable input
  report merge DIR... --out DIR [--max-failures N] [--junit-warnings pass|fail] [--allow-missing]
      exit 0/1/2: the merged run's exit code (2 also for shards that do not belong together, and for a missing
      shard unless --allow-missing)

Run \`report diff --help\` or \`report merge --help\` for every option.`,
    );
  registerReportDiff(report, io, setExit);
  registerReportMerge(report, io, setExit);
}

function registerReportDiff(report: Command, io: Io, setExit: (code: number) => void): void {
  report
    .command('diff')
    .description(
      'compare a run with a baseline: new failures, fixed and still failing checks, case counts and response times per check; writes diff.md, diff.html and diff.json',
    )
    .requiredOption(
      '--baseline <dir>',
      'report directory of the earlier run (results.json; timing.json or events.ndjson)',
    )
    .requiredOption(
      '--current <dir>',
      'report directory of the run to judge (results.json; timing.json or events.ndjson)',
    )
    .option('--out <dir>', 'where diff.md, diff.html and diff.json go (default: the --current directory)')
    .addHelpText(
      'after',
      `
Response times: median and p95 per check, over the POST round-trip times of the cases each check judged
(the durationMs of events.ndjson "case" events, attributed to every check in "judged"), read from timing.json
(written by every run) or else computed from events.ndjson; overall figures too. Per check, because checks judge
different kinds of cases (valid creates, invalid bodies, auth probes), so a slowdown shows where it is.

Exit codes:
  0  no error-level check that passed in the baseline fails now (new warning-level failures, and failures of
     checks the baseline skipped, are reported but do not fail)
  1  at least one error-level check passed in the baseline and fails now
  2  an input is missing or unreadable, or the output cannot be written`,
    )
    .action(async (flags: DiffFlags) => setExit(await reportDiff(flags, io)));
}

/** `report diff`: writes diff.json, diff.md and diff.html, prints the diff; resolves to the exit code. */
async function reportDiff(flags: DiffFlags, io: Io): Promise<number> {
  const baselineDir = resolve(flags.baseline);
  const currentDir = resolve(flags.current);
  const baseline = loadResults(baselineDir, 'baseline');
  const current = loadResults(currentDir, 'current');
  const bt = await loadTiming(baselineDir, io);
  const ct = await loadTiming(currentDir, io);
  const side = (dir: string, results: RunResults, t: Awaited<ReturnType<typeof loadTiming>>): DiffSide =>
    t.stats ? { dir, results, stats: t.stats, timing: t.timing } : { dir, results, timing: t.timing };
  const diff = diffRuns(side(flags.baseline, baseline, bt), side(flags.current, current, ct));
  const out = outputDir(resolve(flags.out ?? flags.current));
  writeOut(join(out, 'diff.json'), JSON.stringify(diff, null, 2) + '\n');
  writeOut(join(out, 'diff.md'), formatDiffMarkdown(diff));
  writeOut(join(out, 'diff.html'), formatDiffHtml(diff));
  io.out(formatDiffText(diff));
  io.out(`wrote diff.md, diff.html and diff.json to ${out}`);
  return diff.exitCode;
}

function registerReportMerge(report: Command, io: Io, setExit: (code: number) => void): void {
  report
    .command('merge')
    .description(
      'combine the report directories of the shards of one run (`run --shard i/n`) into one report: results.json, events.ndjson, timing.json, junit.xml, summary.md, report.html and cases/',
    )
    .argument('<dirs...>', "the shards' report directories (each holds results.json, and events.ndjson for the charts)")
    .requiredOption('--out <dir>', 'where the merged report goes (created if needed; must not be one of the shards)')
    .option(
      '--max-failures <n>',
      `failures kept per check, minimal counterexamples first (default ${MERGE_MAX_FAILURES})`,
    )
    .addOption(new Option('--junit-warnings <mode>', JUNIT_WARNINGS_HELP).choices(['pass', 'fail']))
    .option(
      '--allow-missing',
      'merge even when shards of the run are missing (a warning; results.json lists them in "missingShards")',
    )
    .addHelpText(
      'after',
      `
Shards must come from one run: the same seed, runs, profile and target, each shard given once. A missing shard
makes the merge inconclusive (exit 2, nothing written): the cases it would have judged are unknown. With
--allow-missing the shards given are merged anyway, with a warning, and results.json names the missing ones.

Per check, cases and failed cases are summed; the status is failed if any shard failed it, passed if any passed it
and none failed, skipped only if every shard skipped it. Summary, verdict and exit code are recomputed;
events.ndjson files are concatenated in the order given.

Exit codes: the merged run's (0 passed, 1 an error-level check failed, 2 a shard ended on a suite error), or 2
when an input is unreadable, the shards do not belong together, or a shard is missing without --allow-missing.`,
    )
    .action(async (dirs: string[], flags: MergeFlags) => setExit(await reportMerge(dirs, flags, io)));
}

/** The shards given, checked to be shards of one run and not the output; `gap` says which are missing. */
function loadShards(
  dirs: string[],
  flags: MergeFlags,
  out: string,
): { shards: ShardInput[]; missing: string[]; gap: string } {
  const shards = dirs.map((d) => ({ dir: d, results: loadResults(resolve(d), 'shard') }));
  const problem = shardProblem(shards);
  if (problem) throw new SuiteError('shards-mismatch', problem.message, problem.hint);
  const clash = dirs.find((d) => resolve(d) === out);
  if (clash)
    throw new SuiteError(
      'report-out-is-input',
      `--out ${flags.out} is one of the shards`,
      'write the merged report to a new directory',
    );
  const missing = missingShards(shards);
  const gap = `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`;
  if (missing.length > 0 && !flags.allowMissing)
    throw new SuiteError(
      'shards-missing',
      `inconclusive: ${gap} (given: ${shards.map((s) => s.results.shard ?? 'all').join(', ')}); the merged report would cover part of the run`,
      "give every shard's report directory, or pass --allow-missing to merge the ones there are (results.json then lists the missing shards)",
    );
  return { shards, missing, gap };
}

/** Concatenates the shards' events.ndjson into out/events.ndjson; the statistics of every event on the way. */
async function mergeEvents(dirs: string[], shards: ShardInput[], out: string, io: Io): Promise<RunStats> {
  const starts = shards.map((s) => Date.parse(s.results.startedAt)).filter(Number.isFinite);
  const stats = new RunStats(starts.length ? Math.min(...starts) : undefined);
  let noEvents: string[];
  try {
    noEvents = await concatEvents(
      dirs.map((d) => join(resolve(d), 'events.ndjson')),
      join(out, 'events.ndjson'),
      stats,
    );
  } catch (e) {
    throw new SuiteError(
      'report-write',
      `cannot write ${join(out, 'events.ndjson')}: ${(e as Error).message}`,
      'choose a writable --out directory',
    );
  }
  for (const f of noEvents) io.err(`warning: ${f} not found: its cases are missing from the charts and events.ndjson`);
  return stats;
}

/** `report merge`: writes the merged report, prints its summary; resolves to the merged run's exit code. */
async function reportMerge(dirs: string[], flags: MergeFlags, io: Io): Promise<number> {
  const maxFailures = positiveInt('--max-failures', flags.maxFailures, MERGE_MAX_FAILURES);
  const out = resolve(flags.out);
  const { shards, missing, gap } = loadShards(dirs, flags, out);
  if (missing.length > 0)
    io.err(`warning: ${gap}: merging without them (--allow-missing); the report covers part of the run`);
  outputDir(out);
  const stats = await mergeEvents(dirs, shards, out, io);
  const merged = mergeResults(shards, { maxFailures });
  const junit = flags.junitWarnings ? { warnings: flags.junitWarnings } : junitOptionsFromEnv(process.env);
  let written: string[];
  try {
    written = writeAllReports(out, merged, stats, { junit });
  } catch (e) {
    throw new SuiteError(
      'report-write',
      `cannot write the merged report to ${out}: ${(e as Error).message}`,
      'choose a writable --out directory',
    );
  }
  io.out(
    `merged ${shards.length} shard(s) of seed ${merged.seed}: ${shards.map((s) => s.results.shard ?? 'all').join(', ')}`,
  );
  io.out(formatSummary(merged, out).replace(/\n$/, ''));
  if (missing.length > 0) io.out(`partial: ${gap}; the verdict covers the shards given only`);
  io.out(`wrote ${['events.ndjson', ...written].join(', ')} to ${out}`);
  return merged.exitCode;
}
