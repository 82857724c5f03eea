/**
 * Test support only (imported by specs/abnf/*.test.ts, never by the suite): the OData ABNF 4.01 construction rules
 * compiled at test time with apg-js, the way OASIS checks its own test cases, so the grammar can judge our
 * Edm.DateTimeOffset code, the schema patterns and the generators independently of all of them.
 *
 * The grammar and the test cases are read from ../shared/odata-abnf beside the clone and never copied into the
 * project (see that folder's SOURCE.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apgApi, apgLib } from 'apg-js';
import { parse } from 'yaml';

export const ABNF_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'odata-abnf');
export const RULES_FILE = 'odata-abnf-construction-rules.txt';
export const TEST_CASES_FILE = 'odata-abnf-testcases.yaml';

export interface Oracle {
  /** True when the whole `input` is a `rule` of the grammar. Rule names are case-insensitive, as in ABNF. */
  matches(rule: string, input: string): boolean;
  /** Where the parse of an input that is not a `rule` stopped (the furthest character reached); undefined on a match. */
  failAt(rule: string, input: string): number | undefined;
  /** Every rule the grammar defines, as it spells them. */
  readonly ruleNames: readonly string[];
}

/**
 * Compiles the whole grammar file once (under a second here). What is changed before apg-js sees the text, and why:
 *
 * - Line endings are made CRLF. OASIS compiles with `apg --strict` (RFC 5234 and RFC 7405 only, no apg extensions),
 *   and apg-js's strict mode also insists on CRLF after every line, the last one included. The OASIS copy already
 *   has CRLF; a clone or copy that turned it into LF would otherwise fail to compile for a reason unrelated to the
 *   rules.
 * - Nothing else: the file carries its own copy of the RFC 5234 core rules it uses (section "C. ABNF core
 *   definitions": ALPHA, DIGIT, HEXDIG, DQUOTE, SP, HTAB, VCHAR), so no core rule needs adding, and no rule needs
 *   extracting since the whole grammar compiles in strict mode.
 *
 * How apg-js matches (worth knowing when reading a result): it is a recursive-descent parser, so an alternation takes
 * its first matching alternative and a repetition is greedy, without backtracking into either. The OASIS test cases
 * are run with the same parser, so this is the reading of the grammar OASIS itself checks; for the date and time
 * rules the alternatives never share a prefix that matters (`second = zeroToFiftyNine / "60"`, `1*12DIGIT` before a
 * non-digit), so it is also the plain ABNF reading. Quoted strings are case-insensitive, as RFC 5234 says ("T" also
 * matches "t"); only `%s"..."` strings (RFC 7405) are case-sensitive.
 *
 * Returns undefined when the folder or the grammar file is missing; throws when the grammar does not compile.
 */
export function loadOracle(dir: string = ABNF_DIR): Oracle | undefined {
  const file = join(dir, RULES_FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').replace(/\r?\n|\r/g, '\r\n');
  const api = new apgApi(text.endsWith('\r\n') ? text : `${text}\r\n`);
  api.generate(true);
  if (api.errors.length > 0) throw new Error(`${file} does not compile with apg-js --strict:\n${api.errorsToAscii()}`);
  const grammar = api.toObject();
  const ruleNames = grammar.rules.map((r) => r.name);
  const known = new Set(grammar.rules.map((r) => r.lower));
  const parser = new apgLib.parser();
  const run = (rule: string, input: string): { success: boolean; maxMatched: number } => {
    // apg-js would throw too, but with a message that does not say which grammar file lacks the rule.
    if (!known.has(rule.toLowerCase())) throw new Error(`${RULES_FILE} has no rule named ${rule}`);
    return parser.parse(grammar, rule, input);
  };
  return {
    ruleNames,
    matches: (rule, input) => run(rule, input).success,
    failAt: (rule, input) => {
      const r = run(rule, input);
      return r.success ? undefined : r.maxMatched;
    },
  };
}

export interface AbnfTestCase {
  name: string;
  rule: string;
  input: string;
  /** Set on a negative case: the input must not match, and the invalid part starts at this character. */
  failAt?: number;
}

/**
 * The OASIS test cases (odata-abnf-testcases.yaml, key `TestCases`); undefined when the file is missing.
 *
 * Read with YAML's failsafe schema, so every scalar stays the text that is written: with the default schema an
 * input such as `0123456789` would become the number 123456789 and lose its leading zero.
 */
export function loadTestCases(dir: string = ABNF_DIR): AbnfTestCase[] | undefined {
  const file = join(dir, TEST_CASES_FILE);
  if (!existsSync(file)) return undefined;
  const doc = parse(readFileSync(file, 'utf8'), { schema: 'failsafe' }) as unknown;
  const cases = isRecord(doc) ? doc['TestCases'] : undefined;
  if (!Array.isArray(cases)) throw new Error(`${file} has no TestCases list`);
  return cases.map((c: unknown, i): AbnfTestCase => {
    if (!isRecord(c)) throw new Error(`${file}: test case ${i} is not a mapping`);
    const { Name: name, Rule: rule, Input: input, FailAt: failAt } = c;
    if (typeof name !== 'string' || typeof rule !== 'string' || typeof input !== 'string')
      throw new Error(`${file}: test case ${i} lacks a Name, Rule or Input text`);
    if (failAt === undefined) return { name, rule, input };
    if (typeof failAt !== 'string' || !/^\d+$/.test(failAt))
      throw new Error(`${file}: test case ${i} (${name}) has a FailAt that is not a number`);
    return { name, rule, input, failAt: Number(failAt) };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The pieces of a text that matches `dateTimeOffsetValue`, split by hand (not with the project's regular
 * expressions): `[-]YYYY...-MM-DDThh:mm[:ss[.f...]](Z|±hh:mm)`, with "T" and "Z" in either case. Undefined when the
 * text does not have that shape; callers ask the grammar first.
 */
export function splitDateTimeOffset(
  text: string,
): { year: bigint; month: number; day: number; second?: number } | undefined {
  const t = text.search(/[Tt]/);
  if (t < 0) return undefined;
  const date = text.slice(0, t);
  const time = text.slice(t + 1);
  // The date ends in -MM-DD; everything before that (a sign and four or more digits) is the year.
  const yearText = date.slice(0, -6);
  if (date.length < 10 || date[date.length - 6] !== '-' || date[date.length - 3] !== '-') return undefined;
  if (!/^-?\d+$/.test(yearText)) return undefined;
  const month = Number(date.slice(-5, -3));
  const day = Number(date.slice(-2));
  // The time is hh:mm then, when a ':' follows, two digits of seconds.
  const second = time[5] === ':' ? Number(time.slice(6, 8)) : undefined;
  return second === undefined ? { year: BigInt(yearText), month, day } : { year: BigInt(yearText), month, day, second };
}

/** Proleptic Gregorian leap years, exact for any year (year 0 and negative years included: -4, 0, 400 are leap). */
export function isLeapYear(year: bigint): boolean {
  return year % 4n === 0n && (year % 100n !== 0n || year % 400n === 0n);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month 1..12 of a proleptic Gregorian year. */
export function daysInMonth(year: bigint, month: number): number {
  const days = DAYS_IN_MONTH[month - 1];
  if (days === undefined) throw new Error(`month ${month} is not 1..12`);
  return month === 2 && isLeapYear(year) ? 29 : days;
}

/**
 * Whether a text that matches `dateTimeOffsetValue` names a real calendar day. The grammar already bounds month to
 * 01-12, day to 01-31, hour to 00-23, minute and the offset's minutes to 00-59, and second to 00-60; what it cannot
 * know is how many days a month has, which is all this adds.
 */
export function isCalendarValid(text: string): boolean {
  const parts = splitDateTimeOffset(text);
  if (!parts || parts.month < 1 || parts.month > 12) return false;
  return parts.day >= 1 && parts.day <= daysInMonth(parts.year, parts.month);
}

/** True when the text writes second 60 (a leap second, which the grammar allows in any minute). */
export function isLeapSecond(text: string): boolean {
  return splitDateTimeOffset(text)?.second === 60;
}
