import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import { PROFILES, type Profile } from '../../checks/types';
import {
  DEFAULT_CONSUMER,
  DEFAULT_PACT_DIR_LABEL,
  DEFAULT_PACT_PROFILE,
  DEFAULT_PROVIDER,
  DEFAULT_SEED,
} from '../../contracts/defaults';
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
  profile?: string;
  /** Undefined unless --location or --no-location was given: the profile decides. */
  location?: boolean;
  lastModified?: boolean;
}

/** The profile whose readings the pact applies. */
function profileOption(value: string | undefined): Profile {
  if (value === undefined) return DEFAULT_PACT_PROFILE;
  if (!(PROFILES as readonly string[]).includes(value))
    throw new SuiteError('unknown-profile', `unknown profile "${value}"`, `profiles: ${PROFILES.join(', ')}`);
  return value as Profile;
}

export function registerPact(program: Command, io: Io): void {
  program
    .command('pact')
    .description(
      "write the Pact V4 contract of POST /officeConfiguration/clientConfigurations: the docs' example, a minimal create, seeded generated bodies covering the optional shapes, and one invalid body, with a profile's readings of what a 201 must hold; each interaction is exercised against Pact's mock server before it is written",
    )
    .option('--out <dir>', `folder the pact file is written to (default ${DEFAULT_PACT_DIR_LABEL})`)
    .option('--consumer <name>', `consumer name in the pact (default ${DEFAULT_CONSUMER})`)
    .option('--provider <name>', `provider name in the pact (default ${DEFAULT_PROVIDER})`)
    .option(
      '--seed <n>',
      `seed of the generated sample bodies; the same seed writes the same pact (default ${DEFAULT_SEED})`,
    )
    .option(
      '--profile <name>',
      `whose readings the contract applies: ${PROFILES.join(' or ')} (default ${DEFAULT_PACT_PROFILE}, the committed pact's); odata-strict also expects a Location header and the top-level @odata.type with its '#'; another profile than ${DEFAULT_PACT_PROFILE} needs --out`,
    )
    .option(
      '--location',
      "require a Location header on 201 answers (default: the profile's reading, odata-strict only)",
    )
    .option('--no-location', 'do not require a Location header on 201 answers (the Graph docs example shows none)')
    .option('--last-modified', 'require lastModifiedDateTime in 201 bodies (default: neither profile requires it)')
    .option('--no-last-modified', 'do not require lastModifiedDateTime in 201 bodies (the Graph docs example has none)')
    .action(async (flags: PactFlags) => {
      const profile = profileOption(flags.profile);
      if (profile !== DEFAULT_PACT_PROFILE && flags.out === undefined)
        throw new SuiteError(
          'bad-option',
          `the ${profile} pact would replace the committed ${DEFAULT_PACT_PROFILE} pact in ${DEFAULT_PACT_DIR_LABEL}`,
          `pass --out with another folder, e.g. --profile ${profile} --out pacts-${profile}`,
        );
      const seed = intOption('seed', flags.seed, -2147483648, 2147483647, DEFAULT_SEED);
      const consumer = nameOption('consumer', flags.consumer, DEFAULT_CONSUMER);
      const provider = nameOption('provider', flags.provider, DEFAULT_PROVIDER);
      // Loaded here: Pact takes half a second to load, and the other commands do not need it.
      const { generatePact } = require('../../contracts/generate') as typeof Generate;
      const result = await generatePact({
        ...(flags.out !== undefined ? { outDir: flags.out } : {}),
        consumer,
        provider,
        seed,
        profile,
        ...(flags.location !== undefined ? { location: flags.location } : {}),
        ...(flags.lastModified !== undefined ? { lastModified: flags.lastModified } : {}),
      });
      const r = result.reading;
      io.err(
        `pact ${result.consumer} -> ${result.provider}, profile ${r.profile}, seed ${result.seed}: ${result.interactions.length} interactions, each passed against Pact's mock server`,
      );
      io.err(
        `  201 expects: Location ${r.location ? 'yes' : 'no'}, lastModifiedDateTime ${r.lastModified ? 'yes' : 'no'}, top-level @odata.type ${r.typeHash ? "with '#'" : "'#' optional"}, nested @odata.type ${r.nestedTypes ? 'yes' : 'no'}, Edm.Stream values ${r.streams ? 'yes' : 'no'}`,
      );
      for (const i of result.interactions) io.err(`  ${i.status}  ${i.description}`);
      io.out(result.file);
    });
}
