/**
 * The matrix over several worker processes (`matrix --jobs N`): each worker (matrix-worker.ts) is one Node process
 * with an IPC channel that runs one target at a time, the one the pool sends it, and answers with its row; a worker
 * that finishes gets the next target still waiting. Targets cost very different times (a lifecycle variant with
 * read retries takes ten times a create mutant), so handing them out one by one keeps every worker busy to the end.
 * A worker that dies takes only its target with it: that row records the crash as an error on every seed (not as
 * declared, so the matrix fails) and the other workers go on.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startChild, type ChildResult } from '../engine/child';
import type { MatrixRow, TargetBudget } from './matrix';
import { matrixTargets } from './matrix';

/** What the pool sends a worker: a target to run (by its index in matrixTargets()), or that there is no more. */
export type PoolRequest = { type: 'run'; index: number; budget: TargetBudget } | { type: 'stop' };
/** What a worker answers: the row of the target it ran, or that running it threw. */
export type PoolReply =
  { type: 'row'; index: number; row: MatrixRow; ms: number } | { type: 'crash'; index: number; message: string };

const WORKER = join(__dirname, 'matrix-worker.ts');
/** No single worker may outlive this (ms): the whole matrix at 20 seeds on one worker stays well below it. */
const WORKER_TIMEOUT_MS = 4 * 60 * 60 * 1000;
const tsxLoader = (): string => pathToFileURL(require.resolve('tsx')).href;

/** The row of a target its worker could not run: an error on every seed, so the row is not as declared. */
function crashedRow(index: number, budget: TargetBudget, message: string): MatrixRow {
  const t = matrixTargets()[index];
  return {
    kind: t?.kind ?? 'mutant',
    name: t?.name ?? `#${index}`,
    profile: t?.profile ?? 'graph-docs',
    declared: [...(t?.declared ?? [])],
    mode: t?.mode ?? 'run',
    passed: 0,
    seeds: budget.seeds.map((seed) => ({
      seed,
      ok: false,
      exitCode: 2,
      failed: [],
      unexpected: [],
      missing: [],
      errors: [`matrix-worker: ${message}`],
      durationMs: 0,
    })),
  };
}

const endedHow = (r: ChildResult): string =>
  r.timedOut
    ? `the worker ran past ${WORKER_TIMEOUT_MS / 60_000} minutes and was killed`
    : `the worker exited (${r.signal ?? `code ${String(r.code)}`})${r.error ? `: ${r.error.message}` : ''}; ` +
      `its last output: ${r.output.slice(-500).trim() || '(none)'}`;

/**
 * Runs the targets `indexes` names on `jobs` workers; resolves with their rows in the order of `indexes`. `finished`
 * is called as each row comes back (in the order they finish).
 */
export async function runInWorkers(
  indexes: ReadonlyArray<number>,
  budget: TargetBudget,
  jobs: number,
  finished: (row: MatrixRow, ms: number) => void,
): Promise<MatrixRow[]> {
  const rows = new Map<number, MatrixRow>();
  const waiting = [...indexes];
  const worker = async (): Promise<void> => {
    const { child, result } = startChild({
      command: process.execPath,
      args: ['--import', tsxLoader(), WORKER],
      timeoutMs: WORKER_TIMEOUT_MS,
      ipc: true,
      maxOutput: 64 * 1024,
    });
    let current: number | undefined;
    const next = (): void => {
      current = waiting.shift();
      child.send(
        current === undefined ? ({ type: 'stop' } satisfies PoolRequest) : { type: 'run', index: current, budget },
      );
    };
    child.on('message', (reply: PoolReply) => {
      const row = reply.type === 'row' ? reply.row : crashedRow(reply.index, budget, reply.message);
      rows.set(reply.index, row);
      finished(row, reply.type === 'row' ? reply.ms : 0);
      next();
    });
    next();
    const ended = await result;
    if (current !== undefined && !rows.has(current)) {
      const row = crashedRow(current, budget, endedHow(ended));
      rows.set(current, row);
      finished(row, ended.durationMs);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  // Targets no worker took (every worker died before them) are errors too.
  return indexes.map((i) => rows.get(i) ?? crashedRow(i, budget, 'no worker was left to run it'));
}
