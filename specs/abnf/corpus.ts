/**
 * Test support only: texts near Edm.DateTimeOffset for the grammar to judge. A valid text is built here from its
 * fields (independently of generators/ and specs/edm.ts), then usually broken in one way: a field pushed out of range,
 * a calendar day the month lacks, a character changed, dropped or inserted, "T" written as a space or in lower case,
 * 13 fractional digits, an offset of +24:00 or -05:60 or none at all, a year too long for a double.
 */
import fc from 'fast-check';
import { daysInMonth } from './oracle';

/** A DateTimeOffset written field by field; `year` keeps its sign and every digit as written. */
interface Fields {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  /** Absent: `hh:mm` without seconds. */
  second?: string;
  /** Digits after the '.', absent when there is no '.' (only written when `second` is). */
  fraction?: string;
  /** 'Z', '+hh:mm', '-hh:mm', or anything a mutation puts there ('' for none). */
  zone: string;
  /** The separator between date and time, normally 'T'. */
  t: string;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function render(f: Fields): string {
  const seconds = f.second === undefined ? '' : `:${f.second}${f.fraction === undefined ? '' : `.${f.fraction}`}`;
  return `${f.year}-${f.month}-${f.day}${f.t}${f.hour}:${f.minute}${seconds}${f.zone}`;
}

/** Years as the grammar writes them: 4 digits (0000 included), more digits without a leading zero, an optional '-'. */
const yearText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 9999 }).map((y) => pad(y, 4)),
  fc.constantFrom('0000', '-0000', '0004', '1900', '1972', '2000', '2023', '2024', '2100', '2400', '9999', '10000'),
  fc.constantFrom('-0001', '-0004', '-0100', '-0400', '-10000', '12345', '99999'),
  fc
    .tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{4,8}$/))
    .map(([neg, lead, rest]) => `${neg ? '-' : ''}${lead}${rest}`),
);

const twoDigits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max })).map((n) => pad(n, 2));

const zoneText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant('Z'), weight: 3 },
  { arbitrary: fc.constantFrom('+00:00', '-00:00', '+14:00', '-12:00', '+05:30', '+23:59', '-23:59'), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('+', '-'), twoDigits(0, 23), twoDigits(0, 59))
      .map(([s, h, m]) => `${s}${h}:${m}`),
    weight: 2,
  },
);

/** A text the grammar accepts and that names a real day: every field in range, the day within its month. */
const validFields: fc.Arbitrary<Fields> = fc
  .record({
    year: yearText,
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.oneof(fc.constantFrom(1, 28, 31), fc.integer({ min: 1, max: 31 })),
    hour: twoDigits(0, 23),
    minute: twoDigits(0, 59),
    second: fc.option(fc.oneof({ arbitrary: twoDigits(0, 59), weight: 9 }, fc.constant('60')), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }),
    zone: zoneText,
  })
  .map(({ year, month, day, second, fraction, ...rest }): Fields => {
    const days = daysInMonth(BigInt(year), month);
    return {
      ...rest,
      year,
      month: pad(month, 2),
      day: pad(Math.min(day, days), 2),
      t: 'T',
      ...(second === undefined ? {} : fraction === undefined ? { second } : { second, fraction }),
    };
  });

/** Breaks (or keeps) one field. */
const fieldMutation: fc.Arbitrary<(f: Fields) => Fields> = fc.oneof(
  fc.constant((f: Fields) => f),
  fc.constantFrom('13', '00', '1', '001', '99').map((month) => (f: Fields) => ({ ...f, month })),
  fc.constantFrom('32', '00', '30', '31', '3', '999').map((day) => (f: Fields) => ({ ...f, day })),
  fc
    .tuple(
      fc.constantFrom('0000', '1900', '2000', '2023', '2024', '2100', '2400', '-0001', '-0004', '-0100', '10000'),
      fc.constantFrom('29', '30'),
    )
    .map(([year, day]) => (f: Fields) => ({ ...f, year, month: '02', day })),
  fc.constantFrom('24', '25', '99', '2').map((hour) => (f: Fields) => ({ ...f, hour })),
  fc.constantFrom('60', '99', '5').map((minute) => (f: Fields) => ({ ...f, minute })),
  fc.constantFrom('60', '61', '99', '5').map((second) => (f: Fields) => ({ ...f, second })),
  fc.stringMatching(/^[0-9]{12,15}$/).map((fraction) => (f: Fields) => ({ ...f, second: f.second ?? '00', fraction })),
  fc.constant((f: Fields) => ({ ...f, second: f.second ?? '00', fraction: '' })),
  fc
    .constantFrom('+24:00', '-05:60', '+14:00', '-00:00', '+23:59', '', '+0100', '-08', '+1:00', 'z', 'UTC', ' Z')
    .map((zone) => (f: Fields) => ({ ...f, zone })),
  fc.constantFrom(' ', 't', '', 'TT', '_').map((t) => (f: Fields) => ({ ...f, t })),
  fc
    .constantFrom('01234', '-01234', '123', '-123', '+2024', '0', '--2024')
    .map((year) => (f: Fields) => ({ ...f, year })),
  // Years past what a double holds exactly (2^53 = 9007199254740992), so a leap-year test on a Number goes wrong.
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{16,24}$/), fc.constantFrom('28', '29'))
    .map(([lead, rest, day]) => (f: Fields) => ({ ...f, year: `${lead}${rest}`, month: '02', day })),
);

/** Then changes, drops or inserts one character anywhere (or not). */
const INSERTABLE = ['0', '5', '9', '-', ':', '.', '+', 'T', 'Z', 't', 'z', ' ', '\n', 'x', '\u0663', '\uff10'];
const charMutation: fc.Arbitrary<(t: string) => string> = fc.oneof(
  { arbitrary: fc.constant((t: string) => t), weight: 3 },
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9 })).map(([at, digit]) => (t: string) => {
    const digits = [...t].flatMap((c, i) => (c >= '0' && c <= '9' ? [i] : []));
    const i = digits[at % Math.max(1, digits.length)];
    return i === undefined ? t : t.slice(0, i) + String(digit) + t.slice(i + 1);
  }),
  fc.nat().map((at) => (t: string) => {
    const i = at % Math.max(1, t.length);
    return t.slice(0, i) + t.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...INSERTABLE)).map(([at, c]) => (t: string) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + c + t.slice(i);
  }),
);

/** One text: a valid one, usually with one field and/or one character broken. */
export const nearDateTimeOffset: fc.Arbitrary<string> = fc
  .tuple(validFields, fieldMutation, charMutation)
  .map(([f, field, char]) => char(render(field(f))));

/** A valid text, unbroken (a few with a leap second). */
export const validDateTimeOffsetText: fc.Arbitrary<string> = validFields.map(render);

/** Hand-picked texts every run includes, whatever the seed. */
export const EDGE_TEXTS: readonly string[] = [
  '1972-06-30T23:59:60Z',
  '0000-01-01T00:00Z',
  '-10000-04-01T00:00Z',
  '-0000-02-29T00:00Z',
  '2024-02-29T12:00Z',
  '2023-02-29T12:00Z',
  '1900-02-29T12:00Z',
  '2000-02-29T12:00Z',
  '2012-09-03T13:52:00.123456789012Z',
  '2012-09-03T13:52:00.1234567890123Z',
  '2012-09-03T13:52Z',
  '2012-09-03t13:52Z',
  '2012-09-03T13:52z',
  '2012-09-03 13:52Z',
  '2012-09-03T13:52',
  '2012-09-03T13:52+24:00',
  '2012-09-03T13:52-05:60',
  '2012-09-03T24:00Z',
  '2012-13-03T13:52Z',
  '2012-04-31T13:52Z',
  '2012-09-32T13:52Z',
  '02012-09-03T13:52Z',
  '9007199254740993-02-29T00:00Z',
  '10000000000000000001-02-29T00:00Z',
  `1${'0'.repeat(400)}-01-01T00:00Z`,
  '2012-09-03T13:52Z\n',
];
