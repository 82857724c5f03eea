import fc from 'fast-check';
import { isDateTimeOffset, parseDateTimeOffset } from '../specs/edm';
import { schemaFile } from './schema';
import { dateTimeOffset } from './dateTimeOffset';

const checkinDateTime = (
  schemaFile('officeClientCheckinStatus.request.schema.json')['properties'] as Record<string, Record<string, string>>
)['checkinDateTime'];
const pattern = new RegExp(checkinDateTime?.['pattern'] ?? '(?!)');
const utcYear = (picos: bigint): number => new Date(Number(picos / 1_000_000_000n)).getUTCFullYear();

describe('dateTimeOffset', () => {
  const values = fc.sample(dateTimeOffset(), { numRuns: 1000, seed: 11 });
  const parsed = values.map((v) => ({ ...v, edm: parseDateTimeOffset(v.text) }));

  test('every text is an Edm.DateTimeOffset (edm.ts and the schema pattern) and denotes its paired instant', () => {
    for (const v of parsed) {
      expect(isDateTimeOffset(v.text)).toBe(true);
      expect(pattern.test(v.text)).toBe(true);
      expect(v.edm?.picos).toBe(v.picos);
    }
  });

  test('covers fractional digits 0, 7 and beyond 7, Z and offsets up to ±14:00', () => {
    const digits = new Set(parsed.map((v) => v.edm?.fractionDigits));
    for (const d of [0, 1, 7, 8, 12]) expect(digits).toContain(d);
    expect(parsed.filter((v) => (v.edm?.fractionDigits ?? 0) <= 7).length).toBeGreaterThan(parsed.length / 2);
    expect(values.some((v) => v.text.endsWith('Z'))).toBe(true);
    expect(values.some((v) => v.text.endsWith('-00:00'))).toBe(true);
    const offsets = parsed.map((v) => v.edm?.offsetMinutes ?? 0);
    expect(offsets.every((m) => Math.abs(m) <= 840)).toBe(true);
    expect(offsets).toContain(840);
    expect(offsets).toContain(-840);
    expect(values.some((v) => /T\d\d:\d\d(Z|[+-])/.test(v.text))).toBe(true); // seconds left out
  });

  test('covers leap days, month ends and year boundaries', () => {
    expect(values.some((v) => v.text.includes('-02-29T'))).toBe(true);
    for (const end of ['-01-31T', '-04-30T', '-12-31T', '-02-28T'])
      expect(values.some((v) => v.text.includes(end))).toBe(true);
    // The local year differs from the UTC year: the offset carries the instant across New Year.
    expect(values.some((v) => utcYear(v.picos) !== Number(v.text.slice(0, 4)))).toBe(true);
    expect(values.some((v) => v.text.startsWith('0001-'))).toBe(true);
    expect(values.some((v) => v.text.startsWith('9999-'))).toBe(true);
    expect(values.every((v) => utcYear(v.picos) >= 1 && utcYear(v.picos) <= 9999)).toBe(true);
  });

  test('constraints narrow digits, seconds and offsets', () => {
    const xs = fc.sample(dateTimeOffset({ maxFractionDigits: 3, allowNoSeconds: false, maxOffsetMinutes: 0 }), {
      numRuns: 300,
      seed: 12,
    });
    for (const { text } of xs) {
      const edm = parseDateTimeOffset(text);
      expect(edm?.fractionDigits).toBeLessThanOrEqual(3);
      expect(edm?.offsetMinutes === 0).toBe(true); // -00:00 parses as -0
      expect(text).toMatch(/T\d\d:\d\d:\d\d/);
    }
  });
});
