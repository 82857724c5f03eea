/**
 * The OData ABNF 4.01 grammar (../shared/odata-abnf, compiled with apg-js as OASIS does) as an independent oracle for
 * Edm.DateTimeOffset: it judges specs/edm.ts, the schema patterns and the generators. A disagreement is a finding,
 * and the test that meets one fails and names the text.
 */
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { isDateTimeOffset } from '../edm';
import { readSchemas } from '../loader';
import { EDGE_TEXTS, nearDateTimeOffset } from './corpus';
import {
  ABNF_DIR,
  isCalendarValid,
  isLeapSecond,
  loadOracle,
  loadTestCases,
  type AbnfTestCase,
  type Oracle,
} from './oracle';

const haveAbnf = existsSync(ABNF_DIR);

if (!haveAbnf) {
  // Loud, not silent: outside this workplace the grammar folder is not beside the clone.
  console.warn(`ABNF oracle test: ${ABNF_DIR} not found; set it up beside the clone to run the grammar checks`);
  if (process.env['CI']) throw new Error(`ABNF oracle test needs ${ABNF_DIR}; CI must have it beside the clone`);
}

const DTO = 'dateTimeOffsetValue';
const SEED = 20240229;
const CORPUS_SIZE = 3000;

/** The date and time rules whose OASIS test cases the oracle must get right (only those present are run). */
const DATE_TIME_RULES = new Set(
  [
    DTO,
    'dateTimeOffsetLiteral',
    'dateTimeOffsetValueInUrl',
    'date',
    'dateValue',
    'timeOfDayValue',
    'timeOfDayLiteral',
    'year',
    'month',
    'day',
    'hour',
    'minute',
    'second',
    'fractionalSeconds',
    'zeroToFiftyNine',
    'oneToNine',
  ].map((r) => r.toLowerCase()),
);

/** A text short enough for a failure message (a 400-digit year is cut), control characters visible. */
function show(text: string): string {
  const cut = text.length > 60 ? `${text.slice(0, 30)}…${text.slice(-25)} (${text.length} chars)` : text;
  return JSON.stringify(cut);
}

/** What kind of text a finding is about, so a failure names each kind once with a few examples. */
function kindOf(text: string): string {
  const year = /^-?([0-9]+)-/.exec(text)?.[1] ?? '';
  if (/[tz]/.test(text)) return 'lower-case "t" or "z" (RFC 5234 quoted strings are case-insensitive)';
  if (year.length > 15) return 'a year past 2^53 (a double no longer holds every digit)';
  return 'other';
}

/** Findings grouped by kind: the count and the first few texts of each. */
function byKind(
  findings: readonly { text: string; detail: string }[],
): Record<string, { count: number; examples: string[] }> {
  const out: Record<string, { count: number; examples: string[] }> = {};
  for (const f of findings) {
    const group = (out[kindOf(f.text)] ??= { count: 0, examples: [] });
    group.count += 1;
    if (group.examples.length < 5) group.examples.push(`${show(f.text)}: ${f.detail}`);
  }
  return out;
}

describe('oracle support without the grammar', () => {
  test('a missing folder gives undefined, not a throw', () => {
    expect(loadOracle('/nonexistent/odata-abnf')).toBeUndefined();
    expect(loadTestCases('/nonexistent/odata-abnf')).toBeUndefined();
  });

  test('the calendar check: Gregorian leap years, days per month, exact for any year', () => {
    expect(isCalendarValid('2023-02-29T00:00Z')).toBe(false);
    expect(isCalendarValid('2024-02-29T00:00Z')).toBe(true);
    expect(isCalendarValid('1900-02-29T00:00Z')).toBe(false);
    expect(isCalendarValid('2000-02-29T00:00Z')).toBe(true);
    expect(isCalendarValid('0000-02-29T00:00Z')).toBe(true);
    expect(isCalendarValid('-0004-02-29T00:00Z')).toBe(true);
    expect(isCalendarValid('-0100-02-29T00:00Z')).toBe(false);
    expect(isCalendarValid('2023-04-31T00:00Z')).toBe(false);
    expect(isCalendarValid('2023-12-31t00:00z')).toBe(true);
    expect(isCalendarValid('9007199254740993-02-29T00:00Z')).toBe(false); // odd, whatever a double makes of it
    expect(isCalendarValid('9007199254740996-02-29T00:00Z')).toBe(true);
    expect(isLeapSecond('1972-06-30T23:59:60Z')).toBe(true);
    expect(isLeapSecond('1972-06-30T23:59:60.5+01:00')).toBe(true);
    expect(isLeapSecond('1972-06-30T23:59Z')).toBe(false);
    expect(isLeapSecond('1972-06-30T23:60Z')).toBe(false);
  });
});

(haveAbnf ? describe : describe.skip)('OData ABNF oracle (../shared/odata-abnf)', () => {
  // Compiled in beforeAll, not in the describe body: jest runs a skipped describe's body too.
  let oracle: Oracle;
  let cases: AbnfTestCase[] = [];
  let corpus: string[] = [];
  const grammarValid = (text: string): boolean => oracle.matches(DTO, text);
  /** The Edm.DateTimeOffset the grammar and a calendar agree on. */
  const expected = (text: string): boolean => grammarValid(text) && isCalendarValid(text);

  beforeAll(() => {
    const loaded = loadOracle();
    const tc = loadTestCases();
    if (!loaded || !tc) throw new Error(`${ABNF_DIR} lacks the grammar or the test cases`);
    oracle = loaded;
    cases = tc;
    const oasisDto = cases.filter((c) => /dateTimeOffset/i.test(c.rule) || c.name.startsWith('DateTimeOffset'));
    const mutated = fc.sample(nearDateTimeOffset, { numRuns: CORPUS_SIZE, seed: SEED });
    corpus = [...new Set([...oasisDto.map((c) => c.input), ...EDGE_TEXTS, ...mutated])];
  });

  describe('the oracle is sane', () => {
    test('the grammar compiles with the date and time rules', () => {
      const names = new Set(oracle.ruleNames);
      for (const r of [DTO, 'date', 'timeOfDayValue', 'year', 'month', 'day', 'hour', 'minute', 'second'])
        expect(names).toContain(r);
      expect(names).toContain('fractionalSeconds');
    });

    test('every OASIS test case of a date or time rule gives the result it demands', () => {
      const picked = cases.filter((c) => DATE_TIME_RULES.has(c.rule.toLowerCase()));
      const wrong = picked.flatMap((c) => {
        const got = oracle.failAt(c.rule, c.input);
        if (c.failAt === undefined)
          return got === undefined ? [] : [`${c.name}: ${c.rule} ${show(c.input)} must match, fails at ${got}`];
        if (got === undefined) return [`${c.name}: ${c.rule} ${show(c.input)} must fail at ${c.failAt}, matches`];
        return got === c.failAt ? [] : [`${c.name}: ${c.rule} ${show(c.input)} fails at ${got}, not ${c.failAt}`];
      });
      const byRule = new Map<string, number>();
      for (const c of picked) byRule.set(c.rule, (byRule.get(c.rule) ?? 0) + 1);
      console.log(
        `ABNF oracle: ${picked.length} OASIS date/time cases (${picked.filter((c) => c.failAt !== undefined).length} ` +
          `negative) of ${cases.length}; by rule: ${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')}`,
      );
      expect(wrong).toEqual([]);
      expect(byRule.get(DTO) ?? 0).toBeGreaterThanOrEqual(10);
    });

    test('the grammar reads as SOURCE.md says', () => {
      expect(grammarValid('1972-06-30T23:59:60Z')).toBe(true); // second = zeroToFiftyNine / "60"
      expect(grammarValid('0000-01-01T00:00Z')).toBe(true);
      expect(grammarValid('-10000-04-01T00:00Z')).toBe(true);
      expect(grammarValid('2012-09-03T13:52Z')).toBe(true); // seconds optional
      expect(grammarValid('2012-09-03T13:52:00.123456789012Z')).toBe(true); // 1*12DIGIT
      expect(grammarValid('2012-09-03T13:52:00.1234567890123Z')).toBe(false);
      expect(grammarValid('2012-09-03T24:00Z')).toBe(false);
      expect(grammarValid('02012-09-03T13:52Z')).toBe(false); // a longer year has no leading zero
      // RFC 5234: a quoted string is case-insensitive, so "T" and "Z" match "t" and "z" too (RFC 3339 says the same).
      expect(grammarValid('2012-09-03t13:52z')).toBe(true);
      // The grammar bounds fields, not the calendar: that is isCalendarValid's part.
      expect(grammarValid('2023-02-29T00:00Z')).toBe(true);
      expect(grammarValid('2023-04-31T00:00Z')).toBe(true);
    });
  });

  describe('specs/edm.ts isDateTimeOffset agrees with grammar AND calendar', () => {
    test.each(['1972-06-30T23:59:60Z', '0000-01-01T00:00Z', '-10000-04-01T00:00Z'])('%s is one for both', (text) => {
      expect(expected(text)).toBe(true);
      expect(isDateTimeOffset(text)).toBe(true);
    });

    test(`on the OASIS inputs, edge texts and ${CORPUS_SIZE} mutated texts`, () => {
      const disagreements: { text: string; detail: string }[] = [];
      let valid = 0;
      for (const text of corpus) {
        const want = expected(text);
        if (want) valid += 1;
        let got: boolean | string;
        try {
          got = isDateTimeOffset(text);
        } catch (e) {
          got = `threw ${(e as Error).name}: ${(e as Error).message}`;
        }
        if (got !== want)
          disagreements.push({
            text,
            detail: `grammar ${grammarValid(text)}, calendar ${isCalendarValid(text)}, isDateTimeOffset ${String(got)}`,
          });
      }
      console.log(
        `ABNF oracle: isDateTimeOffset on ${corpus.length} texts (${valid} valid): ${disagreements.length} disagreements`,
      );
      expect(valid).toBeGreaterThan(corpus.length / 10);
      expect(valid).toBeLessThan(corpus.length);
      expect(byKind(disagreements)).toEqual({});
    });
  });

  describe('schema patterns at date-time positions', () => {
    /** Every `pattern` beside `"format": "date-time"` in specs/schemas/*.json, with the files that use it. */
    function dateTimePatterns(): Map<string, string[]> {
      const found = new Map<string, string[]>();
      const walk = (node: unknown, file: string): void => {
        if (Array.isArray(node)) return node.forEach((n) => walk(n, file));
        if (typeof node !== 'object' || node === null) return;
        const rec = node as Record<string, unknown>;
        if (rec['format'] === 'date-time' && typeof rec['pattern'] === 'string')
          found.set(rec['pattern'], [...(found.get(rec['pattern']) ?? []), file]);
        Object.values(rec).forEach((v) => walk(v, file));
      };
      for (const [file, schema] of readSchemas()) walk(schema, file);
      return found;
    }

    test('accept exactly what grammar and calendar accept (no April 31, February 29 only in leap years)', () => {
      const patterns = dateTimePatterns();
      expect(patterns.size).toBeGreaterThan(0);
      const wrong: { text: string; detail: string }[] = [];
      for (const [source, files] of patterns) {
        const re = new RegExp(source, 'u'); // as ajv compiles `pattern`
        for (const text of corpus) {
          const accepted = re.test(text);
          if (accepted !== expected(text))
            wrong.push({
              text,
              detail: `${accepted ? 'accepted' : 'rejected'} by the pattern of ${files[0]} (grammar ${grammarValid(text)}, calendar ${isCalendarValid(text)})`,
            });
        }
        console.log(
          `ABNF oracle: date-time pattern in ${files.length} schemas, ${corpus.length} texts: ${wrong.length} disagreements`,
        );
      }
      expect(byKind(wrong)).toEqual({});
      // The dates a looser pattern let through, each refused by the pattern alone (no format check needed).
      for (const source of patterns.keys())
        for (const text of ['0641-06-31T00:00Z', '2023-02-29T00:00Z', '1900-02-29T00:00Z', '2023-04-31T00:00Z'])
          expect({ text, accepted: new RegExp(source, 'u').test(text) }).toEqual({ text, accepted: false });
    });
  });
});
