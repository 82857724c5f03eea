/**
 * Reading any consumer's pact file for `pact check`: Pact specification V2, V3 and V4 (HTTP interactions), with the
 * parts a judgement needs: the request sent (method, path, headers, body), the response expected (status, headers,
 * body) and the matching rules of each, in one form whatever the specification version wrote.
 *
 * Matching rules: V2 keeps one flat map per request/response (`$.body.a[0].b`, `$.headers.Location`); V3 and V4 keep
 * one map per category (`body: {"$.a[0].b": {matchers: [...]}}`, `header: {"Location": ...}`, V4 `status`). Both
 * become MatcherRule lists with parsed paths, `null` standing for a wildcard (`[*]`, `.*`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { SuiteError } from '../engine/errors';

/** One matcher as the pact writes it: `{match: 'regex', regex}`, `{match: 'type', min}`, `{match: 'statusCode'}`... */
export interface Matcher {
  match: string;
  [key: string]: unknown;
}

/** A key (string), an array index (number) or a wildcard (null). */
export type PathToken = string | number | null;

export interface MatcherRule {
  path: PathToken[];
  /** The rule's path as the pact wrote it. */
  expression: string;
  matchers: Matcher[];
  combine: 'AND' | 'OR';
}

export interface PactRequest {
  method: string;
  path: string;
  /** Header values by lower-case name (repeated values joined with ", "). */
  headers: Record<string, string>;
  /** The body's example value: parsed JSON for a JSON body, the text otherwise, undefined when there is none. */
  body?: unknown;
  /** How the body came: JSON (parsed), text (not JSON, or not parseable as JSON), or none. */
  bodyKind: 'json' | 'text' | 'none';
  bodyRules: MatcherRule[];
}

export interface PactResponse {
  /** The status the pact writes (the example, when a status matcher is set). */
  status: number;
  /** A V4 `statusCode` matcher: a class (`success`, `clientError`, ...) or a list of codes. */
  statusMatcher?: Matcher;
  headers: Record<string, string>;
  /** Header matchers by lower-case name. */
  headerRules: Record<string, Matcher[]>;
  body?: unknown;
  bodyKind: 'json' | 'text' | 'none';
  bodyRules: MatcherRule[];
}

export interface PactCheckInteraction {
  /** Position in the file's `interactions` array (what swagger-mock-validator's locations count). */
  index: number;
  description: string;
  /** V4 interaction type (`Synchronous/HTTP`, `Asynchronous/Messages`, ...); `Synchronous/HTTP` for V2/V3. */
  kind: string;
  /** Absent for an interaction that is not HTTP. */
  request?: PactRequest;
  response?: PactResponse;
}

export interface PactForCheck {
  file: string;
  consumer: string;
  provider: string;
  /** The pact specification version the file declares (`2.0.0`, `3.0.0`, `4.0`), or `unknown`. */
  specification: string;
  interactions: PactCheckInteraction[];
}

export const HTTP_KIND = 'Synchronous/HTTP';

const PACT_HINT =
  'give a Pact JSON file (specification V2, V3 or V4) with consumer.name, provider.name and interactions, e.g. contracts/pacts/graph-office-config-client-graph-office-config-service.json';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a pact matching-rule path: `$`, `.name`, `.*`, `['name']`, `["name"]`, `[0]`, `[*]`. Undefined when the
 * expression is not one.
 */
export function parseRulePath(expression: string): PathToken[] | undefined {
  if (!expression.startsWith('$')) return undefined;
  const out: PathToken[] = [];
  let i = 1;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '.') {
      i++;
      if (expression[i] === '*') {
        out.push(null);
        i++;
        continue;
      }
      let j = i;
      while (j < expression.length && expression[j] !== '.' && expression[j] !== '[') j++;
      if (j === i) return undefined;
      out.push(expression.slice(i, j));
      i = j;
    } else if (c === '[') {
      const q = expression[i + 1];
      if (q === "'" || q === '"') {
        let j = i + 2;
        let name = '';
        while (j < expression.length && expression[j] !== q) {
          if (expression[j] === '\\' && j + 1 < expression.length) j++;
          name += expression[j];
          j++;
        }
        if (expression[j + 1] !== ']') return undefined;
        out.push(name);
        i = j + 2;
      } else {
        const close = expression.indexOf(']', i);
        if (close < 0) return undefined;
        const inner = expression.slice(i + 1, close).trim();
        if (inner === '*') out.push(null);
        else if (/^\d+$/.test(inner)) out.push(Number(inner));
        else if (inner !== '') out.push(inner);
        else return undefined;
        i = close + 1;
      }
    } else return undefined;
  }
  return out;
}

/** A V2 entry (`{match: 'regex', regex}`, `{regex}`, `{min}`) or a V3/V4 matcher, as a Matcher. */
function toMatcher(raw: unknown): Matcher | undefined {
  if (!isRecord(raw)) return undefined;
  if (typeof raw['match'] === 'string') return raw as Matcher;
  if (typeof raw['regex'] === 'string') return { ...raw, match: 'regex' };
  return { ...raw, match: 'type' };
}

function ruleOf(expression: string, path: PathToken[], raw: unknown): MatcherRule | undefined {
  if (!isRecord(raw)) return undefined;
  // V3/V4: {combine, matchers: [...]}; V2: the matcher itself.
  const list = Array.isArray(raw['matchers']) ? (raw['matchers'] as unknown[]) : [raw];
  const matchers = list.map(toMatcher).filter((m): m is Matcher => m !== undefined);
  if (matchers.length === 0) return undefined;
  return { path, expression, matchers, combine: raw['combine'] === 'OR' ? 'OR' : 'AND' };
}

/** Whether a matchingRules object is in the V3/V4 form (one map per category). */
function isCategorised(rules: Record<string, unknown>): boolean {
  return Object.keys(rules).some((k) => !k.startsWith('$') && isRecord(rules[k]));
}

interface Rules {
  body: MatcherRule[];
  headers: Record<string, Matcher[]>;
  status?: Matcher;
}

function readRules(raw: unknown): Rules {
  const out: Rules = { body: [], headers: {} };
  if (!isRecord(raw)) return out;
  if (isCategorised(raw)) {
    const body = isRecord(raw['body']) ? raw['body'] : {};
    for (const [expr, r] of Object.entries(body)) {
      const path = parseRulePath(expr);
      const rule = path ? ruleOf(expr, path, r) : undefined;
      if (rule) out.body.push(rule);
    }
    const header = isRecord(raw['header']) ? raw['header'] : isRecord(raw['headers']) ? raw['headers'] : {};
    for (const [name, r] of Object.entries(header)) {
      const key = name.startsWith('$') ? parseRulePath(name)?.[0] : name;
      const rule = typeof key === 'string' ? ruleOf(name, [key], r) : undefined;
      if (rule && typeof key === 'string') out.headers[key.toLowerCase()] = rule.matchers;
    }
    const status = isRecord(raw['status']) ? Object.values(raw['status'])[0] : undefined;
    const statusRule = ruleOf('$', [], status);
    const code = statusRule?.matchers.find((m) => m.match === 'statusCode');
    if (code) out.status = code;
    return out;
  }
  // V2: "$.body.a.b", "$.headers.Name" (also "$.header.Name").
  for (const [expr, r] of Object.entries(raw)) {
    const path = parseRulePath(expr);
    if (!path || path.length === 0) continue;
    const [category, ...rest] = path;
    if (category === 'body') {
      const rule = ruleOf(expr, rest, r);
      if (rule) out.body.push(rule);
    } else if ((category === 'headers' || category === 'header') && typeof rest[0] === 'string') {
      const rule = ruleOf(expr, rest, r);
      if (rule) out.headers[rest[0].toLowerCase()] = rule.matchers;
    }
  }
  return out;
}

function readHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'string' ? v : String(v);
    const key = k.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

const isJsonType = (contentType: string | undefined): boolean =>
  contentType === undefined || /^\s*application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i.test(contentType);

/** The body's example value and kind, from a V2/V3 body (the value itself) or a V4 body ({content, contentType, encoded}). */
function readBody(
  raw: unknown,
  v4: boolean,
  headers: Record<string, string>,
): { body?: unknown; kind: 'json' | 'text' | 'none' } {
  if (raw === undefined) return { kind: 'none' };
  let content: unknown = raw;
  let contentType = headers['content-type'];
  if (v4 && isRecord(raw) && 'content' in raw) {
    content = raw['content'];
    if (typeof raw['contentType'] === 'string') contentType = raw['contentType'];
    const encoded = raw['encoded'];
    const how = typeof encoded === 'string' ? encoded.toLowerCase() : encoded === true ? 'base64' : 'false';
    if (typeof content === 'string' && how !== 'false') {
      // 'base64': the bytes in base64; 'json': the JSON text as a string.
      const text = how === 'json' ? content : Buffer.from(content, 'base64').toString('utf8');
      if (isJsonType(contentType)) {
        try {
          return { body: JSON.parse(text) as unknown, kind: 'json' };
        } catch {
          return { body: text, kind: 'text' };
        }
      }
      return { body: text, kind: 'text' };
    }
  }
  if (typeof content === 'string' && !isJsonType(contentType)) return { body: content, kind: 'text' };
  return { body: content, kind: 'json' };
}

function fail(file: string, message: string, hint = PACT_HINT): never {
  throw new SuiteError('pact-file', message, hint);
}

/**
 * Reads a pact file for `pact check`. A missing file, a file that is not JSON, and JSON that is not a pact are
 * SuiteErrors (the CLI exits 2 with a hint), never findings.
 */
export function readPactForCheck(file: string): PactForCheck {
  if (!existsSync(file)) fail(file, `pact file not found: ${file}`, 'give the path of an existing pact JSON file');
  if (!statSync(file).isFile()) fail(file, `${file} is not a file`, 'give the path of a pact JSON file, not a folder');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(file, `${file} is not JSON: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  if (!isRecord(data)) fail(file, `${file} is not a pact (the JSON is not an object)`);
  const consumer = isRecord(data['consumer']) ? data['consumer']['name'] : undefined;
  const provider = isRecord(data['provider']) ? data['provider']['name'] : undefined;
  if (!Array.isArray(data['interactions']) && Array.isArray(data['messages']))
    fail(
      file,
      `${file} is a message pact (it has messages, no interactions)`,
      'pact check judges HTTP interactions with POST /officeConfiguration/clientConfigurations; give an HTTP pact file',
    );
  if (typeof consumer !== 'string' || typeof provider !== 'string' || !Array.isArray(data['interactions']))
    fail(file, `${file} is not a pact (it needs consumer.name, provider.name and interactions)`);
  const metadata = isRecord(data['metadata']) ? data['metadata'] : {};
  const spec =
    (isRecord(metadata['pactSpecification']) ? metadata['pactSpecification']['version'] : undefined) ??
    (isRecord(metadata['pact-specification']) ? metadata['pact-specification']['version'] : undefined) ??
    metadata['pactSpecificationVersion'];
  const specification = typeof spec === 'string' ? spec : 'unknown';
  const raw = data['interactions'] as unknown[];
  const v4 = specification.startsWith('4') || raw.some((i) => isRecord(i) && typeof i['type'] === 'string');
  const interactions = raw.map((entry, index): PactCheckInteraction => {
    const i = isRecord(entry) ? entry : {};
    const description = typeof i['description'] === 'string' ? i['description'] : `interaction ${index}`;
    const kind = typeof i['type'] === 'string' ? i['type'] : HTTP_KIND;
    if (kind !== HTTP_KIND || !isRecord(i['request']) || !isRecord(i['response'])) return { index, description, kind };
    const req = i['request'];
    const res = i['response'];
    const reqHeaders = readHeaders(req['headers']);
    const reqBody = readBody(req['body'], v4, reqHeaders);
    const reqRules = readRules(req['matchingRules']);
    const resHeaders = readHeaders(res['headers']);
    const resBody = readBody(res['body'], v4, resHeaders);
    const resRules = readRules(res['matchingRules']);
    const status = typeof res['status'] === 'number' ? res['status'] : 200; // Pact's default status
    return {
      index,
      description,
      kind,
      request: {
        method: typeof req['method'] === 'string' ? req['method'].toUpperCase() : 'GET',
        path: typeof req['path'] === 'string' ? req['path'] : '/',
        headers: reqHeaders,
        ...(reqBody.body !== undefined ? { body: reqBody.body } : {}),
        bodyKind: reqBody.kind,
        bodyRules: reqRules.body,
      },
      response: {
        status,
        ...(resRules.status ? { statusMatcher: resRules.status } : {}),
        headers: resHeaders,
        headerRules: resRules.headers,
        ...(resBody.body !== undefined ? { body: resBody.body } : {}),
        bodyKind: resBody.kind,
        bodyRules: resRules.body,
      },
    };
  });
  return { file, consumer, provider, specification, interactions };
}

/** Whether a rule's path matches a concrete path of the same length (a wildcard matches any key or index). */
function matchesExactly(rule: PathToken[], path: ReadonlyArray<string | number>): boolean {
  return rule.length === path.length && rule.every((t, i) => t === null || t === path[i]);
}

/**
 * The matching rule that applies at a concrete body path: the most specific rule written for that path, else the
 * one written for its nearest ancestor (`inherited`: Pact applies a matcher to the values below it too, which is how
 * `like({...})` matches a whole object by type).
 */
export function ruleAt(
  rules: readonly MatcherRule[],
  path: ReadonlyArray<string | number>,
): { rule: MatcherRule; inherited: boolean } | undefined {
  const wildcards = (r: MatcherRule): number => r.path.filter((t) => t === null).length;
  const exact = rules.filter((r) => matchesExactly(r.path, path)).sort((a, b) => wildcards(a) - wildcards(b))[0];
  if (exact) return { rule: exact, inherited: false };
  for (let n = path.length - 1; n >= 0; n--) {
    const prefix = path.slice(0, n);
    const found = rules.filter((r) => matchesExactly(r.path, prefix)).sort((a, b) => wildcards(a) - wildcards(b))[0];
    if (found) return { rule: found, inherited: true };
  }
  return undefined;
}
