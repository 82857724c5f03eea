/**
 * The jest gate (`npm run conformance:jest`) as an implementer's CI sees it: jest's own JSON report of a run against
 * a mutant. A skipped check is a skipped jest test that says why, a failed warning a passing test named "WARNING …",
 * and a failed error-level check a failed test with the reproduction.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMutant } from '../../targets/mutants';
import type { RunningServer } from '../../targets/reference';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');

interface JestJson {
  numFailedTests: number;
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
}

/** Runs the gate in a child whose temporary folder is a fresh one; `left` lists what the suite left in it. */
function gate(targetUrl: string): Promise<{ code: number; report: JestJson; left: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'jest-gate-'));
  const out = join(dir, 'jest.json');
  const childTmp = join(dir, 'tmp');
  mkdirSync(childTmp);
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '-c',
        'suites/jest.config.js',
        '--json',
        '--outputFile',
        out,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TMPDIR: childTmp,
          TARGET_URL: targetUrl,
          CONFORMANCE_RUNS: '20',
          CONFORMANCE_SEED: '7',
          GRAPH_TOKEN: '',
        },
        timeout: 100_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error) => {
        try {
          done({
            code: error ? Number(error.code ?? -1) : 0,
            report: JSON.parse(readFileSync(out, 'utf8')) as JestJson,
            // jest keeps its own cache there (jest_*); what the suite made is named conformance-*.
            left: readdirSync(childTmp).filter((n) => n.startsWith('conformance-')),
          });
        } catch (e) {
          fail(e as Error);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}

const tests = (r: JestJson): Array<{ title: string; status: string; failureMessages: string[] }> =>
  r.testResults.flatMap((t) => t.assertionResults);

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('a failed warning is visible, a skipped check is skipped, and the gate passes', async () => {
  server = await startMutant('location-header-present');
  const { code, report, left } = await gate(server.url);
  const all = tests(report);
  expect(code).toBe(0);
  // The folder global-setup made for results.json is gone when the gate ends.
  expect(left).toEqual([]);
  const warning = all.find((t) => t.title.startsWith('WARNING location-header'));
  expect(warning?.status).toBe('passed');
  expect(warning?.title).toMatch(/no Location header/);
  // No token configured: auth-required has nothing to judge.
  const skipped = all.find((t) => t.title.startsWith('auth-required'));
  expect(skipped?.status).toBe('pending');
  expect(skipped?.title).toMatch(/skipped: no token configured/);
  expect(all.find((t) => t.title === 'status-201')?.status).toBe('passed');
});

test('a failed error-level check fails its test with the reproduction', async () => {
  server = await startMutant('create-answers-201');
  const { code, report, left } = await gate(server.url);
  expect(code).toBe(1);
  expect(left).toEqual([]);
  const failed = tests(report).find((t) => t.title === 'status-201');
  expect(failed?.status).toBe('failed');
  expect(failed?.failureMessages.join('\n')).toMatch(/reproduce \(seed 7, path /);
});
