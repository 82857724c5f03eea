/** Replaces every secret (tokens) wherever it appears: headers, bodies a target echoed, URLs, messages. */
export type Redactor = <T>(value: T) => T;

export const REDACTED = '<redacted>';

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/**
 * Header names whose values are credentials: the standard ones, and any name with key, token, secret, password,
 * passwd, session, signature or credential as a dash- or underscore-separated part (api-key, x-functions-key,
 * x-auth-token, ocp-apim-subscription-key).
 */
const CREDENTIAL_NAME =
  /(?:^|[-_])(?:api-?key|key|token|secret|password|passwd|session|signature|credentials?)(?:$|[-_])/i;

/** Whether a header's value is a secret: a credential header by name, or one the user marked (--secret-header). */
export function isSecretHeader(name: string, marked: readonly string[] = []): boolean {
  const n = name.toLowerCase();
  return SENSITIVE_HEADERS.has(n) || CREDENTIAL_NAME.test(n) || marked.some((m) => m.toLowerCase() === n);
}

/**
 * The secrets a run must scrub from everything it writes: the token, and the values of the extra headers that carry
 * credentials. Other -H values (ConsistencyLevel: eventual, a client request id) are data, kept as sent.
 */
export function runSecrets(opts: {
  token?: string | undefined;
  headers: Record<string, string>;
  secretHeaders?: readonly string[] | undefined;
}): string[] {
  const out: string[] = [];
  if (opts.token) out.push(opts.token);
  for (const [k, v] of Object.entries(opts.headers)) {
    if (!isSecretHeader(k, opts.secretHeaders ?? [])) continue;
    out.push(v);
    // "Bearer abc", "Basic abc": the credential after the scheme, wherever it appears alone.
    const cred = /^\w+\s+(\S.*)$/.exec(v)?.[1];
    if (cred) out.push(cred);
  }
  return out;
}
const KEY_CACHE = 4096;
const KEY_CACHE_MAX_LENGTH = 128;

/**
 * A secret and the forms a target may echo it in: percent-encoded (upper- and lower-case hex), base64 and base64url
 * (with and without padding), and escaped inside a JSON string. Only whole encodings of the secret are found: its
 * bytes base64-encoded inside a longer value shift with what precedes them.
 */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const pct = encodeURIComponent(secret);
  const b64 = bytes.toString('base64');
  return [
    secret,
    pct,
    pct.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    b64,
    b64.replace(/=+$/, ''),
    bytes.toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
  ].filter((form) => form.length >= 4);
}

/**
 * The redactor: strings have every secret replaced by REDACTED, object keys too, and a string under a sensitive
 * header name (`authorization`, `cookie`, ...) keeps only its scheme (`Bearer <redacted>`).
 *
 * Copy on write: a plain object or array with nothing to redact anywhere inside comes back as the same object; only
 * what changes is copied (with its unchanged parts shared). Every case of a run passes through here several times
 * (request, response, read-back, then each event for each reporter), and almost none of it holds a secret. Objects
 * that are not plain (class instances, null prototype) and objects with an own `__proto__` key are copied as before:
 * a fresh object built key by key with `out[key] = value`.
 */
export function createRedactor(secrets: Array<string | undefined>, markedHeaders: readonly string[] = []): Redactor {
  const sensitiveKey = (key: string): boolean => isSecretHeader(key, markedHeaders);
  const given = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const list = [...new Set(given.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
  // A text shorter than the shortest secret cannot hold one.
  const shortest = list.reduce((n, s) => Math.min(n, s.length), Infinity);
  const scrub = (text: string): string => {
    if (text.length < shortest) return text;
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
  // Keys are few and come back all the time (property and header names): what scrub makes of a key, and whether it
  // names a sensitive header, is remembered: keys of up to KEY_CACHE_MAX_LENGTH characters, KEY_CACHE of them at most
  // (then the memory starts over), so whatever a target sends, this stays small.
  const keyMemo = new Map<string, { scrubbed: string; sensitive: boolean }>();
  const keyInfo = (key: string): { scrubbed: string; sensitive: boolean } => {
    let info = keyMemo.get(key);
    if (info === undefined) {
      info = { scrubbed: scrub(key), sensitive: sensitiveKey(key) };
      if (key.length <= KEY_CACHE_MAX_LENGTH) {
        if (keyMemo.size >= KEY_CACHE) keyMemo.clear();
        keyMemo.set(key, info);
      }
    }
    return info;
  };
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key && keyInfo(key).sensitive ? redactHeaderValue(value) : scrub(value);
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) continue; // a hole stays a hole (as Array.prototype.map leaves it)
        const v: unknown = value[i];
        const w = walk(v);
        if (out === undefined && w !== v) out = value.slice();
        if (out !== undefined) out[i] = w;
      }
      return out ?? value;
    }
    if (value && typeof value === 'object') {
      const source = value as Record<string, unknown>;
      const keys = Object.keys(source);
      let out: Record<string, unknown> | undefined = Object.getPrototypeOf(value) === Object.prototype ? undefined : {};
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const v = source[k];
        const sk = keyInfo(k).scrubbed;
        const w = walk(v, k);
        if (out === undefined && (sk !== k || w !== v || k === '__proto__')) {
          out = {};
          // Every key before this one is unchanged and none is __proto__.
          for (let j = 0; j < i; j++) out[keys[j] as string] = source[keys[j] as string];
        }
        if (out !== undefined) out[sk] = w;
      }
      return out ?? value;
    }
    return value;
  };
  return <T>(value: T): T => walk(value) as T;
}

function redactHeaderValue(value: string): string {
  const scheme = /^(\w+)\s+/.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}
