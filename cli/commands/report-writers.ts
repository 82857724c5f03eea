import type { Reporter } from '../../engine/events';
import { humanReporters, junitOptionsFromEnv } from '../../reports';

/**
 * The human-facing report formats every run writes beside results.json, events.ndjson and cases/:
 * timing.json, junit.xml, summary.md and report.html (see reports/index.ts). `run` wraps them with its redactor.
 * CONFORMANCE_JUNIT_WARNINGS=fail turns failed warning-level checks into JUnit failures.
 */
export function reportWriters(dir: string, env: NodeJS.ProcessEnv = process.env): Reporter[] {
  return humanReporters(dir, { junit: junitOptionsFromEnv(env) });
}
