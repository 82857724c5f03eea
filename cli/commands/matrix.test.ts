import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../engine/events';
import { formatMatrix, judgeRun, MATRIX_SEEDS, matrixTargets, type MatrixResult } from '../../suites/matrix';
import { MUTANTS } from '../../targets/mutants';
import { VARIANTS } from '../../targets/variants';
import { runCli } from '../program';

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

jest.setTimeout(60_000);

describe('conformance matrix', () => {
  test('--help describes the command and its options', async () => {
    const r = await cli(['matrix', '--help']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/conforming variant/);
    expect(text).toMatch(/precision/);
    for (const flag of ['--seeds <n>', '--runs <n>', '--only <names>', '--jobs <n>', '--json', '--json-file <file>'])
      expect(text).toContain(flag);
  });

  test.each([
    [['--seeds', '0'], /--seeds must be a whole number from 1 to 20, got "0"/],
    [['--seeds', '21'], /--seeds must be a whole number from 1 to 20/],
    [['--seeds', 'five'], /--seeds must be a whole number/],
    [['--runs', '0'], /--runs must be a whole number from 1/],
    [['--runs', '1.5'], /--runs must be a whole number/],
    [['--only', ' , '], /--only names no target/],
    [['--jobs', '17'], /--jobs must be a whole number from 1 to 16, got "17"/],
    [
      ['--json-file', '/no/such/folder/m.json', '--seeds', '1', '--runs', '1', '--only', 'charset-omitted'],
      /--json-file: cannot write \/no\/such\/folder\/m\.json/,
    ],
    [
      ['--only', 'reference,no-such-target'],
      /error \[unknown-target\]: --only: no variant or mutant is named "no-such-target"/,
    ],
  ])('bad input %j: exit 2 with the error and a hint', async (args, message) => {
    const r = await cli(['matrix', ...args]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(message);
    expect(r.err.join('\n')).toMatch(/hint: /);
    expect(r.out).toEqual([]);
  });

  test('a small matrix: the table, progress on stderr, both figures, exit 0', async () => {
    const r = await cli(['matrix', '--seeds', '2', '--runs', '10', '--only', 'reference,create-answers-201']);
    expect(r.err).toEqual([
      expect.stringMatching(/^\[1\/3\] variant reference \(graph-docs\): 2\/2 seeds as declared \(\d+\.\d s\)$/),
      expect.stringMatching(/^\[2\/3\] variant reference \(odata-strict\): 2\/2 seeds as declared/),
      expect.stringMatching(/^\[3\/3\] mutant create-answers-201 \(graph-docs\): 2\/2 seeds as declared/),
    ]);
    expect(r.out[0]).toMatch(/^kind +target +profile +101 +202 +as declared$/);
    expect(r.out).toContainEqual(expect.stringMatching(/^variant +reference +graph-docs +ok +ok +2\/2$/));
    expect(r.out).toContainEqual(expect.stringMatching(/^mutant +create-answers-201 +graph-docs +ok +ok +2\/2$/));
    expect(r.out[r.out.length - 1]).toBe('precision 1.000 over 4 variant runs, recall 1.000 over 2 mutant runs');
    expect(r.code).toBe(0);
  });

  test('--json prints the matrix as data', async () => {
    const r = await cli(['matrix', '--seeds', '1', '--runs', '5', '--only', 'charset-omitted', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out.join('\n')) as MatrixResult;
    expect(data).toMatchObject({ seeds: [101], runs: 5, precision: 1, recall: 1, variantRuns: 2, mutantRuns: 0 });
    expect(data.rows.map((row) => [row.kind, row.name, row.profile, row.passed])).toEqual([
      ['variant', 'charset-omitted', 'graph-docs', 1],
      ['variant', 'charset-omitted', 'odata-strict', 1],
    ]);
    expect(r.err[r.err.length - 1]).toBe('precision 1.000 over 2 variant runs, recall 1.000 over 0 mutant runs');
  });
});

test('--json-file writes the matrix as data and still prints the table', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-json-'));
  try {
    const file = join(dir, 'm.json');
    const r = await cli(['matrix', '--seeds', '1', '--runs', '5', '--only', 'charset-omitted', '--json-file', file]);
    expect(r.code).toBe(0);
    expect(r.out[r.out.length - 1]).toBe('precision 1.000 over 2 variant runs, recall 1.000 over 0 mutant runs');
    const data = JSON.parse(readFileSync(file, 'utf8')) as MatrixResult;
    expect(data).toMatchObject({ variantRuns: 2, variantPassed: 2, mutantRuns: 0, mutantPassed: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the matrix itself', () => {
  test('every variant in each profile it claims, every mutant in its profile; seeds 101, 202, ...', () => {
    const targets = matrixTargets();
    expect(targets.filter((t) => t.kind === 'variant')).toHaveLength(
      VARIANTS.reduce((n, v) => n + v.profiles.length, 0),
    );
    expect(targets.filter((t) => t.kind === 'mutant').map((t) => [t.name, t.profile])).toEqual(
      MUTANTS.map((m) => [m.name, m.profile ?? 'graph-docs']),
    );
    expect(MATRIX_SEEDS.slice(0, 5)).toEqual([101, 202, 303, 404, 505]);
  });

  const results = (failed: Array<[string, 'error' | 'warning', string]>, exitCode: 0 | 1 | 2 = 0): RunResults =>
    ({
      seed: 303,
      exitCode,
      durationMs: 5,
      errors: [],
      checks: failed.map(([id, severity, message]) => ({
        id,
        severity,
        status: 'failed',
        failures: [{ message }],
      })),
    }) as unknown as RunResults;

  test('a variant passes with only its warns failed and exit 0; anything else is a false alarm', () => {
    const v = { kind: 'variant' as const, declared: ['location-header' as const] };
    expect(judgeRun(v, results([['location-header', 'warning', 'no Location']])).ok).toBe(true);
    const alarm = judgeRun(v, results([['echo-fields', 'error', '/x: sent 1, got 2']], 1));
    expect(alarm).toMatchObject({
      ok: false,
      unexpected: [{ id: 'echo-fields', message: '/x: sent 1, got 2' }],
      missing: [],
    });
  });

  test('a mutant must fail exactly its breaks: an extra check or a missing one is not as declared', () => {
    const m = { kind: 'mutant' as const, declared: ['echo-fields' as const, 'response-schema' as const] };
    expect(
      judgeRun(
        m,
        results(
          [
            ['echo-fields', 'error', 'a'],
            ['response-schema', 'error', 'b'],
          ],
          1,
        ),
      ).ok,
    ).toBe(true);
    expect(judgeRun(m, results([['echo-fields', 'error', 'a']], 1))).toMatchObject({
      ok: false,
      missing: ['response-schema'],
    });
    expect(
      judgeRun(
        m,
        results(
          [
            ['echo-fields', 'error', 'a'],
            ['response-schema', 'error', 'b'],
            ['odata-type', 'error', 'c'],
          ],
          1,
        ),
      ),
    ).toMatchObject({ ok: false, unexpected: [{ id: 'odata-type', message: 'c' }] });
  });

  test('the table names what went wrong under the row, with the seeds and the first message', () => {
    const lines = formatMatrix({
      seeds: [101, 202],
      runs: 10,
      precision: 0.5,
      recall: 0.5,
      variantRuns: 2,
      variantPassed: 1,
      mutantRuns: 2,
      mutantPassed: 1,
      durationMs: 1,
      rows: [
        {
          kind: 'variant',
          mode: 'both',
          name: 'microsoft-stack',
          profile: 'graph-docs',
          declared: ['location-header'],
          passed: 1,
          seeds: [
            { seed: 101, ok: true, exitCode: 0, failed: [], unexpected: [], missing: [], errors: [], durationMs: 1 },
            {
              seed: 202,
              ok: false,
              exitCode: 1,
              failed: ['echo-fields'],
              unexpected: [{ id: 'echo-fields', message: '/checkinStatuses/0/checkinDateTime: not the same instant' }],
              missing: [],
              errors: [],
              durationMs: 1,
            },
          ],
        },
        {
          kind: 'mutant',
          mode: 'run',
          name: 'accepts-hour-24',
          profile: 'graph-docs',
          declared: ['rejects-invalid'],
          passed: 1,
          seeds: [
            {
              seed: 101,
              ok: false,
              exitCode: 0,
              failed: [],
              unexpected: [],
              missing: ['rejects-invalid'],
              errors: [],
              durationMs: 1,
            },
            {
              seed: 202,
              ok: true,
              exitCode: 1,
              failed: ['rejects-invalid'],
              unexpected: [],
              missing: [],
              errors: [],
              durationMs: 1,
            },
          ],
        },
      ],
    });
    expect(lines).toEqual([
      expect.stringMatching(/^kind +target +profile +101 +202 +as declared$/),
      expect.stringMatching(/^-+$/),
      expect.stringMatching(/^variant +microsoft-stack +graph-docs +ok +FAIL +1\/2$/),
      '    unexpected echo-fields (seed 202): /checkinStatuses/0/checkinDateTime: not the same instant',
      expect.stringMatching(/^mutant +accepts-hour-24 +graph-docs +FAIL +ok +1\/2$/),
      '    missing rejects-invalid (seed 101): declared, but the run passed it',
      '',
      'precision 0.500 over 2 variant runs, recall 0.500 over 2 mutant runs',
    ]);
  });
});
