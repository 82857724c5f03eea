/**
 * Gate inside jest: one jest test per check, all judged by the same engine as `conformance run`.
 *   TARGET_URL=http://127.0.0.1:8080/beta npm run conformance:jest
 *   TARGET_APP=./my-app.js npm run conformance:jest
 * Options: GRAPH_TOKEN, CONFORMANCE_RUNS, CONFORMANCE_SEED, CONFORMANCE_PROFILE. Without a target, the embedded
 * reference server is the target. No check logic lives here: global-setup.ts runs the engine once and this file
 * turns its results into tests. A check that was skipped is a skipped test (its reason in the name); a warning-level
 * check that failed passes (it does not fail the gate) under a name that starts with "WARNING".
 */
import { readFileSync } from 'node:fs';
import { CHECK_IDS } from '../checks/types';
import type { CheckResult, RunResults } from '../engine/events';

const file = process.env['CONFORMANCE_GATE_RESULTS'];
if (!file) throw new Error('CONFORMANCE_GATE_RESULTS is not set: run the gate with `npm run conformance:jest`');
const results = JSON.parse(readFileSync(file, 'utf8')) as RunResults;

function reproduction(check: CheckResult): string {
  const first = check.failures[0];
  return `${check.id} failed on ${check.failedCases} of ${check.cases} cases: ${first?.message ?? ''}\nreproduce (seed ${first?.reproduce.seed}, path ${first?.reproduce.path}):\n${first?.reproduce.curl ?? ''}`;
}

describe(`Graph officeConfiguration conformance (seed ${results.seed}, profile ${results.profile})`, () => {
  test(`the suite ran and could judge the target (verdict ${results.verdict})`, () => {
    expect(results.errors).toEqual([]);
  });

  for (const id of CHECK_IDS) {
    const check = results.checks.find((c) => c.id === id);
    if (!check) {
      test(id, () => {
        throw new Error(`check ${id} missing from results`);
      });
      continue;
    }
    if (check.status === 'skipped') {
      test.skip(`${id} — skipped: ${check.skippedReason ?? 'no reason given'}`, () => undefined);
      continue;
    }
    if (check.status === 'failed' && check.severity === 'warning') {
      test(`WARNING ${id} — failed ${check.failedCases} of ${check.cases} cases (a warning does not fail the gate): ${check.failures[0]?.message ?? ''}`, () => {
        console.warn(reproduction(check));
      });
      continue;
    }
    test(id, () => {
      if (check.status === 'failed') throw new Error(reproduction(check));
      expect(check.status).toBe('passed');
    });
  }
});
