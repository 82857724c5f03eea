import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import type * as Matrix from '../../suites/matrix';
import type { Io } from '../program';

interface MatrixFlags {
  seeds?: string;
  runs?: string;
  sequences?: string;
  only?: string;
  jobs?: string;
  json?: boolean;
  jsonFile?: string;
}

/** The fixed seeds and limits, without loading the matrix (and every target) before the command runs. */
const MAX_SEEDS = 20;
const DEFAULT_SEEDS = 5;
const DEFAULT_RUNS = 100;
const MAX_RUNS = 10_000;
/** Lifecycle sequences per stateful run (suites/matrix.ts MATRIX_SEQUENCES; a test keeps them equal). */
export const DEFAULT_SEQUENCES = 100;
const MAX_SEQUENCES = 1_000;
const MAX_JOBS = 16;

function count(flag: string, text: string | undefined, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new SuiteError(
      'bad-option',
      `${flag} must be a whole number from 1 to ${max}, got "${text}"`,
      `e.g. ${flag} ${fallback}`,
    );
  return n;
}

function names(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0)
    throw new SuiteError('bad-option', '--only names no target', 'give variant or mutant names, comma-separated');
  return list;
}

function writeJson(file: string, result: unknown): void {
  try {
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  } catch (e) {
    throw new SuiteError(
      'bad-option',
      `--json-file: cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`,
      'give a path in a folder that exists and you may write to',
    );
  }
}

export function registerMatrix(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('matrix')
    .description(
      'run every conforming variant (in each profile it claims) and every fault mutant (in its profile) on fixed seeds; print precision (variants passed) and recall (mutants failing exactly their declared checks); exit 0 when both are 1.000',
    )
    .option(
      '--seeds <n>',
      `how many of the fixed seeds 101, 202, 303, ... each target runs, 1-${MAX_SEEDS} (default ${DEFAULT_SEEDS})`,
    )
    .option('--runs <n>', `generated valid cases per run, and as many invalid ones (default ${DEFAULT_RUNS})`)
    .option(
      '--sequences <n>',
      `lifecycle sequences per stateful run: variants run the create cases and the sequences, lifecycle mutants the sequences only (default ${DEFAULT_SEQUENCES})`,
    )
    .option('--only <names>', 'only these variants and mutants (comma-separated names)')
    .option(
      '--jobs <n>',
      `worker processes running targets at once, 1-${MAX_JOBS} (default 1: all in this process); the rows do not depend on it`,
    )
    .option('--json', 'print the matrix as JSON on stdout (the summary line goes to stderr)')
    .option('--json-file <file>', 'also write the matrix as JSON to this file (the table still goes to stdout)')
    .action(async (flags: MatrixFlags) => {
      const seeds = count('--seeds', flags.seeds, MAX_SEEDS, DEFAULT_SEEDS);
      const runs = count('--runs', flags.runs, MAX_RUNS, DEFAULT_RUNS);
      const sequences = count('--sequences', flags.sequences, MAX_SEQUENCES, DEFAULT_SEQUENCES);
      const only = names(flags.only);
      const jobs = count('--jobs', flags.jobs, MAX_JOBS, 1);
      // Loaded here: only this command needs the variants, the mutants and the matrix.
      const { formatMatrix, runMatrix, summaryLine } = require('../../suites/matrix') as typeof Matrix;
      const result = await runMatrix({
        seeds,
        runs,
        sequences,
        jobs,
        ...(only ? { only } : {}),
        onProgress: (line) => io.err(line),
      });
      if (flags.jsonFile !== undefined) writeJson(flags.jsonFile, result);
      if (flags.json) {
        io.out(JSON.stringify(result, null, 2));
        io.err(summaryLine(result));
      } else for (const line of formatMatrix(result)) io.out(line);
      setExit(result.variantPassed === result.variantRuns && result.mutantPassed === result.mutantRuns ? 0 : 1);
    });
}
