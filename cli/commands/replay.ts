import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultRegistry } from '../../checks/registry';
import {
  STATEFUL_OPERATIONS,
  type CaseKind,
  type CheckId,
  type Exchange,
  type StatefulOperation,
} from '../../checks/types';
import { SuiteError } from '../../engine/errors';
import { ConformanceRun, type RunOptions } from '../../engine/run';
import { fastCheckMismatch } from '../../engine/tool';
import type { CaseFile } from '../../reports/files';
import { startMutant } from '../../targets/mutants';
import { resolveRunOptions, type RawRunOptions } from '../options';
import type { Io } from '../program';
import { secretFlagWarning, timeoutOption } from './shared-options';

function readCase(file: string): CaseFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuiteError(
      'case-file',
      `cannot read case file ${file}: ${(e as Error).message}`,
      'give a file from <report-dir>/cases/ written by `conformance run`',
    );
  }
  const c = data as Partial<CaseFile>;
  if (c.format !== 'conformance-case/1' || !c.check || !c.request) {
    throw new SuiteError(
      'case-file',
      `${file} is not a saved case (format conformance-case/1)`,
      'give a file from <report-dir>/cases/ written by `conformance run`',
    );
  }
  return c as CaseFile;
}

/** Why a check may not apply any more, from the answer: its status, or what happened instead of one. */
function why(ex: Exchange): string {
  const { status, error } = ex.response;
  if (status === 0) return `no answer: ${error ?? 'none'}`;
  const read = ex.readBack ? `, read-back answered ${ex.readBack.response.status || 'nothing'}` : ', no read-back';
  return `answered ${status}${ex.kind === 'valid' ? read : ''}`;
}

/** How the saved case is sent again: as its check declares (checks/types.ts replayAs), or as a valid or invalid body. */
function replayAs(c: CaseFile): { kind: CaseKind; expectation: 'reject' | 'warn' } {
  const declared = defaultRegistry()
    .get(c.check)
    ?.replayAs?.({ request: c.request, invalid: c.invalid !== undefined });
  return {
    kind: declared?.kind ?? (c.invalid ? 'invalid' : 'valid'),
    expectation: declared?.expectation ?? 'reject',
  };
}

/** One saved case sent again and judged by its check: 1 still fails, 0 passes now, 2 its check no longer applies. */
async function replayCase(saved: CaseFile, file: string, runOptions: RunOptions, io: Io): Promise<number> {
  const run = new ConformanceRun({ ...runOptions, checks: [saved.check] });
  const text = saved.request.text ?? '';
  const replayInput: Parameters<ConformanceRun['replay']>[0] = {
    kind: replayAs(saved).kind,
    text,
    checkId: saved.check as CheckId,
  };
  if (saved.invalid)
    replayInput.invalid = {
      ...saved.invalid,
      expectation: replayAs(saved).expectation,
    };
  const r = await run.replay(replayInput);
  io.out(`case ${file} (check ${saved.check}, seed ${saved.seed}, path ${saved.path})`);
  io.out(`answered ${r.exchange.response.status || `nothing (${r.exchange.response.error ?? ''})`}`);
  if (!r.applied) {
    io.out(
      `inconclusive: ${saved.check} no longer applies to this exchange (${why(r.exchange)}) — the case cannot show whether the fault is fixed`,
    );
    io.err(
      `hint: ${saved.check} judges this case only when the target answers as it did when the case was saved (${saved.response.status}); make the target answer that way again, or run the suite (\`conformance run\`) to judge ${saved.check} on fresh cases`,
    );
    return 2;
  } else if (r.messages.length > 0) {
    io.out(`still fails ${saved.check}:`);
    for (const m of r.messages) io.out(`  ${m}`);
    return 1;
  }
  io.out(`passes now: ${saved.check} is satisfied`);
  return 0;
}

/** The operations a case's run was scoped to, when its file names only known ones. */
function savedOperations(saved: CaseFile): { operations?: StatefulOperation[] } {
  const ops = saved.stateful?.operations;
  if (!Array.isArray(ops)) return {};
  const known = STATEFUL_OPERATIONS as readonly string[];
  return ops.every((op) => known.includes(op)) ? { operations: ops as StatefulOperation[] } : {};
}

/** The run that generates a case's sequences again: its seed, and the priority band its run drew. */
function rerun(saved: CaseFile): string {
  const nonce = saved.stateful?.priorityNonce;
  const ops = saved.stateful?.operations;
  return (
    `conformance run --stateful --seed ${saved.seed}${nonce !== undefined ? ` --priority-nonce ${nonce}` : ''}` +
    `${ops ? ` --operations ${ops.join(',')}` : ''}`
  );
}

/**
 * A lifecycle failure: its sequence (the commands the case file holds) runs once more against the target; the exit
 * code says whether it breaks the same rule (1), none (0) or another one first (2: it cannot show the fault is fixed).
 */
async function replaySequence(saved: CaseFile, file: string, options: RunOptions, io: Io): Promise<number> {
  const reading = saved.stateful?.priorityClash;
  const commands = saved.stateful?.commands;
  if (!commands)
    throw new SuiteError(
      'case-file',
      `${file} names a sequence but holds none of its commands (written by an older version)`,
      `run the script beside it (${file.replace(/\.json$/, '.sh')}), or \`${rerun(saved)}\``,
    );
  const run = new ConformanceRun({
    ...options,
    stateful: {
      sequences: 1,
      ...(reading === 'either' || reading === 'refuse' || reading === 'store' ? { priorityClash: reading } : {}),
      ...(typeof saved.stateful?.priorityNonce === 'number' ? { priorityNonce: saved.stateful.priorityNonce } : {}),
      ...savedOperations(saved),
    },
  });
  const r = await run.replaySequence(commands, saved.check);
  io.out(`case ${file} (rule ${saved.check}, seed ${saved.seed}, path ${saved.path})`);
  r.commands.forEach((c, i) => io.out(`  ${i + 1}. ${c}`));
  if (r.verdict === 'passes') {
    io.out(`passes now: the sequence breaks no lifecycle rule`);
    return 0;
  }
  if (r.verdict === 'fails') {
    io.out(`still fails ${saved.check}:`);
    for (const m of r.messages) io.out(`  ${m}`);
    return 1;
  }
  io.out(`inconclusive: the sequence now breaks another rule first (${r.messages.join('; ')})`);
  io.err(
    `hint: the script beside the case (${file.replace(/\.json$/, '.sh')}) sends the recorded requests as they were; or run \`${rerun(saved)}\``,
  );
  return 2;
}

export function registerReplay(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description(
      'send a saved failing case again and say whether it still fails (exit 1), passes now (exit 0) or cannot tell (exit 2)',
    )
    .addHelpText(
      'after',
      `
Exit codes:
  0  passes now: the check judged the new exchange and it passed
  1  still fails: the check judged it and failed it again
  2  cannot tell: the check no longer applies to the exchange (e.g. the create now answers 500, so nothing was
     read back), so the case cannot show whether the fault is fixed; or the suite could not run (bad option,
     unreadable case file, target unreachable)`,
    )
    .argument('<case-file>', 'a file from <report-dir>/cases/')
    .option('--target <url>', 'service root to send it to')
    .option('--app <module>', 'a Node module driven in-process instead of a URL')
    .option('--mutant <name>', 'an embedded mutant instead (for demonstrations)')
    .option('--token <token>', 'bearer token (default: $GRAPH_TOKEN)')
    .option('--profile <name>', 'strictness profile (default: the one the case was recorded with)')
    .addOption(timeoutOption())
    .action(async (file: string, flags: RawRunOptions) => {
      const saved = readCase(file);
      const mismatch = fastCheckMismatch(saved.fastCheck, `case ${file}`);
      if (mismatch) io.err(`warning: ${mismatch}`);
      const { options, mutant } = resolveRunOptions(
        { ...flags, profile: flags.profile ?? saved.profile, seed: saved.seed, shrink: false },
        undefined,
        process.env,
      );
      // After the options are checked: bad input gets its error and hint alone.
      if (flags.token !== undefined) io.err(secretFlagWarning('--token', 'GRAPH_TOKEN'));
      let embedded: { url: string; close(): Promise<void> } | undefined;
      if (!options.target) {
        if (!mutant)
          throw new SuiteError(
            'no-target',
            'replay needs --target, --app or --mutant',
            `the case was recorded against ${saved.target}; give the URL where the implementation runs now`,
          );
        embedded = await startMutant(mutant, options.token ? { token: options.token } : {});
      }
      const runOptions: RunOptions = {
        ...options,
        target: options.target ?? { kind: 'url', url: embedded?.url ?? '' },
      };
      try {
        if (saved.sequence) return setExit(await replaySequence(saved, file, runOptions, io));
        setExit(await replayCase(saved, file, runOptions, io));
      } finally {
        await embedded?.close();
      }
    });
}
