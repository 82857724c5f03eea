import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Reporter, RunEvent, RunResults } from '../engine/events';
import { failureText } from './failure-text';
import { cleanupLine, retryLine, truncate, xmlAttr, xmlText } from './text';

export const SUITE_NAME = 'graph-office-conformance';

export interface JunitOptions {
  /** Warning-level checks that failed: a passed case with the failure in system-out (default), or a failure. */
  warnings?: 'pass' | 'fail';
  /** What classname groups cases by: severity ("graph-office-conformance.error", default) or target host. */
  classname?: 'severity' | 'target';
  /** Failures written per failing check (the minimal one first); default 3. */
  maxFailures?: number;
}

function targetClass(target: string): string {
  let host = target;
  try {
    host = new URL(target).host || target;
  } catch {
    // not a URL (an in-process label): use it as it is
  }
  return host.replace(/[^A-Za-z0-9_-]+/g, '_');
}

function classnameFor(results: RunResults, c: CheckResult, by: JunitOptions['classname']): string {
  return `${SUITE_NAME}.${by === 'target' ? targetClass(results.target) : c.severity}`;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** The failure text of a check: the counts, then each kept failure (minimal first), separated by rules. */
function checkFailureBody(c: CheckResult, max: number): string {
  const parts = [
    `${c.failedCases} of ${c.cases} cases failed ${c.id} (${c.severity}): ${c.rule}`,
    `source: ${c.source}`,
  ];
  c.failures.slice(0, max).forEach((f, i) => {
    parts.push('-'.repeat(60));
    parts.push(failureText(f, i === 0 ? `cases/${c.id}.json` : undefined));
  });
  if (c.failures.length > max) parts.push(`(${c.failures.length - max} more kept in results.json)`);
  return parts.join('\n');
}

/**
 * junit.xml: one testsuite, one testcase per check ("<id>: <rule>"), plus one testcase per suite error.
 * Failed error-level checks carry a <failure> with the minimal counterexample and its reproduction; failed
 * warning-level checks pass with the same text in <system-out> unless options.warnings is 'fail'; skipped checks
 * carry <skipped message="reason"/>.
 */
export function formatJunit(results: RunResults, options: JunitOptions = {}): string {
  const warningsFail = options.warnings === 'fail';
  const max = options.maxFailures ?? 3;
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const c of results.checks) {
    const name = `${c.id}: ${c.rule}`;
    const open = `    <testcase name="${xmlAttr(name)}" classname="${xmlAttr(classnameFor(results, c, options.classname))}" time="0.000"`;
    const first = c.failures[0];
    const summaryLine = `${c.failedCases} of ${c.cases} cases failed: ${first?.message ?? '(no failure kept)'}`;
    if (c.status === 'skipped') {
      skipped++;
      cases.push(`${open}>\n      <skipped message="${xmlAttr(c.skippedReason ?? 'skipped')}"/>\n    </testcase>`);
    } else if (c.status === 'failed' && (c.severity === 'error' || warningsFail)) {
      failures++;
      cases.push(
        `${open}>\n      <failure message="${xmlAttr(truncate(summaryLine, 500))}" type="${xmlAttr(c.severity)}">${xmlText(
          checkFailureBody(c, max),
        )}</failure>\n    </testcase>`,
      );
    } else if (c.status === 'failed') {
      cases.push(
        `${open}>\n      <system-out>${xmlText(`WARNING (not failing the run): ${checkFailureBody(c, max)}`)}</system-out>\n    </testcase>`,
      );
    } else {
      cases.push(
        `${open}>\n      <system-out>${xmlText(`${c.cases} cases judged, all passed`)}</system-out>\n    </testcase>`,
      );
    }
  }
  for (const e of results.errors) {
    cases.push(
      `    <testcase name="${xmlAttr(`suite error: ${e.code}`)}" classname="${SUITE_NAME}.suite" time="0.000">\n      <error message="${xmlAttr(
        truncate(e.message, 500),
      )}" type="${xmlAttr(e.code)}">${xmlText(`${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`)}</error>\n    </testcase>`,
    );
  }
  const errors = results.errors.length;
  const tests = results.checks.length + errors;
  const props: Array<[string, string]> = [
    ['tool', `${results.tool.name} ${results.tool.version}`],
    ['target', results.target],
    ['profile', results.profile],
    ['seed', String(results.seed)],
    ['runs', String(results.runs)],
    ['cases', String(results.summary.cases)],
    ['verdict', results.verdict],
    ['exitCode', String(results.exitCode)],
  ];
  if (results.shard) props.push(['shard', results.shard]);
  const waits = retryLine(results);
  if (waits) props.push(['waiting', waits]);
  const cleanup = cleanupLine(results);
  if (cleanup) props.push(['cleanup', cleanup.text]);
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(results.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${SUITE_NAME}" ${counts}>`,
    `  <testsuite name="${SUITE_NAME}" ${counts} timestamp="${xmlAttr(results.startedAt)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`),
    '    </properties>',
    ...cases,
    `    <system-out>${xmlText(`seed ${results.seed}: repeat this run with --seed ${results.seed}`)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function writeJunit(dir: string, results: RunResults, options?: JunitOptions): void {
  writeFileSync(join(dir, 'junit.xml'), formatJunit(results, options));
}

/** Writes junit.xml at the end of the run. */
export function junitReporter(dir: string, options?: JunitOptions): Reporter {
  return {
    onEvent(e: Readonly<RunEvent>): void {
      if (e.type === 'run-finished') writeJunit(dir, e.results, options);
    },
  };
}
