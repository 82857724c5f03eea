/**
 * The matrix's own machinery, quickly: its worker pool gives the rows one process gives, and the cheap invariants
 * the full matrix rests on. The full two-sided matrix (every variant and mutant on five seeds) is a command of its
 * own, `npm run test:matrix` (`conformance matrix --seeds 5 --jobs 2`), which .ci/run runs after `npm test`.
 */
import { runCli } from '../../cli/program';
import { CHECK_IDS, LIFECYCLE_RULE_IDS } from '../../checks/types';
import { DEFAULTS, runConformance } from '../../engine/run';
import { MATRIX_SEQUENCES, MATRIX_TOKEN, runMatrix, type MatrixResult } from '../../suites/matrix';
import { runInWorkers } from '../../suites/matrix-pool';
import { MUTANTS } from '../../targets/mutants';
import { createReferenceHandler } from '../../targets/reference';

jest.setTimeout(300_000);

/** What a row says, without the times (which differ from run to run). */
const rowsOf = (r: MatrixResult) =>
  r.rows.map((row) => ({ ...row, seeds: row.seeds.map((o) => ({ ...o, durationMs: 0 })) }));

describe('conformance matrix', () => {
  test('--jobs 2 gives the rows one process gives, in matrix order, with progress for every target', async () => {
    // A create mutant, a lifecycle mutant and variants in both modes (one in two profiles).
    const only = ['reference', 'ids-are-unique', 'delete-leaves-listed', 'patch-answers-204'];
    const budget = { seeds: 1, runs: 30, sequences: 30, only };
    const progress: string[] = [];
    const one = await runMatrix(budget);
    const two = await runMatrix({ ...budget, jobs: 2, onProgress: (l) => progress.push(l) });
    expect(rowsOf(two)).toEqual(rowsOf(one));
    expect(two.rows.map((r) => `${r.name} (${r.profile})`)).toEqual([
      'reference (graph-docs)',
      'reference (odata-strict)',
      'patch-answers-204 (graph-docs)',
      'patch-answers-204 (odata-strict)',
      'ids-are-unique (graph-docs)',
      'delete-leaves-listed (graph-docs)',
    ]);
    expect(progress).toHaveLength(6);
    expect(progress.map((l) => l.replace(/^\[(\d+)\/6\].*/, '$1'))).toEqual(['1', '2', '3', '4', '5', '6']);
    expect([two.precision, two.recall]).toEqual([1, 1]);
  });

  test('a target a worker cannot run is an error on every seed of its row; the other workers go on', async () => {
    const finished: string[] = [];
    const rows = await runInWorkers([1, 9999], { seeds: [101, 202], runs: 10, sequences: 10 }, 2, (row) =>
      finished.push(row.name),
    );
    expect(finished.sort()).toEqual(['#9999', 'reference']);
    expect(rows.map((r) => [r.name, r.passed])).toEqual([
      ['reference', 2],
      ['#9999', 0],
    ]);
    expect(rows[1]?.seeds.map((o) => [o.ok, o.errors])).toEqual([
      [false, ['matrix-worker: no target #9999']],
      [false, ['matrix-worker: no target #9999']],
    ]);
  });

  test('--jobs out of range exits 2 with a hint', async () => {
    const err: string[] = [];
    const code = await runCli(['matrix', '--jobs', '0'], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--jobs must be a whole number from 1 to 16, got "0"[\s\S]*--jobs 1/);
  });

  test('every check id is failed by at least one mutant', () => {
    const covered = new Set(MUTANTS.flatMap((m) => m.breaks));
    expect(CHECK_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  test('every lifecycle rule is failed by at least one lifecycle mutant', () => {
    const covered = new Set(MUTANTS.flatMap((m) => m.lifecycle?.breaks ?? []));
    expect(LIFECYCLE_RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  test('the matrix judges every check: against the reference none is skipped', async () => {
    const r = await runConformance({
      ...DEFAULTS,
      target: { kind: 'server', server: createReferenceHandler({ token: MATRIX_TOKEN }), label: 'reference' },
      token: MATRIX_TOKEN,
      headers: {},
      seed: 101,
      stateful: { sequences: MATRIX_SEQUENCES },
    });
    expect(r.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status}`)).toEqual([]);
  });
});
