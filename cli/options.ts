import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CHECK_IDS,
  PRIORITY_CLASH_READINGS,
  PROFILES,
  STATEFUL_OPERATIONS,
  type PriorityClashReading,
  type Profile,
  type StatefulOperation,
} from '../checks/types';
import { SuiteError } from '../engine/errors';
import { REDACTED } from '../engine/redact';
import { DEFAULTS, type GenerationOptions, type RunOptions } from '../engine/run';
import { PRIORITY_NONCES, type StatefulOptions } from '../engine/options';
import { randomSeed } from '../engine/cases';
import { DEFAULT_THROTTLE } from '../engine/throttle';
import { createRoots } from '../generators/createRoots';
import { junitOptionsFromEnv } from '../reports';
import { createAjv } from '../specs/loader';
import type { ValidateFunction } from 'ajv';
import { CONFIG_KEYS, CONFIG_SCHEMA, type ConfigKey } from './config-schema';
import { MUTANT_NAMES } from '../targets/mutants';

/** The options `run` takes, as they arrive from flags or the config file (all optional, all unchecked). */
export interface RawRunOptions {
  target?: string;
  app?: string;
  token?: string;
  header?: string[];
  headers?: Record<string, string>;
  /** --secret-header NAME (repeatable): -H headers whose values are secrets. */
  secretHeader?: string[];
  /** The config file's list of secret -H header names. */
  secretHeaders?: string[];
  runs?: string | number;
  seed?: string | number;
  concurrency?: string | number;
  timeout?: string | number;
  checks?: string | string[];
  excludeChecks?: string | string[];
  profile?: string;
  reportDir?: string;
  rateLimit?: string | number;
  maxThrottleWait?: string | number;
  readBackWait?: string | number;
  ca?: string;
  insecure?: boolean;
  shard?: string;
  shrink?: boolean;
  maxResponseBytes?: string | number;
  mutant?: string;
  junitWarnings?: string;
  config?: string;
  maxFractionDigits?: string | number;
  longStrings?: boolean;
  streams?: boolean;
  types?: string | string[];
  /** --stateful: lifecycle sequences after the create cases. */
  stateful?: boolean;
  sequences?: string | number;
  maxCommands?: string | number;
  priorityNonce?: string | number;
  priorityClash?: string;
  maxDuration?: string | number;
  /** --keep-created: leave what the run created on the target. */
  keepCreated?: boolean;
  /** --operations: the operations of the family the target implements. */
  operations?: string | string[];
}

export { CONFIG_KEYS, CONFIG_SCHEMA } from './config-schema';

/** Every config key is a run option: a key added to the schema without a place in RawRunOptions fails to compile. */
type _ConfigKeysAreOptions = Exclude<ConfigKey, keyof RawRunOptions> extends never ? true : never;
const _configKeysAreOptions: _ConfigKeysAreOptions = true;
void _configKeysAreOptions;

export const CONFIG_FILE = 'conformance.config.json';

/** A config file's problems as data, from the JSON Schema (every one, not only the first). */
export interface ConfigProblem {
  pointer: string;
  message: string;
  /** Set for a key the schema does not know. */
  unknownKey?: string;
}

let validateConfig: ValidateFunction | undefined;

export function configProblems(data: unknown): ConfigProblem[] {
  validateConfig ??= createAjv().compile(CONFIG_SCHEMA);
  if (validateConfig(data)) return [];
  // One problem per place: "must be string" and "must be integer" under an anyOf become "must be string or integer".
  const byPointer = new Map<string, ConfigProblem & { types: string[] }>();
  for (const e of validateConfig.errors ?? []) {
    if (e.keyword === 'anyOf') continue;
    const unknownKey =
      e.keyword === 'additionalProperties' && e.instancePath === ''
        ? String((e.params as { additionalProperty?: unknown }).additionalProperty)
        : undefined;
    const key = unknownKey === undefined ? e.instancePath : `${e.instancePath}\u0000${unknownKey}`;
    const seen = byPointer.get(key) ?? { pointer: e.instancePath, message: '', types: [] };
    if (e.keyword === 'type') seen.types.push(String((e.params as { type?: unknown }).type));
    else seen.message = e.message ?? e.keyword;
    if (unknownKey !== undefined) seen.unknownKey = unknownKey;
    byPointer.set(key, seen);
  }
  return [...byPointer.values()].map(({ types, ...p }) => ({
    ...p,
    message: p.message || `must be ${types.join(' or ')}`,
  }));
}

/** Reads conformance.config.json from the working directory (or --config FILE); undefined when there is none. */
export function readConfig(explicit: string | undefined, cwd = process.cwd()): RawRunOptions | undefined {
  const file = explicit ? resolve(explicit) : join(cwd, CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit)
      throw new SuiteError(
        'config-not-found',
        `config file not found: ${file}`,
        `create it, or drop --config to use ./${CONFIG_FILE} when present`,
      );
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuiteError(
      'config-invalid',
      `${file} is not valid JSON: ${(e as Error).message}`,
      'fix the JSON syntax; the file holds one object of run options',
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new SuiteError(
      'config-invalid',
      `${file} must hold a JSON object`,
      `e.g. {"target": "http://127.0.0.1:8080", "runs": 200}`,
    );
  if (Object.prototype.hasOwnProperty.call(data, 'token'))
    throw new SuiteError(
      'config-secret',
      `${file} has a "token" key`,
      'never keep secrets in a config file: use --token or the GRAPH_TOKEN environment variable',
    );
  const problems = configProblems(data);
  const unknown = problems.find((p) => p.unknownKey !== undefined);
  if (unknown)
    throw new SuiteError(
      'config-unknown-key',
      `${file}: unknown key "${unknown.unknownKey ?? ''}"`,
      `known keys: ${CONFIG_KEYS.join(', ')}`,
    );
  if (problems.length > 0)
    throw new SuiteError(
      'config-invalid',
      `${file}: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`,
      'see `conformance run --help` for what each option takes (the keys are the flags in camelCase)',
    );
  return data as RawRunOptions;
}

function int(name: string, v: string | number | undefined, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'number' ? v : /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SuiteError(
      'bad-option',
      `--${name} must be a whole number from ${min} to ${max}, got "${String(v)}"`,
      `e.g. --${name} ${fallback}`,
    );
  }
  return n;
}

function list(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items;
}

function checkIds(flag: string, ids: string[] | undefined): string[] | undefined {
  for (const id of ids ?? []) {
    if (!(CHECK_IDS as readonly string[]).includes(id))
      throw new SuiteError('unknown-check', `${flag}: unknown check id "${id}"`, `known ids: ${CHECK_IDS.join(', ')}`);
  }
  return ids;
}

/**
 * Headers the transport owns: how the body is framed and how the connection is kept. Given with -H they would either
 * be refused by the HTTP client on every request or change what is being tested, so they are refused up front.
 */
export const TRANSPORT_HEADERS = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
];

/** RFC 9110 token: the characters a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHeaders(
  raw: string[] | undefined,
  fromConfig: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = { ...(fromConfig ?? {}) };
  for (const h of raw ?? []) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(h);
    if (!m?.[1])
      throw new SuiteError('bad-header', `-H "${h}" is not "Name: value"`, 'e.g. -H "x-ms-client-request-id: 123"');
    out[m[1]] = m[2] ?? '';
  }
  for (const name of Object.keys(out)) {
    if (TRANSPORT_HEADERS.includes(name.toLowerCase()))
      throw new SuiteError(
        'bad-header',
        `the header "${name}" is the transport's to set (body framing and keep-alive connections), not an extra header`,
        'leave it out; --concurrency sets how many keep-alive connections the run uses',
      );
  }
  return out;
}

/**
 * --secret-header names (flags and the config file's secretHeaders together), lower-cased and once each. Each must be
 * a header name and name one of the -H headers: a typo would otherwise leave the secret in the reports.
 */
function parseSecretHeaders(
  flags: string[] | undefined,
  fromConfig: unknown,
  headers: Record<string, string>,
): string[] | undefined {
  if (fromConfig !== undefined && (!Array.isArray(fromConfig) || fromConfig.some((n) => typeof n !== 'string')))
    throw new SuiteError(
      'bad-option',
      `"secretHeaders" must be a list of header names, got ${JSON.stringify(fromConfig)}`,
      'e.g. "secretHeaders": ["x-api-secret"]',
    );
  const names = [...((fromConfig as string[] | undefined) ?? []), ...(flags ?? [])];
  if (names.length === 0) return undefined;
  const given = new Set(Object.keys(headers).map((n) => n.toLowerCase()));
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!HEADER_NAME.test(name))
      throw new SuiteError(
        'bad-header',
        `--secret-header "${raw}" is not a header name`,
        'give the name alone, e.g. -H "X-Api-Secret: $SECRET" --secret-header X-Api-Secret',
      );
    if (!given.has(name.toLowerCase()))
      throw new SuiteError(
        'bad-header',
        `--secret-header ${name} names no -H header`,
        `give the header itself with -H "${name}: value" (or the config file's "headers"); -H names given: ${[...given].join(', ') || 'none'}`,
      );
    if (!out.includes(name.toLowerCase())) out.push(name.toLowerCase());
  }
  return out;
}

/**
 * The target as it may be printed: credentials (user:password@), query values and the fragment replaced, since any of
 * them may hold a secret (a SAS signature, an API key); the query's parameter names are kept to say what was there.
 */
function printableTarget(target: string, url?: URL): string {
  if (!url)
    return target
      .replace(/^([A-Za-z][A-Za-z0-9+.-]*:[\\/]*)[^/\\?#]*@/, `$1${REDACTED}@`)
      .replace(/[?#].*$/s, `?${REDACTED}`);
  const creds = url.username !== '' || url.password !== '' || /^[^/?#]*\/\/[^/?#]*@/.test(target) ? `${REDACTED}@` : '';
  const names = [...new Set(url.searchParams.keys())];
  const query = target.includes('?') ? `?${names.map((n) => `${n}=${REDACTED}`).join('&')}` : '';
  const fragment = target.includes('#') ? `#${REDACTED}` : '';
  return `${url.protocol}//${creds}${url.host}${url.pathname}${query}${fragment}`;
}

const targetHint = (root: string): string =>
  `give the service root only, e.g. --target ${root}; put the token in --token or GRAPH_TOKEN; query options are the suite's to send`;

/**
 * Refuses a --target that is more than a service root: not an http(s) URL, or one with credentials (user:password@),
 * a query or a fragment. The suite appends the collection path to the root and sends its own query options, and a
 * credential belongs in --token (which is redacted everywhere), never in a URL that reports print. The error never
 * shows the credentials, query values or fragment.
 */
export function checkTargetUrl(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new SuiteError(
      'bad-target-url',
      `--target "${printableTarget(target)}" is not a URL`,
      targetHint('https://host/beta'),
    );
  }
  const shown = printableTarget(target, url);
  const hint = targetHint(
    url.protocol === 'http:' || url.protocol === 'https:'
      ? `${url.protocol}//${url.host}${url.pathname}`
      : 'https://host/beta',
  );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SuiteError('bad-target-url', `--target "${shown}" is not http or https`, hint);
  if (shown.includes(`//${REDACTED}@`))
    throw new SuiteError(
      'bad-target-url',
      `--target "${shown}" carries credentials (user:password@), which would be sent and printed with the URL`,
      hint,
    );
  // A '?' or '#' in the text starts a query or a fragment (an empty one leaves url.search and url.hash '').
  if (target.includes('?')) throw new SuiteError('bad-target-url', `--target "${shown}" has a query`, hint);
  if (target.includes('#')) throw new SuiteError('bad-target-url', `--target "${shown}" has a fragment`, hint);
}

function checkMutant(name: string): void {
  if (!(MUTANT_NAMES as readonly string[]).includes(name))
    throw new SuiteError(
      'unknown-mutant',
      `unknown mutant "${name}"`,
      `known mutants: ${MUTANT_NAMES.join(', ')} (\`conformance serve --list-mutants\` says what each breaks)`,
    );
}

export function parseShard(v: string | undefined): { index: number; total: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total)
    throw new SuiteError(
      'bad-option',
      `--shard must be i/n with 1 <= i <= n, got "${v}"`,
      'e.g. --shard 1/3 on the first of three CI machines',
    );
  return { index, total };
}

function parseRate(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(String(v).trim());
  const n = Number(m?.[1]);
  if (!m || !(n > 0))
    throw new SuiteError(
      'bad-option',
      `--rate-limit must be a positive rate like 20/s, got "${String(v)}"`,
      'e.g. --rate-limit 20/s',
    );
  return n;
}

export { randomSeed } from '../engine/cases';

export interface ResolvedRun {
  options: Omit<RunOptions, 'target'> & { target?: RunOptions['target'] };
  reportDir: string;
  mutant?: string;
  /** Failed warning-level checks in junit.xml: passed with system-out, or failures. */
  junitWarnings: 'pass' | 'fail';
}

/** --junit-warnings (or the config file's junitWarnings), else $CONFORMANCE_JUNIT_WARNINGS, else pass. */
function junitWarnings(value: string | undefined, env: NodeJS.ProcessEnv): 'pass' | 'fail' {
  if (value === undefined) return junitOptionsFromEnv(env).warnings === 'fail' ? 'fail' : 'pass';
  if (value === 'pass' || value === 'fail') return value;
  throw new SuiteError(
    'bad-option',
    `--junit-warnings "${value}" is neither pass nor fail`,
    'pass: a failed warning-level check is a passed testcase with the failure in system-out; fail: a <failure>',
  );
}

/** The creatable types a create body may name (short names), from the derived specs. */
export function creatableTypes(): string[] {
  return createRoots({ odataType: 'any' }).map((r) => r.odataType.slice(r.odataType.lastIndexOf('.') + 1));
}

/** An option's value: the flag's when given, else the config file's. */
type PickOption = <K extends keyof RawRunOptions>(k: K) => RawRunOptions[K];

function generationOptions(pick: PickOption): GenerationOptions | undefined {
  const g: GenerationOptions = {};
  const digits = pick('maxFractionDigits');
  if (digits !== undefined) g.maxFractionDigits = int('max-fraction-digits', digits, 0, 12, 7);
  for (const key of ['longStrings', 'streams'] as const) {
    const v = pick(key);
    if (v === undefined) continue;
    if (typeof v !== 'boolean')
      throw new SuiteError(
        'bad-option',
        `"${key}" must be true or false, got ${JSON.stringify(v)}`,
        `e.g. "${key}": false`,
      );
    if (v === false) g[key] = false;
  }
  const types = list(pick('types'));
  if (types !== undefined) {
    const known = creatableTypes();
    for (const t of types)
      if (t !== 'any' && !known.includes(t))
        throw new SuiteError(
          'bad-option',
          `--types: unknown creatable type "${t}"`,
          `known: ${known.join(', ')}, or any`,
        );
    if (types.length === 0)
      throw new SuiteError('bad-option', '--types is empty', `known: ${known.join(', ')}, or any`);
    g.types = types;
  }
  return Object.keys(g).length > 0 ? g : undefined;
}

/** The settings a run leaves out unless given: rate limit, waits, shard, TLS and generation options. */
function addOptionalSettings(options: ResolvedRun['options'], pick: PickOption): void {
  const rate = parseRate(pick('rateLimit'));
  if (rate !== undefined) options.rateLimit = rate;
  const throttleWait = pick('maxThrottleWait');
  if (throttleWait !== undefined)
    options.throttle = { maxWaitMs: int('max-throttle-wait', throttleWait, 0, 3_600_000, DEFAULT_THROTTLE.maxWaitMs) };
  const readBackWait = pick('readBackWait');
  if (readBackWait !== undefined)
    options.readBackWaitMs = int('read-back-wait', readBackWait, 0, 600_000, DEFAULTS.readBackWaitMs);
  const shard = parseShard(pick('shard'));
  if (shard) options.shard = shard;
  const ca = pick('ca');
  if (ca !== undefined) options.caFile = ca;
  if (pick('insecure')) options.insecure = true;
  if (pick('keepCreated')) options.keepCreated = true;
  const maxDuration = pick('maxDuration');
  if (maxDuration !== undefined) options.maxDurationMs = int('max-duration', maxDuration, 1_000, 86_400_000, 600_000);
  const generation = generationOptions(pick);
  if (generation) options.generation = generation;
  const stateful = statefulOptions(pick);
  if (stateful) options.stateful = stateful;
  options.priorityClash = priorityClashOf(pick);
}

/**
 * The stateful mode's settings; --sequences, --max-commands and --priority-nonce only go with --stateful
 * (--priority-clash also judges the create cases, see priorityClashOf).
 */
function statefulOptions(pick: PickOption): StatefulOptions | undefined {
  const given = (['sequences', 'maxCommands', 'priorityNonce', 'operations'] as const).filter(
    (k) => pick(k) !== undefined,
  );
  if (!pick('stateful')) {
    if (given.length > 0)
      throw new SuiteError(
        'bad-option',
        `${given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only applies to the stateful mode`,
        'add --stateful (or "stateful": true in the config file)',
      );
    return undefined;
  }
  const clash = priorityClashOf(pick);
  return {
    sequences: int('sequences', pick('sequences'), 1, 100_000, DEFAULTS.sequences),
    maxCommands: int('max-commands', pick('maxCommands'), 1, 200, DEFAULTS.maxCommands),
    priorityClash: clash,
    ...(pick('priorityNonce') !== undefined
      ? { priorityNonce: int('priority-nonce', pick('priorityNonce'), 0, PRIORITY_NONCES - 1, 0) }
      : {}),
    ...operationsOf(list(pick('operations'))),
  };
}

/** --operations, checked: known names, create among them (every sequence starts by creating). */
function operationsOf(names: string[] | undefined): { operations?: StatefulOperation[] } {
  if (names === undefined) return {};
  const known = STATEFUL_OPERATIONS as readonly string[];
  const hint = `known: ${STATEFUL_OPERATIONS.join(', ')}; e.g. --operations create,get,list,update,delete for a server without assignments and actions`;
  for (const name of names)
    if (!known.includes(name)) {
      const near = known.find((k) => k.toLowerCase() === name.toLowerCase());
      throw new SuiteError(
        'bad-option',
        `--operations: unknown operation "${name}"`,
        near ? `did you mean ${near}? ${hint}` : hint,
      );
    }
  if (!names.includes('create'))
    throw new SuiteError(
      'bad-option',
      '--operations must include create: every sequence creates the configurations its other commands act on',
      hint,
    );
  return { operations: STATEFUL_OPERATIONS.filter((op) => names.includes(op)) };
}

/** --priority-clash, checked: how the create cases and the sequences judge a 409 for a priority already taken. */
function priorityClashOf(pick: PickOption): PriorityClashReading {
  const clash = pick('priorityClash') ?? 'either';
  if (!(PRIORITY_CLASH_READINGS as readonly string[]).includes(clash))
    throw new SuiteError(
      'bad-option',
      `unknown --priority-clash "${clash}"`,
      `one of ${PRIORITY_CLASH_READINGS.join(', ')} (specs/DERIVATION.md, priority wording)`,
    );
  return clash as PriorityClashReading;
}

/** Merges defaults < config file < flags, validates every value, and says what was wrong with a hint when not. */
export function resolveRunOptions(
  flags: RawRunOptions,
  config: RawRunOptions | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedRun {
  const pick: PickOption = (k) => (flags[k] !== undefined ? flags[k] : config?.[k]);
  const target = pick('target');
  const app = pick('app');
  if (target !== undefined) checkTargetUrl(target);
  const mutantName = pick('mutant');
  if (mutantName !== undefined) checkMutant(mutantName);
  if (target !== undefined && app !== undefined)
    throw new SuiteError(
      'bad-option',
      'give --target or --app, not both',
      'use --target for a URL, --app for a module driven in-process',
    );
  const profile = pick('profile') ?? DEFAULTS.profile;
  if (!(PROFILES as readonly string[]).includes(profile))
    throw new SuiteError('unknown-profile', `unknown profile "${profile}"`, `profiles: ${PROFILES.join(', ')}`);
  const token = flags.token ?? env['GRAPH_TOKEN'];
  if (token !== undefined && token.trim() === '')
    throw new SuiteError(
      'bad-option',
      'the token is empty',
      'pass --token or set GRAPH_TOKEN to a non-empty value, or leave both unset',
    );
  const headers = parseHeaders(flags.header, config?.headers);
  const secretHeaders = parseSecretHeaders(flags.secretHeader, config?.secretHeaders, headers);
  const options: ResolvedRun['options'] = {
    headers,
    runs: int('runs', pick('runs'), 0, 1_000_000, DEFAULTS.runs),
    seed: int('seed', pick('seed'), -2147483648, 2147483647, randomSeed()),
    concurrency: int('concurrency', pick('concurrency'), 1, 256, DEFAULTS.concurrency),
    timeoutMs: int('timeout', pick('timeout'), 1, 600_000, DEFAULTS.timeoutMs),
    profile: profile as Profile,
    maxResponseBytes: int(
      'max-response-bytes',
      pick('maxResponseBytes'),
      1024,
      1024 * 1024 * 1024,
      DEFAULTS.maxResponseBytes,
    ),
    shrink: pick('shrink') ?? DEFAULTS.shrink,
    maxShrinkRequests: DEFAULTS.maxShrinkRequests,
    maxShrinkMs: DEFAULTS.maxShrinkMs,
    maxFailuresPerCheck: DEFAULTS.maxFailuresPerCheck,
  };
  const checks = checkIds('--checks', list(pick('checks')));
  const exclude = checkIds('--exclude-checks', list(pick('excludeChecks')));
  if (checks) options.checks = checks;
  if (exclude) options.excludeChecks = exclude;
  if (token !== undefined) options.token = token;
  if (secretHeaders) options.secretHeaders = secretHeaders;
  addOptionalSettings(options, pick);
  if (options.runs === 0 && !options.stateful)
    throw new SuiteError(
      'bad-option',
      '--runs 0 sends no create case, and without --stateful nothing else',
      'give --runs 1 or more, or add --stateful to run only the lifecycle sequences',
    );
  if (target !== undefined) options.target = { kind: 'url', url: target };
  else if (app !== undefined) options.target = { kind: 'app', module: app };
  const reportDir = resolve(pick('reportDir') ?? join('reports', 'out'));
  const out: ResolvedRun = { options, reportDir, junitWarnings: junitWarnings(pick('junitWarnings'), env) };
  const mutant = pick('mutant');
  if (mutant !== undefined) {
    if (target !== undefined || app !== undefined)
      throw new SuiteError(
        'bad-option',
        '--mutant runs an embedded mutant; it cannot go with --target or --app',
        'drop --target/--app to run against the embedded mutant',
      );
    out.mutant = mutant;
  }
  return out;
}

/** Makes sure the report dir can be written before any request is sent. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new SuiteError(
      'report-dir',
      `cannot write to report dir ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'pass --report-dir with a folder you can write to',
    );
  }
}
