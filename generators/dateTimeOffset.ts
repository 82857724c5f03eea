import fc from 'fast-check';
import { memoize } from './memo';

export interface DateTimeOffsetConstraints {
  /** Earliest year, local and UTC; default 1 (.NET's DateTimeOffset cannot go lower). */
  minYear?: number;
  /** Latest year, local and UTC; default 9999. */
  maxYear?: number;
  /** Most fractional-second digits; default 12 (the OData ABNF limit). 0 to 7 dominate, as Graph writes 7. */
  maxFractionDigits?: number;
  /** Also write `hh:mm` without seconds, which the OData ABNF allows; default true. */
  allowNoSeconds?: boolean;
  /** Largest |offset| in minutes; default 840 (±14:00, the real-world range). */
  maxOffsetMinutes?: number;
}

/** An Edm.DateTimeOffset as written on the wire and the instant it denotes, so checks can compare round trips. */
export interface DateTimeOffsetValue {
  text: string;
  /** Picoseconds since 1970-01-01T00:00:00Z (same unit as specs/edm.ts). */
  picos: bigint;
}

const PICOS_PER_MS = 1_000_000_000n;
const PICOS_PER_MINUTE = 60_000_000_000_000n;
/** 100 ns, the unit .NET's DateTimeOffset counts in. */
const PICOS_PER_TICK = 100_000n;

/** Milliseconds since the epoch for a UTC calendar time; setUTCFullYear keeps years 0-99 literal (Date.UTC does not). */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

function daysIn(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0, 0, 0, 0)).getUTCDate();
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * Edm.DateTimeOffset texts biased toward what breaks parsers: leap days, month ends, year boundaries, 0 to 12
 * fractional digits (trailing zeros and all nines included), `Z`, `+00:00`, `-00:00` and offsets up to ±14:00. Never a
 * leap second, nor a value whose year, in UTC or local time, leaves [minYear, maxYear] even after rounding to 100 ns.
 * The instant is computed here with Date arithmetic, independently of specs/edm.ts, so tests can cross-check both.
 */
export const dateTimeOffset = memoize((c: DateTimeOffsetConstraints): fc.Arbitrary<DateTimeOffsetValue> => {
  const minYear = c.minYear ?? 1;
  const maxYear = c.maxYear ?? 9999;
  const maxDigits = Math.min(c.maxFractionDigits ?? 12, 12);
  const maxOffset = Math.min(c.maxOffsetMinutes ?? 840, 23 * 60 + 59);
  const inYears = (y: number): boolean => y >= minYear && y <= maxYear;
  const edgeYears = [2000, 2024, 1900, 2100, 1970, 1999, 2038, 1, 9999, minYear, maxYear].filter(inYears);
  if (minYear > maxYear) throw new Error(`dateTimeOffset: empty year range [${minYear}, ${maxYear}]`);
  const recent = { min: Math.max(minYear, 1970), max: Math.min(maxYear, 2100) };
  const year = fc.oneof(
    { arbitrary: fc.constantFrom(...edgeYears), weight: 2 },
    { arbitrary: fc.integer(recent.min <= recent.max ? recent : { min: minYear, max: maxYear }), weight: 3 },
    { arbitrary: fc.integer({ min: minYear, max: maxYear }), weight: 1 },
  );
  const month = fc.oneof(fc.constantFrom(1, 2, 12), fc.integer({ min: 1, max: 12 }));
  // 0 = last day of the month; otherwise wrapped into the month's length.
  const day = fc.oneof(fc.constantFrom(1, 0), fc.integer({ min: 1, max: 31 }));
  const clock = (max: number): fc.Arbitrary<number> => fc.oneof(fc.constantFrom(0, max), fc.integer({ min: 0, max }));
  const second =
    c.allowNoSeconds === false ? clock(59) : fc.oneof({ arbitrary: clock(59), weight: 9 }, fc.constant(-1));
  const digits = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: Math.min(7, maxDigits) }), weight: 6 },
    { arbitrary: fc.constant(Math.min(7, maxDigits)), weight: 2 },
    { arbitrary: fc.integer({ min: Math.min(8, maxDigits), max: maxDigits }), weight: 2 },
  );
  const fraction = fc.bigInt(0n, 999_999_999_999n);
  const realOffsets = [0, 60, -60, 330, 345, -210, 780, -480, -420, 840, -840].filter((m) => Math.abs(m) <= maxOffset);
  // 'Z', '-00:00', or minutes east of UTC written with a sign.
  const zone = fc.oneof(
    { arbitrary: fc.constant('Z' as const), weight: 4 },
    { arbitrary: fc.constant('-00:00' as const), weight: 1 },
    { arbitrary: fc.constantFrom(...realOffsets), weight: 2 },
    { arbitrary: fc.integer({ min: -maxOffset, max: maxOffset }), weight: 1 },
  );
  const lo = BigInt(utcMillis(minYear, 1, 1, 0, 0, 0)) * PICOS_PER_MS;
  const hi = BigInt(utcMillis(maxYear + 1, 1, 1, 0, 0, 0)) * PICOS_PER_MS;
  return (
    fc
      .tuple(year, month, day, clock(23), clock(59), second, digits, fraction, zone)
      .map(([y, mo, dRaw, h, mi, s, n, frac, z]) => {
        const dim = daysIn(y, mo);
        const d = dRaw === 0 ? dim : ((dRaw - 1) % dim) + 1;
        const fracText = s < 0 || n === 0 ? '' : frac.toString().padStart(12, '0').slice(0, n);
        const offset = typeof z === 'number' ? z : 0;
        const zoneText =
          typeof z === 'string'
            ? z
            : `${z < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(z) / 60), 2)}:${pad(Math.abs(z) % 60, 2)}`;
        const text =
          `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}` +
          `${s < 0 ? '' : `:${pad(s, 2)}`}${fracText === '' ? '' : `.${fracText}`}${zoneText}`;
        const picos =
          BigInt(utcMillis(y, mo, d, h, mi, Math.max(s, 0))) * PICOS_PER_MS +
          BigInt(fracText.padEnd(12, '0') || '0') -
          BigInt(offset) * PICOS_PER_MINUTE;
        return { text, picos, local: picos + BigInt(offset) * PICOS_PER_MINUTE };
      })
      // In range in UTC and in local time, with room for rounding to 100 ns (what .NET keeps): 9999-12-31T23:59:59.99999999
      // would round to year 10000, which the documented service cannot hold, so it is not a valid value to send.
      .filter((v) => v.picos >= lo && v.picos < hi - PICOS_PER_TICK && v.local >= lo && v.local < hi - PICOS_PER_TICK)
      .map(({ text, picos }): DateTimeOffsetValue => ({ text, picos }))
  );
});
