import { Command, CommanderError } from 'commander';
import { isSuiteError, SuiteError } from '../engine/errors';
import { registerDerive } from './commands/derive';
import { registerMatrix } from './commands/matrix';
import { registerPact } from './commands/pact';
import { registerPublish } from './commands/publish';
import { registerCleanup } from './commands/cleanup';
import { registerReplay } from './commands/replay';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';
import { registerVerify } from './commands/verify';
import { TOOL } from '../engine/tool';

export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

/** Where the CLI writes; tests swap these to capture output. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

export type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

const registrars: Register[] = [
  registerDerive,
  registerRun,
  registerReplay,
  registerCleanup,
  registerServe,
  registerReport,
  registerPact,
  registerVerify,
  registerPublish,
  registerMatrix,
];

/** Adds a command module; each command file exports one registrar. */
export function addCommand(register: Register): void {
  if (!registrars.includes(register)) registrars.push(register);
}

function formatError(e: unknown): { message: string; hint?: string } {
  if (isSuiteError(e))
    return e.hint
      ? { message: `error [${e.code}]: ${e.message}`, hint: e.hint }
      : { message: `error [${e.code}]: ${e.message}` };
  const err = e as Error;
  return {
    message: `error [internal]: ${err?.message ?? String(e)}`,
    hint: 'this is a bug in the suite; please report it with the command you ran',
  };
}

/** Runs the CLI on argv (without node and script) and resolves to the exit code; never calls process.exit. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command();
  program
    .name('conformance')
    .description(
      'Conformance and contract tests for Microsoft Graph beta POST /officeConfiguration/clientConfigurations',
    )
    .version(TOOL.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  for (const register of registrars) register(program, io, (code) => (exitCode = Math.max(exitCode, code)));
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.ok;
      // commander already printed its one-line message and the hint.
      return EXIT.error;
    }
    const { message, hint } = formatError(e);
    io.err(message);
    if (hint) io.err(`hint: ${hint}`);
    return EXIT.error;
  }
  return exitCode;
}

export { SuiteError };
