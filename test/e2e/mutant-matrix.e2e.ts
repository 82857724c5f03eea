import { CHECK_IDS, type CheckId } from '../../checks/types';
import type { RunResults } from '../../engine/events';
import { DEFAULTS, runConformance } from '../../engine/run';
import { MUTANTS } from '../../targets/mutants';
import { createReferenceHandler } from '../../targets/reference';

const TOKEN = 'matrix-token-7f3a9c';
const SEEDS = [101, 202, 303];
const RUNS = 100;

function failedIds(r: RunResults): CheckId[] {
  return r.checks.filter((c) => c.status === 'failed').map((c) => c.id);
}

async function runAgainst(
  handler: ReturnType<typeof createReferenceHandler>,
  label: string,
  seed: number,
): Promise<RunResults> {
  return runConformance({
    ...DEFAULTS,
    target: { kind: 'server', server: handler, label },
    token: TOKEN,
    headers: {},
    runs: RUNS,
    seed,
    maxShrinkRequests: 20,
  });
}

jest.setTimeout(300_000);

describe('the reference implementation', () => {
  test.each(SEEDS)('passes every check, warnings included, with seed %i', async (seed) => {
    const r = await runAgainst(createReferenceHandler({ token: TOKEN }), 'reference', seed);
    expect(r.errors).toEqual([]);
    expect(failedIds(r)).toEqual([]);
    expect(r.checks.filter((c) => c.status === 'skipped').map((c) => c.id)).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});

describe('mutants: each fails exactly the checks it declares', () => {
  const rows: Array<{ name: string; declared: CheckId[]; failed: CheckId[] }> = [];

  afterAll(() => {
    // The precision/recall matrix: rows are mutants, columns are checks. X = failed as declared, ! = failed but not
    // declared (precision), ? = declared but passed (recall).
    const short = CHECK_IDS.map((_, i) => String.fromCharCode(65 + i));
    const lines = [`${''.padEnd(32)} ${short.join(' ')}`];
    for (const r of rows) {
      const cells = CHECK_IDS.map((id) =>
        r.failed.includes(id) ? (r.declared.includes(id) ? 'X' : '!') : r.declared.includes(id) ? '?' : '.',
      );
      lines.push(`${r.name.padEnd(32)} ${cells.join(' ')}`);
    }
    lines.push('', ...CHECK_IDS.map((id, i) => `${short[i] ?? ''} = ${id}`));
    const tp = rows.reduce((n, r) => n + r.failed.filter((id) => r.declared.includes(id)).length, 0);
    const fp = rows.reduce((n, r) => n + r.failed.filter((id) => !r.declared.includes(id)).length, 0);
    const fn = rows.reduce((n, r) => n + r.declared.filter((id) => !r.failed.includes(id)).length, 0);
    lines.push(
      '',
      `precision ${(tp / Math.max(1, tp + fp)).toFixed(3)}, recall ${(tp / Math.max(1, tp + fn)).toFixed(3)} over ${rows.length} mutants`,
    );
    console.log(lines.join('\n'));
  });

  test.each(MUTANTS.map((m) => [m.name, m] as const))('%s', async (_name, mutant) => {
    const r = await runAgainst(mutant.createHandler({ token: TOKEN }), mutant.name, SEEDS[0] ?? 1);
    const failed = failedIds(r);
    rows.push({ name: mutant.name, declared: [...mutant.breaks], failed });
    expect(r.errors).toEqual([]);
    expect(failed.sort()).toEqual([...mutant.breaks].sort());
    const errorLevel = mutant.breaks.some((id) => r.checks.find((c) => c.id === id)?.severity === 'error');
    expect(r.exitCode).toBe(errorLevel ? 1 : 0);
  });

  test('every check id is failed by at least one mutant', () => {
    const covered = new Set(MUTANTS.flatMap((m) => m.breaks));
    expect(CHECK_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });
});
