import { join, resolve } from 'node:path';
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
import type * as Check from '../../contracts/check';
import type * as CheckReport from '../../contracts/check-report';
import type * as Generate from '../../contracts/generate';
import { ensureWritableDir } from '../options';
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

// Under reports/out/ like verify's: ignored by git, prettier and eslint.
export const DEFAULT_CHECK_REPORT_DIR = join('reports', 'out', 'pact-check');

const GENERATE_ONLY: ReadonlyArray<[keyof PactFlags, string]> = [
  ['out', '--out'],
  ['consumer', '--consumer'],
  ['provider', '--provider'],
  ['seed', '--seed'],
  ['location', '--location/--no-location'],
  ['lastModified', '--last-modified/--no-last-modified'],
];

interface CheckFlags {
  profile?: string;
  reportDir?: string;
}

export function registerPact(program: Command, io: Io, setExit: (code: number) => void): void {
  const pact = program
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
  registerPactCheck(pact, io, setExit);
}

/** `pact check <files...>`: a consumer's pact judged against the docs before it is published. */
function registerPactCheck(pact: Command, io: Io, setExit: (code: number) => void): void {
  pact
    .command('check')
    .summary("judge consumer pact files against the Graph docs (specs/openapi.yaml and the suite's readings)")
    .description(
      [
        "Judge a consumer's pact files (Pact V2, V3 or V4 JSON) before publishing them. Each interaction is judged against specs/openapi.yaml with @pactflow/swagger-mock-validator, and against the readings of a profile: documented operations only (POST or GET /officeConfiguration/clientConfigurations, GET, PATCH or DELETE .../{id}); a create expects 201; a create body is docs-valid (its example values); an invalid body expects a 4xx; expected response properties exist in the docs; the expected answer agrees with what the request sent; @odata.type is well-formed (the '#' optional in graph-docs, required in odata-strict); no Location header is required in graph-docs. Writes results.json, junit.xml and summary.md into --report-dir.",
        'Exit codes: 0 no error-level finding (warnings allowed), 1 an error-level finding, 2 bad input (a missing file, not JSON, not a pact, no interactions) or the validator could not run.',
      ].join('\n\n'),
    )
    .argument('<pact-files...>', 'pact JSON files to judge')
    .option(
      '--profile <name>',
      `whose readings: ${PROFILES.join(' or ')} (default ${DEFAULT_PACT_PROFILE}, the committed pact's)`,
    )
    .option(
      '--report-dir <dir>',
      `where results.json, junit.xml and summary.md go (default ${DEFAULT_CHECK_REPORT_DIR})`,
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .action(async (files: string[], flags: CheckFlags) => {
      // commander parses `pact`'s options anywhere on the line (the program has no positional options), so
      // `pact check --profile x` lands in pact's --profile; generate-only options are refused, not ignored.
      const parent = pact.opts<PactFlags>();
      const stray = GENERATE_ONLY.filter(([key]) => parent[key] !== undefined).map(([, flag]) => flag);
      if (stray.length > 0)
        throw new SuiteError(
          'bad-option',
          `${stray.join(', ')} ${stray.length === 1 ? 'is an option' : 'are options'} of \`pact\` (generate), not of \`pact check\``,
          'pact check takes pact files, --profile and --report-dir (see conformance pact check --help)',
        );
      const profile = profileOption(flags.profile ?? parent.profile);
      const reportDir = resolve(flags.reportDir ?? DEFAULT_CHECK_REPORT_DIR);
      // Loaded here: the judge compiles the schemas and the report writers are only for this command.
      const { checkPacts } = require('../../contracts/check') as typeof Check;
      const { formatCheckSummary, writeCheckReports } = require('../../contracts/check-report') as typeof CheckReport;
      const results = await checkPacts({ files, profile });
      ensureWritableDir(reportDir);
      writeCheckReports(reportDir, results);
      for (const line of formatCheckSummary(results, reportDir)) io.err(line);
      setExit(results.exitCode);
    });
}
