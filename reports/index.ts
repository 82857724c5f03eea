import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, RunEvent, RunResults } from '../engine/events';
import { caseFileFor } from './files';
import { htmlReporter, writeHtml } from './html';
import { junitReporter, writeJunit, type JunitOptions } from './junit';
import { markdownReporter, writeMarkdown } from './markdown';
import { RunStats } from './stats';

export interface ReportWriterOptions {
  junit?: JunitOptions;
}

export function writeTiming(dir: string, stats: RunStats): void {
  writeFileSync(join(dir, 'timing.json'), JSON.stringify(stats.toJSON()) + '\n');
}

/** Feeds `stats` with every event and writes timing.json (what `report diff` compares) at the end of the run. */
export function timingReporter(dir: string, stats: RunStats): Reporter {
  return {
    onEvent(e: Readonly<RunEvent>): void {
      stats.onEvent(e);
      if (e.type === 'run-finished') writeTiming(dir, stats);
    },
  };
}

/** The human-facing writers of a run, in the order they must see events: timing.json, junit.xml, summary.md, report.html. */
export function humanReporters(dir: string, options: ReportWriterOptions = {}): Reporter[] {
  const stats = new RunStats();
  return [
    timingReporter(dir, stats),
    junitReporter(dir, options.junit),
    markdownReporter(dir),
    htmlReporter(dir, stats),
  ];
}

/**
 * The junit.xml option from the environment: CONFORMANCE_JUNIT_WARNINGS=fail makes failed warning-level checks
 * JUnit failures (default: passed cases with the failure in system-out).
 */
export function junitOptionsFromEnv(env: NodeJS.ProcessEnv): JunitOptions {
  const w = (env['CONFORMANCE_JUNIT_WARNINGS'] ?? '').trim().toLowerCase();
  return w === 'fail' || w === 'failure' || w === 'failures' ? { warnings: 'fail' } : {};
}

/** Writes every file format of a finished run at once (what `report merge` produces); events.ndjson is the caller's. */
export function writeAllReports(
  dir: string,
  results: RunResults,
  stats: RunStats | undefined,
  options: ReportWriterOptions = {},
): string[] {
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeJunit(dir, results, options.junit);
  writeMarkdown(dir, results);
  writeHtml(dir, results, stats);
  const written = ['results.json', 'junit.xml', 'summary.md', 'report.html'];
  if (stats) {
    writeTiming(dir, stats);
    written.push('timing.json');
  }
  const casesDir = join(dir, 'cases');
  rmSync(casesDir, { recursive: true, force: true });
  for (const c of results.checks) {
    const f = c.failures[0];
    if (c.status !== 'failed' || !f) continue;
    mkdirSync(casesDir, { recursive: true });
    writeFileSync(join(casesDir, `${c.id}.json`), JSON.stringify(caseFileFor(results, c.id, f), null, 2) + '\n');
    if (!written.includes('cases/')) written.push('cases/');
  }
  return written;
}
