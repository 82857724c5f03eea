/**
 * results.json of a Pact verification, in the shape of `run`'s (engine/events.ts RunResults) so the same readers
 * work: one check entry, id `pact-verification`, whose failures are the interactions that failed.
 *
 * The one widening: CheckResult.id is a CheckId (the registry's ids) and `pact-verification` is not one, since it
 * is not a check the engine runs. PactVerificationCheck is CheckResult with that id, and each failure carries the
 * interaction, the pact file and Pact's own mismatches besides the usual request/response/reproduction.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Failure, RunResults } from '../engine/events';

export const PACT_CHECK_ID = 'pact-verification';

/** One mismatch as Pact's verifier reports it (status, header, body at a JSON path...). */
export interface PactMismatch {
  type: string;
  message: string;
  path?: string;
  key?: string;
  expected?: unknown;
  actual?: unknown;
}

export interface PactFailure extends Failure {
  /** The interaction's description in the pact. */
  interaction: string;
  /** The pact file it comes from. */
  pact: string;
  mismatches: PactMismatch[];
}

export interface PactVerificationCheck extends Omit<CheckResult, 'id' | 'failures'> {
  id: typeof PACT_CHECK_ID;
  failures: PactFailure[];
}

/** One verified pact file. */
export interface PactFileResult {
  file: string;
  consumer: string;
  provider: string;
  interactions: number;
  failed: number;
  /** Each interaction the verifier got through, in the pact's order (absent or empty when it gave no result). */
  results?: Array<{ interaction: string; passed: boolean }>;
}

export interface PactVerificationResults extends Omit<RunResults, 'checks'> {
  checks: PactVerificationCheck[];
  pacts: PactFileResult[];
  /** How often each provider state's handler ran (contracts/states.ts). */
  providerStates: Record<string, number>;
  /**
   * Provider state setups that failed (contracts/states.ts: a lifecycle state creates its configuration through the
   * target's POST), each with what went wrong; the interactions that needed them fail.
   */
  providerStateFailures?: string[];
}

export const PACT_CHECK_RULE =
  'Every interaction of the pact files verifies against the target: the status, the headers and the body the consumer expects, with the pact matchers applied.';
export const PACT_CHECK_SOURCE =
  'the pact files (contracts/pacts/ by default: `conformance pact`), verified with @pact-foundation/pact Verifier';

export function writeResultsJson(dir: string, results: PactVerificationResults): string {
  const file = join(dir, 'results.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

/** The console summary: one line per failed interaction, then the verdict. */
export function formatVerificationSummary(results: PactVerificationResults, reportDir?: string): string[] {
  const lines: string[] = [];
  const check = results.checks[0];
  for (const p of results.pacts.filter((x) => x.interactions > 0))
    lines.push(
      `${p.file}: ${p.interactions - p.failed}/${p.interactions} interactions verified (${p.consumer} -> ${p.provider})`,
    );
  for (const failure of results.providerStateFailures ?? []) lines.push(`provider state setup failed: ${failure}`);
  for (const f of check?.failures ?? []) {
    lines.push(`FAIL ${f.interaction}`);
    for (const m of f.messages) lines.push(`  ${m}`);
  }
  for (const e of results.errors) {
    lines.push(`error [${e.code}]: ${e.message}`);
    if (e.hint) lines.push(`hint: ${e.hint}`);
  }
  const cases = check?.cases ?? 0;
  const failed = check?.failedCases ?? 0;
  lines.push(
    `${results.verdict.toUpperCase()}: ${cases - failed} of ${cases} interactions verified against ${results.target} in ${(results.durationMs / 1000).toFixed(1)} s`,
  );
  if (reportDir) lines.push(`reports: ${reportDir}`);
  return lines;
}
