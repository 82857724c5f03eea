/**
 * Edm.DateTimeOffset the way Microsoft's stack holds it: .NET's System.DateTimeOffset counts 100 ns ticks from
 * 0001-01-01, in years 0001 to 9999 (in UTC and in local time), with an offset of whole minutes within ±14:00 and no
 * leap second. OData .NET reads the text as xsd:dateTime (any number of fraction digits) and keeps 7 digits.
 * Everything here is integer picoseconds (BigInt), the unit specs/edm.ts uses.
 */
import { parseDateTimeOffset } from '../../specs/edm';

const PICOS_PER_TICK = 100_000n;
const PICOS_PER_SECOND = 1_000_000_000_000n;
const PICOS_PER_MINUTE = 60n * PICOS_PER_SECOND;
const PICOS_PER_DAY = 86_400n * PICOS_PER_SECOND;
/** 0001-01-01T00:00:00Z, in picoseconds since 1970-01-01T00:00:00Z. */
const MIN_PICOS = -62_135_596_800n * PICOS_PER_SECOND;
/** 10000-01-01T00:00:00Z: every instant .NET holds is before it. */
const END_PICOS = 253_402_300_800n * PICOS_PER_SECOND;
/** ±14:00, the widest offset .NET accepts. */
export const MAX_OFFSET_MINUTES = 14 * 60;

/** The OData ABNF dateTimeOffsetValue, except that the fraction may have any number of digits (xsd:dateTime). */
const XSD_FORM = /^(-?)(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})$/;

export type DotNetReading =
  /** picos: the instant in UTC, rounded to the 100 ns tick. */
  { held: true; picos: bigint; offsetMinutes: number } | { held: false; reason: string };

/**
 * Rounds to the nearest 100 ns tick counted from 0001-01-01, a half tick away from zero (up, for every instant .NET
 * holds; down, symmetrically, before year 1).
 */
export function roundToTick(picos: bigint): bigint {
  const fromStart = picos - MIN_PICOS;
  const magnitude = fromStart < 0n ? -fromStart : fromStart;
  const rest = magnitude % PICOS_PER_TICK;
  const rounded = magnitude - rest + (rest * 2n >= PICOS_PER_TICK ? PICOS_PER_TICK : 0n);
  return (fromStart < 0n ? -rounded : rounded) + MIN_PICOS;
}

/**
 * Reads a DateTimeOffset text as .NET would. undefined when the text is not one at all (off the grammar, a day the
 * month lacks, hour 24...): the schema refuses those. `held: false` when it is one but .NET cannot hold it.
 */
export function readDotNet(text: string): DotNetReading | undefined {
  const m = XSD_FORM.exec(text);
  if (!m) return undefined;
  const [, sign = '', year = '', , , , , second, fraction, zone = ''] = m;
  const at12 =
    fraction !== undefined && fraction.length > 12 ? text.replace(`.${fraction}`, `.${fraction.slice(0, 12)}`) : text;
  const parsed = parseDateTimeOffset(at12);
  if (!parsed) return undefined;
  if (sign === '-' || year.length > 4 || Number(year) === 0)
    return { held: false, reason: `the year ${sign}${year} is outside 0001-9999` };
  if (second === '60') return { held: false, reason: 'a leap second (:60) has no place on its time line' };
  if (Math.abs(parsed.offsetMinutes) > MAX_OFFSET_MINUTES)
    return { held: false, reason: `the offset ${zone} is beyond ±14:00` };
  // The rounding digit (the 8th) is within the 12 parsed ones, so digits past the 12th cannot change the result.
  const picos = roundToTick(parsed.picos);
  const local = picos + BigInt(parsed.offsetMinutes) * PICOS_PER_MINUTE;
  if (picos < MIN_PICOS || picos >= END_PICOS)
    return { held: false, reason: 'in UTC (rounded to 100 ns) it falls outside the years 0001-9999' };
  if (local < MIN_PICOS || local >= END_PICOS)
    return { held: false, reason: 'in local time (rounded to 100 ns) it falls outside the years 0001-9999' };
  return { held: true, picos, offsetMinutes: parsed.offsetMinutes };
}

/** Floor division for BigInt (`/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The proleptic Gregorian date of a day number counted from 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad = (n: number | bigint, width: number): string => String(n).padStart(width, '0');

/** 'Z' for a zero offset, else ±hh:mm. */
export function zoneText(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/**
 * Writes an instant (UTC picoseconds) at an offset. `fraction` is the number of fractional digits to write (0 to 12,
 * cut, not rounded), or 'ticks' for .NET's own form: 7 digits with trailing zeros dropped (XmlConvert's
 * `.FFFFFFF`), nothing when they are all zero.
 */
export function formatInstant(picos: bigint, offsetMinutes: number, fraction: number | 'ticks'): string {
  const local = picos + BigInt(offsetMinutes) * PICOS_PER_MINUTE;
  const days = floorDiv(local, PICOS_PER_DAY);
  const inDay = local - days * PICOS_PER_DAY;
  const { y, m, d } = civilFromDays(Number(days));
  const seconds = inDay / PICOS_PER_SECOND;
  const sub = inDay % PICOS_PER_SECOND;
  const hh = seconds / 3600n;
  const mm = (seconds % 3600n) / 60n;
  const ss = seconds % 60n;
  let frac: string;
  if (fraction === 'ticks') frac = pad(sub / PICOS_PER_TICK, 7).replace(/0+$/, '');
  else frac = pad(sub, 12).slice(0, Math.max(0, Math.min(12, fraction)));
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  return (
    `${year}-${pad(m, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}` +
    `${frac === '' ? '' : `.${frac}`}${zoneText(offsetMinutes)}`
  );
}

/** Cuts the fraction of a DateTimeOffset text to at most `digits` digits (truncation, no carry); other text as is. */
export function truncateFraction(text: string, digits: number): string {
  return text.replace(/(T\d{2}:\d{2}:\d{2})\.(\d+)/, (_all, time: string, frac: string) =>
    frac.length <= digits ? `${time}.${frac}` : digits === 0 ? time : `${time}.${frac.slice(0, digits)}`,
  );
}
