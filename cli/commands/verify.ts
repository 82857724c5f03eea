import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SuiteError } from '../../engine/errors';
import { createRedactor } from '../../engine/redact';
import { DEFAULT_PACT_DIR_LABEL, DEFAULT_PROVIDER } from '../../contracts/defaults';
import { formatVerificationSummary, writeResultsJson } from '../../contracts/results';
import { writeVerificationReports } from '../../contracts/report';
import {
  brokerBaseUrl,
  brokerSummaryLines,
  DEFAULT_CONSUMER_VERSION_SELECTORS,
  formatBrokerMarkdown,
  verifyPacts,
  type BrokerVerifyOptions,
  type ConsumerVersionSelector,
  type VerificationResults,
} from '../../contracts/verify';
import { checkTargetUrl, ensureWritableDir } from '../options';
import type { Io } from '../program';
import { intOption, tokenOption } from './pact';
import { collect, secretFlagWarning, timeoutOption } from './shared-options';

export const DEFAULT_VERIFY_REPORT_DIR = join('reports', 'out', 'pact-verification');
/** Where the broker token is read from unless --broker-token-env names another variable. */
export const DEFAULT_BROKER_TOKEN_ENV = 'PACT_BROKER_TOKEN';

interface VerifyFlags {
  target?: string;
  pact?: string[];
  token?: string;
  reportDir?: string;
  timeout?: string;
  totalTimeout?: string;
  quiet?: boolean;
  brokerUrl?: string;
  provider?: string;
  consumerVersionSelector?: string[];
  mainBranch?: boolean;
  deployedOrReleased?: boolean;
  branch?: string[];
  enablePending?: boolean;
  includeWipPactsSince?: string;
  publishResults?: boolean;
  providerVersion?: string;
  providerBranch?: string;
  brokerTokenEnv?: string;
}

/** The broker-only flags, as the user types them (for "needs --broker-url"). */
const BROKER_ONLY: Array<[keyof VerifyFlags, string]> = [
  ['provider', '--provider'],
  ['consumerVersionSelector', '--consumer-version-selector'],
  ['mainBranch', '--main-branch'],
  ['deployedOrReleased', '--deployed-or-released'],
  ['branch', '--branch'],
  ['enablePending', '--enable-pending'],
  ['includeWipPactsSince', '--include-wip-pacts-since'],
  ['publishResults', '--publish-results'],
  ['providerVersion', '--provider-version'],
  ['providerBranch', '--provider-branch'],
  ['brokerTokenEnv', '--broker-token-env'],
];

const BOOLEAN_KEYS = new Set(['mainBranch', 'matchingBranch', 'deployedOrReleased', 'deployed', 'released', 'latest']);
const STRING_KEYS = new Set(['branch', 'fallbackBranch', 'environment', 'tag', 'fallbackTag', 'consumer']);

/** One --consumer-version-selector: a JSON object with the Pact Broker's selector keys. */
export function parseSelector(text: string): ConsumerVersionSelector {
  const example = `e.g. --consumer-version-selector '{"branch":"main"}' or '{"deployedOrReleased":true}'`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SuiteError('bad-option', `--consumer-version-selector ${JSON.stringify(text)} is not JSON`, example);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0)
    throw new SuiteError(
      'bad-option',
      `--consumer-version-selector ${JSON.stringify(text)} is not a JSON object with at least one key`,
      example,
    );
  for (const [k, v] of Object.entries(value)) {
    const ok = BOOLEAN_KEYS.has(k) ? typeof v === 'boolean' : STRING_KEYS.has(k) && typeof v === 'string' && v !== '';
    if (!ok)
      throw new SuiteError(
        'bad-option',
        `--consumer-version-selector: ${BOOLEAN_KEYS.has(k) || STRING_KEYS.has(k) ? `${k} must be ${BOOLEAN_KEYS.has(k) ? 'true or false' : 'a non-empty string'}` : `unknown key ${JSON.stringify(k)}`}`,
        `keys: ${[...BOOLEAN_KEYS, ...STRING_KEYS].join(', ')} (https://docs.pact.io/selectors)`,
      );
  }
  return value as ConsumerVersionSelector;
}

/** A non-empty name or version without control characters. */
function textOption(flag: string, value: string | undefined, example: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '' || /[\u0000-\u001f]/.test(value))
    throw new SuiteError('bad-option', `--${flag} must be a non-empty text without control characters`, example);
  return value;
}

/** The broker token: from PACT_BROKER_TOKEN, or from the variable --broker-token-env names. Never echoed. */
function brokerToken(envName: string | undefined): string | undefined {
  const name = envName ?? DEFAULT_BROKER_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new SuiteError(
      'bad-option',
      `--broker-token-env must name an environment variable, got ${JSON.stringify(name)}`,
      'e.g. --broker-token-env PACTFLOW_TOKEN',
    );
  const value = process.env[name];
  if (envName !== undefined && value === undefined)
    throw new SuiteError(
      'bad-option',
      `--broker-token-env names ${name}, which is not set`,
      `export ${name} with the broker's bearer token, or leave --broker-token-env out to read ${DEFAULT_BROKER_TOKEN_ENV}`,
    );
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]+$/.test(value))
    throw new SuiteError(
      'bad-option',
      `the broker token in ${name} is empty or has spaces or non-ASCII characters`,
      `set ${name} to the bearer token itself (printable ASCII, no "Bearer " prefix)`,
    );
  return value;
}

/** The broker options from the flags; undefined without --broker-url (then no broker-only flag may be given). */
function brokerOptions(flags: VerifyFlags): BrokerVerifyOptions | undefined {
  if (flags.brokerUrl === undefined) {
    const stray = BROKER_ONLY.find(([key]) => flags[key] !== undefined);
    if (stray)
      throw new SuiteError(
        'bad-option',
        `${stray[1]} needs --broker-url: it is about the pacts a Pact Broker hands out`,
        'add --broker-url https://broker.example.com, or leave the broker options out to verify pact files',
      );
    return undefined;
  }
  if (flags.pact && flags.pact.length > 0)
    throw new SuiteError(
      'bad-option',
      '--pact and --broker-url are exclusive',
      'verify local pact files with --pact, or the pacts a Pact Broker hands out with --broker-url, not both',
    );
  const url = brokerBaseUrl(flags.brokerUrl);
  const selectors: ConsumerVersionSelector[] = (flags.consumerVersionSelector ?? []).map(parseSelector);
  if (flags.mainBranch) selectors.push({ mainBranch: true });
  for (const b of flags.branch ?? []) selectors.push({ branch: textOption('branch', b, 'e.g. --branch main') ?? b });
  if (flags.deployedOrReleased) selectors.push({ deployedOrReleased: true });
  const since = flags.includeWipPactsSince;
  if (
    since !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/.test(since) || Number.isNaN(Date.parse(since)))
  )
    throw new SuiteError(
      'bad-option',
      `--include-wip-pacts-since must be a date, got ${JSON.stringify(since)}`,
      'e.g. --include-wip-pacts-since 2024-01-01',
    );
  const providerVersion = textOption('provider-version', flags.providerVersion, 'e.g. --provider-version "$GIT_SHA"');
  const providerBranch = textOption('provider-branch', flags.providerBranch, 'e.g. --provider-branch main');
  const token = brokerToken(flags.brokerTokenEnv);
  return {
    url,
    provider: textOption('provider', flags.provider, `e.g. --provider ${DEFAULT_PROVIDER}`) ?? DEFAULT_PROVIDER,
    consumerVersionSelectors: selectors.length > 0 ? selectors : DEFAULT_CONSUMER_VERSION_SELECTORS,
    enablePending: flags.enablePending === true,
    ...(since !== undefined ? { includeWipPactsSince: since } : {}),
    publishResults: flags.publishResults === true,
    ...(providerVersion !== undefined ? { providerVersion } : {}),
    ...(providerBranch !== undefined ? { providerBranch } : {}),
    ...(token !== undefined ? { token } : {}),
  };
}

/** Where the pacts come from and where the verification goes, without a broker. */
function addVerifyOptions(cmd: Command): Command {
  return cmd
    .option('--target <url>', 'service root of the provider (required), e.g. http://127.0.0.1:8080/beta')
    .option(
      '--pact <file>',
      `a pact file to verify (repeatable; default every ${DEFAULT_PACT_DIR_LABEL}/*.json); not with --broker-url`,
      collect,
    )
    .option(
      '--token <token>',
      'bearer token added to every replayed request (default: $GRAPH_TOKEN); never printed or written',
    )
    .option(
      '--report-dir <dir>',
      `where results.json, junit.xml and summary.md go (default ${DEFAULT_VERIFY_REPORT_DIR})`,
    )
    .addOption(timeoutOption())
    .option('--total-timeout <ms>', 'stop the whole verification after this many ms (default 120000)')
    .option('--quiet', "print only the summary, not the Pact verifier's report");
}

/** --broker-url and the [broker] options, which need it (BROKER_ONLY). */
function addBrokerOptions(cmd: Command): Command {
  return cmd
    .option(
      '--broker-url <url>',
      'verify the pacts a Pact Broker (or PactFlow) hands out for the provider instead of pact files; token from $PACT_BROKER_TOKEN',
    )
    .option('--provider <name>', `[broker] the provider's name in the broker (default ${DEFAULT_PROVIDER})`)
    .option(
      '--consumer-version-selector <json>',
      `[broker] a consumer version selector as JSON, repeatable, e.g. '{"branch":"main"}' (default: --main-branch --deployed-or-released)`,
      collect,
    )
    .option('--main-branch', '[broker] selector {"mainBranch": true}: the latest pact of each consumer\'s main branch')
    .option(
      '--deployed-or-released',
      '[broker] selector {"deployedOrReleased": true}: the pacts of the consumer versions in any environment',
    )
    .option(
      '--branch <name>',
      '[broker] selector {"branch": NAME}: the latest pact of that consumer branch (repeatable)',
      collect,
    )
    .option(
      '--enable-pending',
      '[broker] pending pacts: a pact this provider has not yet verified successfully is reported, but its failure does not fail the run',
    )
    .option(
      '--include-wip-pacts-since <date>',
      '[broker] also verify work-in-progress pacts published since this date, e.g. 2024-01-01 (needs --enable-pending)',
    )
    .option('--publish-results', '[broker] publish each verification result to the broker (needs --provider-version)')
    .option(
      '--provider-version <version>',
      '[broker] the provider version the results are published as, e.g. the git SHA',
    )
    .option(
      '--provider-branch <branch>',
      "[broker] the provider version's branch: published with the results, and what pending is judged against",
    )
    .option(
      '--broker-token-env <name>',
      `[broker] read the broker's bearer token from this environment variable (default ${DEFAULT_BROKER_TOKEN_ENV}); never printed or written`,
    );
}

export function registerVerify(program: Command, io: Io, setExit: (code: number) => void): void {
  addBrokerOptions(
    addVerifyOptions(
      program
        .command('verify')
        .description(
          "verify pacts against a provider with the Pact Verifier (provider side of the contract): pact files, or the pacts a Pact Broker hands out for the provider (--broker-url, with consumer version selectors, pending and WIP pacts, results published back); writes results.json like `run`, junit.xml (a testcase per interaction) and summary.md; exit 0 verified (a pending pact's failures do not count), 1 an interaction failed, 2 could not run",
        ),
    ),
  ).action(async (flags: VerifyFlags) => setExit(await verify(flags, io)));
}

interface VerifySettings {
  target: string;
  token: string | undefined;
  broker: BrokerVerifyOptions | undefined;
  timeoutMs: number;
  totalTimeoutMs: number;
  reportDir: string;
}

/** Every flag checked, in the order the user is told about them; a bad one is a SuiteError with a hint. */
function verifySettings(flags: VerifyFlags): VerifySettings {
  if (flags.target === undefined || flags.target.trim() === '')
    throw new SuiteError(
      'bad-option',
      'verify needs --target, the service root of the provider',
      'e.g. --target http://127.0.0.1:8080/beta (`conformance serve` runs the reference implementation)',
    );
  checkTargetUrl(flags.target);
  const token = tokenOption(flags.token, process.env['GRAPH_TOKEN'], 'GRAPH_TOKEN');
  const broker = brokerOptions(flags);
  const timeoutMs = intOption('timeout', flags.timeout, 1, 600_000, 10_000);
  const totalTimeoutMs = intOption('total-timeout', flags.totalTimeout, 1000, 3_600_000, 120_000);
  if (broker?.publishResults && broker.providerVersion === undefined)
    throw new SuiteError(
      'bad-option',
      '--publish-results needs --provider-version, the provider version the results belong to',
      'e.g. --publish-results --provider-version "$GIT_SHA" --provider-branch main',
    );
  if (broker?.includeWipPactsSince !== undefined && !broker.enablePending)
    throw new SuiteError(
      'bad-option',
      'work-in-progress pacts are pending pacts: --include-wip-pacts-since needs --enable-pending',
      'add --enable-pending',
    );
  const reportDir = resolve(flags.reportDir ?? DEFAULT_VERIFY_REPORT_DIR);
  return { target: flags.target, token, broker, timeoutMs, totalTimeoutMs, reportDir };
}

/** The summary verify prints: the verification's, pending failures marked, the broker's lines before the verdict. */
function verifySummaryLines(results: VerificationResults, reportDir: string): string[] {
  const lines = formatVerificationSummary(results, reportDir);
  // A pending pact's failures are listed like the others; say which ones do not count.
  const pendingFailures = (results.checks[0]?.failures ?? []).filter((f) => 'pending' in f && f.pending === true);
  for (const f of pendingFailures) {
    const at = lines.indexOf(`FAIL ${f.interaction}`);
    if (at >= 0) lines[at] = `FAIL (pending, does not fail the run) ${f.interaction}`;
  }
  const verdictAt = lines.findIndex((l) => l.startsWith(`${results.verdict.toUpperCase()}: `));
  lines.splice(verdictAt < 0 ? lines.length : verdictAt, 0, ...brokerSummaryLines(results));
  return lines;
}

/** `verify`: runs the Pact verifier, writes the reports, prints the summary; resolves to the exit code. */
async function verify(flags: VerifyFlags, io: Io): Promise<number> {
  const { target, token, broker, timeoutMs, totalTimeoutMs, reportDir } = verifySettings(flags);
  // After the options are checked: bad input gets its error and hint alone.
  if (flags.token !== undefined) io.err(secretFlagWarning('--token', 'GRAPH_TOKEN'));
  ensureWritableDir(reportDir);
  const redact = createRedactor([token, broker?.token]);
  const results = await verifyPacts({
    target,
    ...(flags.pact ? { pacts: flags.pact } : {}),
    ...(token !== undefined ? { token } : {}),
    timeoutMs,
    totalTimeoutMs,
    ...(flags.quiet ? {} : { log: (line: string) => io.err(redact(line)) }),
    ...(broker ? { broker } : {}),
  });
  writeResultsJson(reportDir, results);
  writeVerificationReports(reportDir, results);
  // summary.md is report.ts's; the broker's section (consumer versions, pending) goes after its table.
  if (results.broker) appendFileSync(join(reportDir, 'summary.md'), redact(formatBrokerMarkdown(results)));
  for (const line of verifySummaryLines(results, reportDir)) io.err(redact(line));
  return results.exitCode;
}
