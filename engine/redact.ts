/** Replaces every secret (tokens) wherever it appears: headers, bodies a target echoed, URLs, messages. */
export type Redactor = <T>(value: T) => T;

export const REDACTED = '<redacted>';

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

export function createRedactor(secrets: Array<string | undefined>): Redactor {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  const scrub = (text: string): string => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string')
      return key && SENSITIVE_HEADERS.has(key.toLowerCase()) ? redactHeaderValue(value) : scrub(value);
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[scrub(k)] = walk(v, k);
      return out;
    }
    return value;
  };
  return <T>(value: T): T => walk(value) as T;
}

function redactHeaderValue(value: string): string {
  const scheme = /^(\w+)\s+/.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}
