/**
 * The two-sided mutation matrix. Every conforming variant (targets/variants) runs in every profile it claims and must
 * pass: exit 0, no failed check outside its `warns` (precision: the suite raises no false alarm). Every fault mutant
 * (targets/mutants) runs in its profile and must fail exactly the checks it declares (recall: the suite catches the
 * fault, and only as the rule it breaks). Each target runs in-process on fixed seeds, so a matrix is reproducible.
 */
import type { PriorityClashReading, Profile, ResultId, StatefulOperation } from '../checks/types';
import { SuiteError } from '../engine/errors';
import type { RunResults } from '../engine/events';
import { DEFAULTS, runConformance } from '../engine/run';
import { MUTANTS } from '../targets/mutants';
import type { ReferenceHandler, ReferenceOptions } from '../targets/reference/handler';
import { VARIANTS } from '../targets/variants';
import type * as Pool from './matrix-pool';

/** The seeds a matrix runs, in order: `--seeds N` takes the first N. */
export const MATRIX_SEEDS: ReadonlyArray<number> = Array.from({ length: 20 }, (_, i) => 101 * (i + 1));
export const DEFAULT_MATRIX_SEEDS = 5;
export const DEFAULT_MATRIX_RUNS = 100;
export const MAX_MATRIX_RUNS = 10_000;
export const MAX_MATRIX_JOBS = 16;
/** How long a read that disagrees is sent again in the matrix (ms). */
export const MATRIX_READ_BACK_WAIT_MS = 1_000;
/** Lifecycle sequences per stateful run of the matrix (variants, and the lifecycle mutants). */
export const MATRIX_SEQUENCES = 100;
/** Every target requires this token, so auth-required is judged too. */
export const MATRIX_TOKEN = 'matrix-token-5d1e08c4a7';
/** Shrinking is not what the matrix measures: a small budget keeps failing runs short. */
const SHRINK_REQUESTS = 10;

export interface MatrixOptions {
  /** How many of MATRIX_SEEDS each target runs (1 to 20). */
  seeds: number;
  /** Generated valid cases per run, and as many invalid ones. */
  runs: number;
  /** Lifecycle sequences per stateful run (default MATRIX_SEQUENCES). */
  sequences?: number;
  /** Worker processes running targets at once (default 1: every target in this process, one after another). */
  jobs?: number;
  /** Only these variants and mutants, by name (default all). */
  only?: ReadonlyArray<string>;
  /** Called with a line as each target (in one profile) finishes all its seeds. */
  onProgress?: (line: string) => void;
}

/** A check that failed where it should not have, with the first message it gave. */
export interface Unexpected {
  id: ResultId;
  message: string;
}

export interface SeedOutcome {
  seed: number;
  /** As declared: a variant passed, or a mutant failed exactly its breaks. */
  ok: boolean;
  exitCode: 0 | 1 | 2;
  failed: ResultId[];
  /** Failed checks a variant does not list in warns, or a mutant in breaks. */
  unexpected: Unexpected[];
  /** Checks a mutant declares but the run passed (always empty for a variant). */
  missing: ResultId[];
  /** Suite errors (the run could not judge the target). */
  errors: string[];
  durationMs: number;
}

export interface MatrixRow {
  kind: 'variant' | 'mutant';
  name: string;
  profile: Profile;
  /** A variant's warns (allowed to fail), or a mutant's breaks (required to fail). */
  declared: ResultId[];
  /** What the runs sent: the create cases, the lifecycle sequences (`--stateful`), or both. */
  mode: MatrixMode;
  seeds: SeedOutcome[];
  /** Seeds whose run was as declared. */
  passed: number;
}

export interface MatrixResult {
  seeds: number[];
  runs: number;
  rows: MatrixRow[];
  /** Variant runs as declared / variant runs (1 when there are none). */
  precision: number;
  /** Mutant runs as declared / mutant runs (1 when there are none). */
  recall: number;
  variantRuns: number;
  variantPassed: number;
  mutantRuns: number;
  mutantPassed: number;
  durationMs: number;
}

/**
 * 'run': the create cases only (a create mutant: its declared checks are create checks, and a lifecycle rule would
 * also see its fault); 'stateful': the lifecycle sequences only (a lifecycle mutant; a variant whose freedom would
 * break the create cases' assumptions); 'both': a conforming variant must pass the create cases and the sequences.
 */
export type MatrixMode = 'run' | 'stateful' | 'both';

export interface MatrixTarget {
  kind: 'variant' | 'mutant';
  name: string;
  profile: Profile;
  declared: ReadonlyArray<ResultId>;
  mode: MatrixMode;
  priorityClash?: PriorityClashReading;
  /** The operations the target implements (the stateful run's --operations); absent: all. */
  operations?: ReadonlyArray<StatefulOperation>;
  createHandler(options?: ReferenceOptions): ReferenceHandler;
}

/** Every variant in each profile it claims, then every mutant in its profile. */
export function matrixTargets(): MatrixTarget[] {
  const variants = VARIANTS.flatMap((v) =>
    v.profiles.map((profile): MatrixTarget => ({
      kind: 'variant',
      name: v.name,
      profile,
      declared: v.warns,
      mode: v.modes && !v.modes.includes('run') ? 'stateful' : 'both',
      ...(v.operations ? { operations: v.operations } : {}),
      createHandler: (o) => v.createHandler(o),
    })),
  );
  const mutants = MUTANTS.map((m): MatrixTarget => ({
    kind: 'mutant',
    name: m.name,
    profile: m.profile ?? 'graph-docs',
    declared: m.lifecycle ? [...m.breaks, ...m.lifecycle.breaks] : m.breaks,
    mode: m.lifecycle ? 'stateful' : 'run',
    ...(m.lifecycle?.priorityClash ? { priorityClash: m.lifecycle.priorityClash } : {}),
    createHandler: (o) => m.createHandler(o),
  }));
  return [...variants, ...mutants];
}

function whole(flag: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SuiteError(
      'bad-option',
      `${flag} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      `e.g. ${flag} ${{ '--seeds': DEFAULT_MATRIX_SEEDS, '--jobs': 2 }[flag] ?? DEFAULT_MATRIX_RUNS}`,
    );
  return value;
}

/** Judges one run of a target against what it declares. */
export function judgeRun(target: Pick<MatrixTarget, 'kind' | 'declared'>, r: RunResults): SeedOutcome {
  const failedChecks = r.checks.filter((c) => c.status === 'failed');
  const failed = failedChecks.map((c) => c.id);
  const unexpected = failedChecks
    .filter((c) => !target.declared.includes(c.id))
    .map((c) => ({ id: c.id, message: c.failures[0]?.message ?? '' }));
  const missing = target.kind === 'mutant' ? target.declared.filter((id) => !failed.includes(id)) : [];
  const errors = r.errors.map((e) => `${e.code}: ${e.message}`);
  const asDeclared = unexpected.length === 0 && missing.length === 0 && errors.length === 0;
  return {
    seed: r.seed,
    ok: target.kind === 'variant' ? asDeclared && r.exitCode === 0 : asDeclared,
    exitCode: r.exitCode,
    failed,
    unexpected,
    missing,
    errors,
    durationMs: r.durationMs,
  };
}

const ratio = (passed: number, runs: number): number => (runs === 0 ? 1 : passed / runs);

/** What one target's runs need besides the target: the seeds, the budgets. */
export interface TargetBudget {
  seeds: ReadonlyArray<number>;
  runs: number;
  sequences: number;
}

/** Runs one target on every seed, in this process, and judges each run against what the target declares. */
export async function runTarget(target: MatrixTarget, budget: TargetBudget): Promise<MatrixRow> {
  const outcomes: SeedOutcome[] = [];
  for (const seed of budget.seeds) {
    const r = await runConformance({
      ...DEFAULTS,
      target: { kind: 'server', server: target.createHandler({ token: MATRIX_TOKEN }), label: target.name },
      token: MATRIX_TOKEN,
      headers: {},
      runs: target.mode === 'stateful' ? 0 : budget.runs,
      seed,
      profile: target.profile,
      maxShrinkRequests: SHRINK_REQUESTS,
      // Enough for replication-lag (its first read heals after one 250 ms retry); a fault that never heals costs
      // a second per read instead of five until the run stops waiting.
      readBackWaitMs: MATRIX_READ_BACK_WAIT_MS,
      ...(target.mode === 'run'
        ? {}
        : {
            stateful: {
              sequences: budget.sequences,
              priorityClash: target.priorityClash ?? 'either',
              ...(target.operations ? { operations: [...target.operations] } : {}),
            },
          }),
    });
    outcomes.push(judgeRun(target, r));
  }
  return {
    kind: target.kind,
    name: target.name,
    profile: target.profile,
    declared: [...target.declared],
    mode: target.mode,
    seeds: outcomes,
    passed: outcomes.filter((o) => o.ok).length,
  };
}

/** A target with its place in matrixTargets(), which is how a worker process finds the same target. */
interface Selected {
  index: number;
  target: MatrixTarget;
}

/** The targets `only` names (all when undefined), in matrix order; a SuiteError names an unknown one. */
function selectTargets(only: ReadonlyArray<string> | undefined): Selected[] {
  const targets = matrixTargets().map((target, index) => ({ index, target }));
  if (only === undefined) return targets;
  const known = new Set(targets.map((t) => t.target.name));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new SuiteError(
      'unknown-target',
      `--only: no variant or mutant is named ${unknown.map((n) => `"${n}"`).join(', ')}`,
      `variants: ${VARIANTS.map((v) => v.name).join(', ')}; mutants: ${MUTANTS.map((m) => m.name).join(', ')}`,
    );
  if (only.length === 0)
    throw new SuiteError('bad-option', '--only names no target', 'give variant or mutant names, comma-separated');
  return targets.filter((t) => only.includes(t.target.name));
}

/** The progress line of a finished row. */
function progressLine(row: MatrixRow, done: number, total: number, ms: number): string {
  const failedOn = row.seeds.filter((o) => !o.ok).map((o) => o.seed);
  return (
    `[${done}/${total}] ${row.kind} ${row.name} (${row.profile}): ${row.passed}/${row.seeds.length} seeds as declared` +
    `${failedOn.length > 0 ? `, not on ${failedOn.join(', ')}` : ''} (${(ms / 1000).toFixed(1)} s)`
  );
}

/**
 * Runs every target, `jobs` at a time: 1 runs them one after another in this process; more hands them out one at a
 * time to that many worker processes (suites/matrix-pool.ts), each taking the next as it finishes one. The rows come
 * back in matrix order either way, so the result does not depend on `jobs`.
 */
async function runTargets(
  targets: Selected[],
  budget: TargetBudget,
  jobs: number,
  onProgress: ((line: string) => void) | undefined,
): Promise<MatrixRow[]> {
  let done = 0;
  const finished = (row: MatrixRow, ms: number): void => onProgress?.(progressLine(row, ++done, targets.length, ms));
  if (jobs <= 1 || targets.length <= 1) {
    const rows: MatrixRow[] = [];
    for (const { target } of targets) {
      const t0 = Date.now();
      const row = await runTarget(target, budget);
      rows.push(row);
      finished(row, Date.now() - t0);
    }
    return rows;
  }
  // Loaded here: only a matrix with workers needs the pool.
  const { runInWorkers } = require('./matrix-pool') as typeof Pool;
  return runInWorkers(
    targets.map((t) => t.index),
    budget,
    Math.min(jobs, targets.length),
    finished,
  );
}

/** Runs the matrix. Throws a SuiteError on bad options (an unknown name, a seed count out of range). */
export async function runMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const started = Date.now();
  const seeds = MATRIX_SEEDS.slice(0, whole('--seeds', options.seeds, 1, MATRIX_SEEDS.length));
  const runs = whole('--runs', options.runs, 1, MAX_MATRIX_RUNS);
  const jobs = whole('--jobs', options.jobs ?? 1, 1, MAX_MATRIX_JOBS);
  const targets = selectTargets(options.only);
  const budget = { seeds, runs, sequences: options.sequences ?? MATRIX_SEQUENCES };
  const rows = await runTargets(targets, budget, jobs, options.onProgress);
  const count = (kind: MatrixRow['kind'], what: 'all' | 'passed'): number =>
    rows.filter((r) => r.kind === kind).reduce((n, r) => n + (what === 'all' ? r.seeds.length : r.passed), 0);
  const variantRuns = count('variant', 'all');
  const variantPassed = count('variant', 'passed');
  const mutantRuns = count('mutant', 'all');
  const mutantPassed = count('mutant', 'passed');
  return {
    seeds,
    runs,
    rows,
    precision: ratio(variantPassed, variantRuns),
    recall: ratio(mutantPassed, mutantRuns),
    variantRuns,
    variantPassed,
    mutantRuns,
    mutantPassed,
    durationMs: Date.now() - started,
  };
}

/** The closing line: `precision 1.000 over V variant runs, recall 1.000 over M mutant runs`. */
export function summaryLine(r: MatrixResult): string {
  return `precision ${r.precision.toFixed(3)} over ${r.variantRuns} variant runs, recall ${r.recall.toFixed(3)} over ${r.mutantRuns} mutant runs`;
}

const MESSAGE_WIDTH = 200;
const clip = (text: string): string => (text.length > MESSAGE_WIDTH ? `${text.slice(0, MESSAGE_WIDTH - 3)}...` : text);

/**
 * The matrix as text: one row per target and profile (each seed `ok` or `FAIL`), under each row that was not as
 * declared the checks that failed unexpectedly (with the first message) or did not fail, then the summary line.
 */
export function formatMatrix(r: MatrixResult): string[] {
  const nameWidth = Math.max(6, ...r.rows.map((row) => row.name.length));
  const seedCell = (seed: number): number => Math.max(4, String(seed).length);
  const head =
    `${'kind'.padEnd(8)} ${'target'.padEnd(nameWidth)} ${'profile'.padEnd(13)} ` +
    `${r.seeds.map((s) => String(s).padEnd(seedCell(s))).join(' ')}  as declared`;
  const lines = [head, '-'.repeat(head.length)];
  for (const row of r.rows) {
    const cells = row.seeds.map((o) => (o.ok ? 'ok' : 'FAIL').padEnd(seedCell(o.seed))).join(' ');
    lines.push(
      `${row.kind.padEnd(8)} ${row.name.padEnd(nameWidth)} ${row.profile.padEnd(13)} ${cells}  ${row.passed}/${row.seeds.length}`,
    );
    // One line per (what went wrong, check): the seeds it happened on and the first message.
    const notes = new Map<string, { seeds: number[]; message: string }>();
    const note = (key: string, seed: number, message: string): void => {
      const n = notes.get(key);
      if (n) n.seeds.push(seed);
      else notes.set(key, { seeds: [seed], message });
    };
    for (const o of row.seeds) {
      for (const u of o.unexpected) note(`unexpected ${u.id}`, o.seed, u.message);
      for (const id of o.missing) note(`missing ${id}`, o.seed, 'declared, but the run passed it');
      for (const e of o.errors) note('error', o.seed, e);
      if (row.kind === 'variant' && !o.ok && o.unexpected.length === 0 && o.errors.length === 0)
        note(`exit ${o.exitCode}`, o.seed, 'the run did not exit 0');
    }
    for (const [key, n] of notes) lines.push(`    ${key} (seed ${n.seeds.join(', ')}): ${clip(n.message)}`);
  }
  lines.push('', summaryLine(r));
  return lines;
}
