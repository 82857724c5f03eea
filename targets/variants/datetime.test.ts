import fc from 'fast-check';
import { parseDateTimeOffset } from '../../specs/edm';
import { formatInstant, readDotNet, roundToTick, truncateFraction } from './datetime';

/** What microsoft-stack writes for a text: rounded to the tick, at its offset (or in UTC). */
function odl(text: string, utc = false): string | undefined {
  const r = readDotNet(text);
  return r?.held ? formatInstant(r.picos, utc ? 0 : r.offsetMinutes, 'ticks') : undefined;
}

describe('readDotNet + formatInstant: what an OData .NET service writes back', () => {
  test.each([
    ['2016-12-31T23:56:33.123456789012-07:00', '2016-12-31T23:56:33.1234568-07:00'],
    ['2016-12-31T23:56:33.9571764-08:00', '2016-12-31T23:56:33.9571764-08:00'],
    ['2016-12-31T23:56:33.12345674-08:00', '2016-12-31T23:56:33.1234567-08:00'],
    ['2016-12-31T23:56:33.12345675-08:00', '2016-12-31T23:56:33.1234568-08:00'],
    ['2016-12-31T23:56:33.10-08:00', '2016-12-31T23:56:33.1-08:00'],
    ['2016-12-31T23:56:33.000-08:00', '2016-12-31T23:56:33-08:00'],
    ['2016-12-31T23:56-08:00', '2016-12-31T23:56:00-08:00'],
    ['2024-06-01T12:00:00-00:00', '2024-06-01T12:00:00Z'],
    // The half tick carries into seconds, minutes, hours, days, months and years.
    ['2016-12-31T23:59:59.99999995-07:00', '2017-01-01T00:00:00-07:00'],
    ['2024-02-28T23:59:59.999999999999Z', '2024-02-29T00:00:00Z'],
    ['0001-01-01T00:00:00.00000004Z', '0001-01-01T00:00:00Z'],
    // More than 12 digits (xsd:dateTime): read, rounded to 7.
    ['2016-12-31T23:56:33.1234567890123456-07:00', '2016-12-31T23:56:33.1234568-07:00'],
    ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.9999999Z'],
  ])('%s -> %s', (sent, written) => {
    expect(odl(sent)).toBe(written);
  });

  test('in UTC: the same instant with Z', () => {
    expect(odl('2016-12-31T23:56:33.123456789012-07:00', true)).toBe('2017-01-01T06:56:33.1234568Z');
    expect(odl('2024-06-01T01:00:00.00000005+14:00', true)).toBe('2024-05-31T11:00:00.0000001Z');
  });

  test.each([
    ['2016-12-31T23:59:60Z', /leap second/],
    ['0000-06-01T00:00:00Z', /year 0000/],
    ['-0001-06-01T00:00:00Z', /year -0001/],
    ['10000-01-01T00:00:00Z', /year 10000/],
    ['2024-06-01T12:00:00+14:30', /beyond ±14:00/],
    ['2024-06-01T12:00:00-23:59', /beyond ±14:00/],
    ['0001-01-01T00:00:00+01:00', /in UTC/],
    ['9999-12-31T23:00:00-01:00', /in UTC/],
    ['9999-12-31T23:59:59.99999995Z', /in UTC/],
    ['9999-12-31T23:59:59.99999995+01:00', /in local time/],
  ])('%s cannot be held by .NET', (text, reason) => {
    const r = readDotNet(text);
    expect(r?.held).toBe(false);
    expect(r && !r.held ? r.reason : '').toMatch(reason);
  });

  test.each([
    '2021-02-30T00:00:00Z',
    '2021-01-01T24:00:00Z',
    '2021-01-01T00:00:00',
    '2021-01-01 00:00:00Z',
    '2021-01-01T00:00:00.Z',
    '21-01-01T00:00:00Z',
    'yesterday',
  ])('%s is no DateTimeOffset at all: undefined (the schema refuses it)', (text) => {
    expect(readDotNet(text)).toBeUndefined();
  });

  test('every written value is a DateTimeOffset less than half a tick from the sent one', () => {
    const text = fc
      .tuple(
        fc.integer({ min: 1, max: 9998 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.stringMatching(/^\d{1,14}$/),
        fc.integer({ min: -840, max: 840 }),
      )
      .map(([y, mo, d, h, mi, s, frac, off]) => {
        const p = (n: number, w = 2): string => String(n).padStart(w, '0');
        const zone =
          off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${p(Math.trunc(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
        return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}.${frac}${zone}`;
      });
    fc.assert(
      fc.property(text, (t) => {
        const written = odl(t);
        if (written === undefined) return true; // out of range after the offset: refused, judged above
        const sent = parseDateTimeOffset(t.replace(/\.(\d{12})\d+/, '.$1'));
        const got = parseDateTimeOffset(written);
        if (!sent || !got) return false;
        const diff = sent.picos > got.picos ? sent.picos - got.picos : got.picos - sent.picos;
        return diff <= 50_000n && got.offsetMinutes === sent.offsetMinutes && got.picos % 100_000n === 0n;
      }),
    );
  });
});

describe('roundToTick and truncateFraction', () => {
  test('a half tick rounds away from zero (counted from 0001-01-01)', () => {
    expect(roundToTick(49_999n)).toBe(0n);
    expect(roundToTick(50_000n)).toBe(100_000n);
    // Before 1970 but after year 1 a half tick still rounds up (toward the later instant)...
    expect(roundToTick(-50_000n)).toBe(0n);
    expect(roundToTick(-150_001n)).toBe(-200_000n);
    // ...and before year 1 (which .NET never holds) away from it, symmetrically.
    const year1 = -62_135_596_800n * 1_000_000_000_000n;
    expect(roundToTick(year1 - 50_000n)).toBe(year1 - 100_000n);
  });

  test('truncateFraction cuts digits, never rounds or carries', () => {
    expect(truncateFraction('2016-12-31T23:59:59.99999999Z', 7)).toBe('2016-12-31T23:59:59.9999999Z');
    expect(truncateFraction('2016-12-31T23:59:59.9999-08:00', 3)).toBe('2016-12-31T23:59:59.999-08:00');
    expect(truncateFraction('2016-12-31T23:59:59.12-08:00', 3)).toBe('2016-12-31T23:59:59.12-08:00');
    expect(truncateFraction('2016-12-31T23:59-08:00', 3)).toBe('2016-12-31T23:59-08:00');
    expect(truncateFraction('2016-12-31T23:59:59.5Z', 0)).toBe('2016-12-31T23:59:59Z');
  });

  test('formatInstant writes the digits asked for, and years before 1 with a sign', () => {
    const p = parseDateTimeOffset('2017-01-01T06:56:33.123456789012Z');
    expect(p && formatInstant(p.picos, -420, 12)).toBe('2016-12-31T23:56:33.123456789012-07:00');
    expect(p && formatInstant(p.picos, 0, 0)).toBe('2017-01-01T06:56:33Z');
    const early = parseDateTimeOffset('-0001-03-01T00:00:00Z');
    expect(early && formatInstant(early.picos, 0, 3)).toBe('-0001-03-01T00:00:00.000Z');
  });
});
