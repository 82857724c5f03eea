/**
 * Publishes pact files to a Pact Broker with the official client: `pact-broker publish` from
 * @pact-foundation/pact-cli (one Rust binary, `pact broker publish`). The binary is started directly (not through
 * its node wrapper, whose exit would leave the Rust child running) and is killed by PID past the time limit.
 *
 * The token travels to the child in its environment (PACT_BROKER_TOKEN), never on its command line, and everything
 * the client prints is scrubbed of it before it is shown.
 *
 * The client asks the broker's index for `pb:publish-contracts` (Pact Broker 2.86.0 and later, and PactFlow) and
 * POSTs every pact to it; it has no fallback for older brokers.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { runChild } from '../engine/child';
import { SuiteError } from '../engine/errors';
import { createRedactor } from '../engine/redact';
import { DEFAULT_PACT_DIR } from './defaults';
import { pactFilesIn, readPact } from './pact-file';

export interface PublishOptions {
  brokerUrl: string;
  consumerVersion: string;
  branch?: string;
  token?: string;
  /** Folder of pact files; default contracts/pacts/. */
  pactDir?: string;
  /** Retries of a failed broker request (5xx, 408, 429), with exponential back-off from 0.5 s; default 3. */
  retries?: number;
  /** The whole publication (ms), after which the client is killed; default 120000. */
  timeoutMs?: number;
  /** Receives the client's output, line by line, token scrubbed. */
  log?: (line: string) => void;
}

export interface PublishResult {
  brokerUrl: string;
  consumerVersion: string;
  branch?: string;
  pacts: Array<{ file: string; consumer: string; provider: string; interactions: number }>;
  /** What the client printed, token scrubbed. */
  output: string[];
}

interface PactStandalone {
  standalone: () => { pactFullPath: string };
}

/** Path of the Rust `pact` binary of @pact-foundation/pact-cli (its `broker publish` is `pact-broker publish`). */
export function pactCliBinary(): string {
  // The package ships no type declarations; this is its documented way to find the binary.
  const cli = require('@pact-foundation/pact-cli/src/pact-standalone') as PactStandalone;
  return cli.standalone().pactFullPath;
}

/** --broker-url as a URL: refused unless it is an http(s) URL (the message never repeats credentials in it). */
export function parseBrokerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SuiteError('bad-option', '--broker-url is not a URL', 'e.g. --broker-url https://broker.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SuiteError(
      'bad-option',
      `--broker-url "${url.protocol}//${url.host}" is not http or https`,
      'e.g. --broker-url https://broker.example.com',
    );
  return url;
}

function brokerBaseUrl(text: string): {
  url: string;
  secrets: string[];
  basic?: { username: string; password: string };
} {
  const url = parseBrokerUrl(text);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const secrets = [password, username].filter((s) => s !== '');
  if (username === '' && password === '') return { url: text.replace(/\/+$/, ''), secrets };
  // The credentials leave the URL: the client gets them in its environment, where `ps` does not show them.
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/+$/, ''), secrets, basic: { username, password } };
}

/** The one line that says why the client failed, and a hint that fits it. */
function explain(lines: string[], brokerUrl: string): { message: string; hint: string } {
  const failure = [...lines].reverse().find((l) => l.includes('❌') || /error/i.test(l)) ?? lines[lines.length - 1];
  const why = (failure ?? 'the client failed without a message').replace('❌', '').trim();
  const status = /\b(\d{3})\b/.exec(why)?.[1];
  let hint = `check --broker-url (${brokerUrl}) and that the broker is up`;
  if (why.includes("relation 'pb:publish-contracts'"))
    hint = 'the broker has no publish-contracts endpoint: it must be Pact Broker 2.86.0 or later (or PactFlow)';
  else if (status === '401' || status === '403')
    hint = 'the broker refused the credentials: check --token or PACT_BROKER_TOKEN';
  else if (status !== undefined && status.startsWith('5'))
    hint = 'the broker failed on its side: retry later, or raise --retries for a flaky broker';
  else if (status === '409')
    hint = 'the broker already has this version with other content: publish a new --consumer-version';
  return { message: `publishing to ${brokerUrl} failed: ${why}`, hint };
}

/** Publishes every pact file of the folder; throws a SuiteError (exit 2) when it could not. */
export async function publishPacts(opts: PublishOptions): Promise<PublishResult> {
  const { url: brokerUrl, secrets, basic } = brokerBaseUrl(opts.brokerUrl);
  if (opts.consumerVersion.trim() === '')
    throw new SuiteError('bad-option', '--consumer-version must not be empty', 'e.g. --consumer-version "$GITHUB_SHA"');
  const dir = resolve(opts.pactDir ?? DEFAULT_PACT_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new SuiteError(
      'no-pacts',
      `pact folder not found: ${dir}`,
      'run `npm run conformance -- pact` first, or pass --pact-dir',
    );
  const files = pactFilesIn(dir);
  if (files.length === 0)
    throw new SuiteError(
      'no-pacts',
      `no pact files in ${dir}`,
      'run `npm run conformance -- pact` first, or pass --pact-dir',
    );
  const pacts = files.map((f) => {
    const p = readPact(f);
    return { file: f, consumer: p.consumer, provider: p.provider, interactions: p.interactions.length };
  });
  const redact = createRedactor([opts.token, ...secrets]);
  const args = [
    'broker',
    'publish',
    dir,
    '--broker-base-url',
    brokerUrl,
    '--consumer-app-version',
    opts.consumerVersion,
  ];
  if (opts.branch !== undefined) args.push('--branch', opts.branch);
  args.push('--retries', String(opts.retries ?? 3));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Only what this command was given reaches the client: no stray credentials from the environment.
  for (const k of ['PACT_BROKER_TOKEN', 'PACT_BROKER_USERNAME', 'PACT_BROKER_PASSWORD', 'PACT_BROKER_BASE_URL'])
    delete env[k];
  if (opts.token !== undefined) env['PACT_BROKER_TOKEN'] = opts.token;
  if (basic) {
    env['PACT_BROKER_USERNAME'] = basic.username;
    env['PACT_BROKER_PASSWORD'] = basic.password;
  }
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const run = await runChild({ command: pactCliBinary(), args, env, timeoutMs });
  const output = redact(stripVTControlCharacters(run.output))
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  for (const line of output) opts.log?.(line);
  if (run.error !== undefined)
    throw new SuiteError(
      'publish-client',
      `cannot start the pact-broker client: ${redact(run.error.message)}`,
      'reinstall with `npm ci` so @pact-foundation/pact-cli and its platform binary are present',
    );
  if (run.timedOut)
    throw new SuiteError(
      'publish-timeout',
      `publishing to ${redact(brokerUrl)} did not finish within ${timeoutMs} ms; the client was stopped`,
      'check that the broker answers, or lower --retries',
    );
  if (run.code !== 0) {
    const { message, hint } = explain(output, redact(brokerUrl));
    throw new SuiteError('publish-failed', redact(message), hint);
  }
  const result: PublishResult = { brokerUrl: redact(brokerUrl), consumerVersion: opts.consumerVersion, pacts, output };
  if (opts.branch !== undefined) result.branch = opts.branch;
  return result;
}
