/**
 * What a pact's expectation accepts, as `pact check` reads it: the statuses of an expected response (the example, or
 * a V4 `statusCode` matcher) and the values a body's matching rule accepts (where that can be told here).
 */
import type { Matcher, MatcherRule, PactResponse } from './check-pact';

// ---------------------------------------------------------------------------------------------------------------
// Matchers.

function safeRegex(source: unknown): RegExp | undefined {
  if (typeof source !== 'string') return undefined;
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

export function describeMatcher(m: Matcher): string {
  return m.match === 'regex' ? `regex ${String(m['regex'])}` : `${m.match} matcher`;
}

/** Whether a matcher accepts a value; undefined when it cannot be told here (dates in Java formats, ...). */
function matcherAccepts(m: Matcher, v: unknown): boolean | undefined {
  switch (m.match) {
    case 'regex': {
      const re = safeRegex(m['regex']);
      if (!re) return undefined;
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? re.test(String(v)) : false;
    }
    case 'include':
      return typeof v === 'string' && v.includes(String(m['value']));
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'decimal':
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return undefined;
  }
}

/** The combined verdict of a rule's matchers on a value (AND: every one that can tell; OR: any). */
export function ruleAccepts(rule: MatcherRule, v: unknown): { ok: boolean; failed?: Matcher } {
  const verdicts = rule.matchers.map((m) => ({ m, ok: matcherAccepts(m, v) }));
  const told = verdicts.filter((x) => x.ok !== undefined);
  if (told.length === 0) return { ok: true };
  if (rule.combine === 'OR') return told.some((x) => x.ok) ? { ok: true } : { ok: false, failed: told[0]?.m };
  const bad = told.find((x) => !x.ok);
  return bad ? { ok: false, failed: bad.m } : { ok: true };
}

export const isTypeRule = (r: MatcherRule): boolean => r.matchers.some((m) => m.match === 'type');
export const isEqualityRule = (r: MatcherRule): boolean => r.matchers.every((m) => m.match === 'equality');

// ---------------------------------------------------------------------------------------------------------------
// Statuses.

const CLASS_RANGES: Record<string, Array<[number, number]>> = {
  information: [[100, 199]],
  success: [[200, 299]],
  redirect: [[300, 399]],
  clientError: [[400, 499]],
  serverError: [[500, 599]],
  nonError: [[100, 399]],
  error: [[400, 599]],
};

/** Whether the expected response accepts a status code (a V4 statusCode matcher, or exactly the status). */
export function acceptsStatus(res: PactResponse, code: number): boolean {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string' && CLASS_RANGES[s]) return CLASS_RANGES[s].some(([a, b]) => code >= a && code <= b);
  if (Array.isArray(s)) return s.some((x) => Number(x) === code);
  return res.status === code;
}

/** Every status the expectation accepts lies in [lo, hi]. */
export function acceptsOnly(res: PactResponse, lo: number, hi: number): boolean {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string' && CLASS_RANGES[s]) return CLASS_RANGES[s].every(([a, b]) => a >= lo && b <= hi);
  if (Array.isArray(s)) return s.length > 0 && s.every((x) => Number(x) >= lo && Number(x) <= hi);
  return res.status >= lo && res.status <= hi;
}

/** Some 2xx is accepted. */
export function accepts2xx(res: PactResponse): boolean {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string' && CLASS_RANGES[s]) return CLASS_RANGES[s].some(([a, b]) => a <= 299 && b >= 200);
  if (Array.isArray(s)) return s.some((x) => Number(x) >= 200 && Number(x) <= 299);
  return res.status >= 200 && res.status <= 299;
}

/** The expectation is about a refusal: only 4xx, or the `error` class (4xx or 5xx). */
export function expectsRefusal(res: PactResponse): boolean {
  return acceptsOnly(res, 400, 499) || res.statusMatcher?.['status'] === 'error';
}

export function describeExpectedStatus(res: PactResponse): string {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string') return `any ${s} status (${res.status} as the example)`;
  if (Array.isArray(s)) return `one of ${s.map(String).join(', ')}`;
  return String(res.status);
}
