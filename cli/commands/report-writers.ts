import type { Reporter } from '../../engine/events';
import { humanReporters, junitOptionsFromEnv } from '../../reports';
import type { JunitOptions } from '../../reports/junit';

/**
 * The human-facing report formats every run writes beside results.json, events.ndjson and cases/:
 * timing.json, junit.xml, summary.md and report.html (see reports/index.ts). `run` wraps them with its redactor.
 * Failed warning-level checks become JUnit failures with `junit: {warnings: 'fail'}` (`run --junit-warnings fail`),
 * else when the environment says CONFORMANCE_JUNIT_WARNINGS=fail.
 */
export function reportWriters(dir: string, env: NodeJS.ProcessEnv = process.env, junit?: JunitOptions): Reporter[] {
  return humanReporters(dir, { junit: junit ?? junitOptionsFromEnv(env) });
}
