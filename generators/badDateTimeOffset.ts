/** Edm.DateTimeOffset texts that are not: impossible calendar values and grammar breaks, each made from a valid one. */
import fc from 'fast-check';
import { dateTimeOffset } from './dateTimeOffset';

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Replaces text[from, to) with `by`. */
const splice = (t: string, from: number, to: number, by: string): string => t.slice(0, from) + by + t.slice(to);

/** The offset part ('Z' or ±hh:mm) starts here in the texts dateTimeOffset() writes (4-digit years). */
const zoneStart = (t: string): number => (t.endsWith('Z') ? t.length - 1 : t.length - 6);

const IMPOSSIBLE = [
  'feb-29-non-leap',
  '02-30',
  '02-31',
  '04-31',
  '06-31',
  '09-31',
  '11-31',
  '13-01',
  '00-10',
  '01-00',
  '01-32',
  'hour-24',
  'minute-60',
  'offset-hour-24',
  'offset-minute-60',
] as const;

/**
 * A text with exactly one impossible field: a day the month lacks, month 13, hour 24, minute 60, +24:00. Never a leap
 * second (`23:59:60`): the OData ABNF 4.01 allows it (`second = zeroToFiftyNine / "60"`), so it is not invalid input,
 * and .NET's DateTimeOffset cannot hold it, so it is not sent as valid either.
 */
export function impossibleDateTimeOffset(): fc.Arbitrary<string> {
  // Hour 24 is the impossible time a lax parser most often lets through (ISO 8601 and XML Schema 1.0 once allowed
  // 24:00:00 as the end of a day), and the days a month lacks are the calendar's: both are drawn more often, so a
  // 100-case run meets them, and a server that accepts them is caught on any seed.
  const weight = (k: (typeof IMPOSSIBLE)[number]): number => (k === 'hour-24' ? 8 : 1);
  const kind = fc.oneof(...IMPOSSIBLE.map((k) => ({ arbitrary: fc.constant(k), weight: weight(k) })));
  return fc.tuple(dateTimeOffset(), kind).map(([{ text: t }, kind]) => {
    switch (kind) {
      case 'feb-29-non-leap': {
        const y = Number(t.slice(0, 4));
        return isLeap(y) ? splice(t, 0, 10, '2023-02-29') : splice(t, 5, 10, '02-29');
      }
      case 'hour-24':
        return splice(t, 11, 13, '24');
      case 'minute-60':
        return splice(t, 14, 16, '60');
      case 'offset-hour-24':
        return splice(t, zoneStart(t), t.length, '+24:00');
      case 'offset-minute-60':
        return splice(t, zoneStart(t), t.length, '-05:60');
      default:
        return splice(t, 5, 10, kind);
    }
  });
}

const FREE_TEXT = [
  'yesterday',
  'now',
  'null',
  '',
  '12/31/2016 11:56:33 PM',
  '1483228593',
  'Sat, 31 Dec 2016 23:56:33 GMT',
  '2016-W52-6',
  'T23:56:33Z',
  '/Date(1483228593000)/',
];

const MALFORMED = [
  'no-offset',
  'space-for-T',
  'date-only',
  'thirteen-digits',
  'three-digit-year',
  'offset-without-colon',
  'offset-hours-only',
  'dot-without-digits',
] as const;

/** Text off the OData grammar: the offset left out, a space for T, 13 fractional digits, free text and the like. */
export function malformedDateTimeOffset(): fc.Arbitrary<string> {
  const broken = fc.tuple(dateTimeOffset(), fc.constantFrom(...MALFORMED)).map(([{ text: t }, kind]) => {
    const z = zoneStart(t);
    const minutes = t.slice(0, 16); // YYYY-MM-DDThh:mm
    switch (kind) {
      case 'no-offset':
        return t.slice(0, z);
      case 'space-for-T':
        return splice(t, 10, 11, ' ');
      case 'date-only':
        return t.slice(0, 10);
      case 'thirteen-digits':
        return `${minutes}:00.1234567890123${t.slice(z)}`;
      case 'three-digit-year':
        return t.slice(1);
      case 'offset-without-colon':
        return `${t.slice(0, z)}+0100`;
      case 'offset-hours-only':
        return `${t.slice(0, z)}-08`;
      case 'dot-without-digits':
        return `${minutes}:00.${t.slice(z)}`;
    }
  });
  return fc.oneof({ arbitrary: broken, weight: 3 }, { arbitrary: fc.constantFrom(...FREE_TEXT), weight: 1 });
}
