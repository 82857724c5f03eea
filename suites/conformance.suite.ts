/**
 * Gate inside jest: one jest test per check, all judged by the same engine as `conformance run`.
 *   TARGET_URL=http://127.0.0.1:8080/beta npm run conformance:jest
 *   TARGET_APP=./my-app.js npm run conformance:jest
 * Options: GRAPH_TOKEN, CONFORMANCE_RUNS, CONFORMANCE_SEED, CONFORMANCE_PROFILE. Without a target, the embedded
 * reference server is the target. No check logic lives here.
 */
import { CHECK_IDS } from '../checks/types';
import { runJestGate, type GateResult } from './gate';

let gate: GateResult;

beforeAll(async () => {
  gate = await runJestGate(process.env);
}, 600_000);

afterAll(async () => {
  await gate?.close();
});

describe('Graph officeConfiguration conformance', () => {
  test('the suite ran (no suite error)', () => {
    expect(gate.results.errors).toEqual([]);
  });

  test.each([...CHECK_IDS])('%s', (id) => {
    const check = gate.results.checks.find((c) => c.id === id);
    if (!check) throw new Error(`check ${id} missing from results`);
    if (check.status === 'skipped') {
      console.info(`${id}: skipped (${check.skippedReason ?? ''})`);
      return;
    }
    if (check.status === 'failed' && check.severity === 'warning') {
      console.warn(`${id} (warning): ${check.failures[0]?.message ?? ''}`);
      return;
    }
    const first = check.failures[0];
    if (check.status === 'failed') {
      throw new Error(
        `${id} failed on ${check.failedCases} of ${check.cases} cases: ${first?.message ?? ''}\nreproduce (seed ${first?.reproduce.seed}, path ${first?.reproduce.path}):\n${first?.reproduce.curl ?? ''}`,
      );
    }
    expect(check.status).toBe('passed');
  });
});
