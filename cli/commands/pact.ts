import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR_LABEL, DEFAULT_PROVIDER, DEFAULT_SEED } from '../../contracts/defaults';
import type * as Generate from '../../contracts/generate';
import type { Io } from '../program';

/** A whole number option in [min, max], or the fallback when absent; a bad value is a SuiteError with a hint. */
export function intOption(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new SuiteError(
      'bad-option',
      `--${name} must be a whole number from ${min} to ${max}, got "${value}"`,
      `e.g. --${name} ${fallback}`,
    );
  return n;
}

/** A bearer token from the flag or the environment; undefined when neither is set. Never echoed in a message. */
export function tokenOption(flag: string | undefined, env: string | undefined, envName: string): string | undefined {
  const token = flag ?? env;
  if (token === undefined) return undefined;
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new SuiteError(
      'bad-option',
      'the token is empty or has spaces or non-ASCII characters',
      `pass --token or set ${envName} to the bearer token itself (printable ASCII, no "Bearer " prefix)`,
    );
  return token;
}

/** A pacticipant name: it names the pact file too, so no path separators or control characters. */
function nameOption(flag: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (value.trim() === '' || /[/\\\u0000-\u001f]/.test(value))
    throw new SuiteError(
      'bad-option',
      `--${flag} must be a non-empty name without / \\ or control characters, got ${JSON.stringify(value)}`,
      `e.g. --${flag} ${fallback}`,
    );
  return value;
}

interface PactFlags {
  out?: string;
  consumer?: string;
  provider?: string;
  seed?: string;
  location: boolean;
  lastModified: boolean;
}

export function registerPact(program: Command, io: Io): void {
  program
    .command('pact')
    .description(
      "write the Pact V4 contract of POST /officeConfiguration/clientConfigurations: the docs' example, a minimal create, seeded generated bodies covering the optional shapes, and one invalid body; each interaction is exercised against Pact's mock server before it is written",
    )
    .option('--out <dir>', `folder the pact file is written to (default ${DEFAULT_PACT_DIR_LABEL})`)
    .option('--consumer <name>', `consumer name in the pact (default ${DEFAULT_CONSUMER})`)
    .option('--provider <name>', `provider name in the pact (default ${DEFAULT_PROVIDER})`)
    .option(
      '--seed <n>',
      `seed of the generated sample bodies; the same seed writes the same pact (default ${DEFAULT_SEED})`,
    )
    .option('--no-location', 'do not require a Location header on 201 answers (the Graph docs example shows none)')
    .option('--no-last-modified', 'do not require lastModifiedDateTime in 201 bodies (the Graph docs example has none)')
    .action(async (flags: PactFlags) => {
      // Loaded here: Pact takes half a second to load, and the other commands do not need it.
      const { generatePact } = require('../../contracts/generate') as typeof Generate;
      const result = await generatePact({
        ...(flags.out !== undefined ? { outDir: flags.out } : {}),
        consumer: nameOption('consumer', flags.consumer, DEFAULT_CONSUMER),
        provider: nameOption('provider', flags.provider, DEFAULT_PROVIDER),
        seed: intOption('seed', flags.seed, -2147483648, 2147483647, DEFAULT_SEED),
        location: flags.location,
        lastModified: flags.lastModified,
      });
      io.err(
        `pact ${result.consumer} -> ${result.provider}, seed ${result.seed}: ${result.interactions.length} interactions, each passed against Pact's mock server`,
      );
      for (const i of result.interactions) io.err(`  ${i.status}  ${i.description}`);
      io.out(result.file);
    });
}
