/** Edm primitive rules shared by the loader, the generators, the checks and the reference implementation. */

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** `T` and `Z` in either case: the ABNF's quoted strings are case-insensitive (RFC 5234 section 2.3). */
const DTO =
  /^(-?)(\d{4,})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

export interface Instant {
  /** Picoseconds since 1970-01-01T00:00:00Z: enough for 12 fractional digits, so no precision is lost. */
  picos: bigint;
  /** Offset written, in minutes east of UTC. */
  offsetMinutes: number;
  fractionDigits: number;
}

/** Floor division and modulo for BigInt (BigInt's / and % round toward zero). */
const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
const mod = (a: bigint, b: bigint): bigint => a - floorDiv(a, b) * b;

/** Years are BigInt: the ABNF allows any number of year digits, past what a double holds exactly. */
function daysInMonth(year: bigint, month: number): number {
  if (month === 2) return (mod(year, 4n) === 0n && mod(year, 100n) !== 0n) || mod(year, 400n) === 0n ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (exact for any year). */
function daysFromCivil(y: bigint, m: number, d: number): bigint {
  const yy = m <= 2 ? y - 1n : y;
  const era = floorDiv(yy, 400n);
  const yoe = yy - era * 400n;
  const doy = BigInt(Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1);
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146097n + doe - 719468n;
}

/** Parses an Edm.DateTimeOffset; undefined when the text is not one (grammar or calendar). */
export function parseDateTimeOffset(text: string): Instant | undefined {
  const m = DTO.exec(text);
  if (!m) return undefined;
  const [, sign, ys, mos, ds, hs, mis, ss, frac, zone, osign, oh, om] = m;
  if (ys === undefined || mos === undefined || ds === undefined || hs === undefined || mis === undefined)
    return undefined;
  if (ys.length > 4 && ys.startsWith('0')) return undefined;
  const year = BigInt(ys) * (sign === '-' ? -1n : 1n);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // OData ABNF 4.01: hour 00-23, minute 00-59, `second = zeroToFiftyNine / "60"` (a leap second). A leap second is
  // counted as the first second of the next minute, the way POSIX time (and so every instant here) has no room for it.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const h = Number(oh);
    const mi = Number(om);
    if (h > 23 || mi > 59) return undefined;
    offsetMinutes = (osign === '-' ? -1 : 1) * (h * 60 + mi);
  }
  const days = daysFromCivil(year, month, day);
  const secs = days * 86400n + BigInt(hour * 3600 + minute * 60 + second) - BigInt(offsetMinutes * 60);
  const fracPicos = BigInt((frac ?? '').padEnd(12, '0') || '0');
  return { picos: secs * 1_000_000_000_000n + fracPicos, offsetMinutes, fractionDigits: frac?.length ?? 0 };
}

export function isDateTimeOffset(text: string): boolean {
  return parseDateTimeOffset(text) !== undefined;
}

/** True when both texts are DateTimeOffsets that denote the same instant at full precision. */
export function sameInstant(a: string, b: string): boolean {
  const x = parseDateTimeOffset(a);
  const y = parseDateTimeOffset(b);
  return x !== undefined && y !== undefined && x.picos === y.picos;
}

/** The largest number of fractional-second digits the ABNF allows (`fractionalSeconds = 1*12DIGIT`). */
export const MAX_FRACTION_DIGITS = 12;

/** One unit of the last kept digit, in picoseconds: 10^(12 - digits). */
export function precisionUnit(digits: number): bigint {
  const d = Math.max(0, Math.min(MAX_FRACTION_DIGITS, Math.trunc(digits)));
  return 10n ** BigInt(MAX_FRACTION_DIGITS - d);
}

/**
 * Whether `got` is `sent` kept at `digits` fractional digits: the same instant, or the instant a service that keeps
 * `digits` digits would write for it, rounding (at most half a unit away) or truncating (less than one unit, toward
 * the past or toward zero). In both cases the distance is under one unit of the last kept digit; a service that keeps
 * fewer digits (JavaScript's milliseconds against 7) is a unit or more away for most values. Undefined when either
 * text is not an Edm.DateTimeOffset.
 */
export function sameInstantAt(sent: string, got: string, digits: number): boolean | undefined {
  const x = parseDateTimeOffset(sent);
  const y = parseDateTimeOffset(got);
  if (!x || !y) return undefined;
  const diff = x.picos > y.picos ? x.picos - y.picos : y.picos - x.picos;
  return diff < precisionUnit(digits);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

/**
 * Decodes a Stream value for comparison. Standard base64 is the reading the specs take; base64url (the OpenAPI
 * slice's format) also decodes, so a server that normalises between the two still compares equal by bytes.
 */
export function decodeStream(text: string): Buffer | undefined {
  if (BASE64.test(text)) return Buffer.from(text, 'base64');
  if (/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return Buffer.from(text, 'base64url');
  return undefined;
}

export function isInt32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}
