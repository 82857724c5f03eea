import { decodeStream, isDateTimeOffset, isInt32, parseDateTimeOffset, sameInstant, sameInstantAt } from './edm';

describe('Edm.DateTimeOffset', () => {
  test.each([
    '2016-12-31T23:56:33.9571764-08:00',
    '2020-02-29T00:00:00Z',
    '2021-01-01T00:00Z',
    '2021-01-01T00:00:00.123456789012+14:00',
    '0001-01-01T00:00:00Z',
    '1972-06-30T23:59:60Z',
    '0000-01-01T00:00Z',
    '-10000-04-01T00:00Z',
    '2012-09-03t13:52z',
    '9007199254740996-02-29T00:00Z',
    `1${'0'.repeat(400)}-01-01T00:00Z`,
  ])('accepts %s', (s) => expect(isDateTimeOffset(s)).toBe(true));

  test.each([
    '2021-02-29T00:00:00Z',
    '2021-02-30T00:00:00Z',
    '2021-01-01T24:00:00Z',
    '2021-01-01T23:59:61Z',
    '00001-01-01T00:00Z',
    '9007199254740993-02-29T00:00Z',
    '2021-01-01T00:00:00',
    '2021-01-01T00:00:00.1234567890123Z',
    '2021-13-01T00:00:00Z',
    'yesterday',
    '2021-01-01 00:00:00Z',
  ])('rejects %s', (s) => expect(isDateTimeOffset(s)).toBe(false));

  test('compares instants across offsets at full precision', () => {
    expect(sameInstant('2016-12-31T23:56:33.9571764-08:00', '2017-01-01T07:56:33.9571764Z')).toBe(true);
    expect(sameInstant('2016-12-31T23:56:33.9571764-08:00', '2017-01-01T07:56:33.957Z')).toBe(false);
    expect(sameInstant('2021-01-01T00:00Z', '2021-01-01T00:00:00.000000000000Z')).toBe(true);
    expect(parseDateTimeOffset('1970-01-01T00:00:01Z')?.picos).toBe(1_000_000_000_000n);
  });

  test('compares a round trip at a precision: rounding and truncation pass, losing more fails', () => {
    const sent = '2016-12-31T23:56:33.123456789012-07:00';
    expect(sameInstantAt(sent, '2017-01-01T06:56:33.1234568Z', 7)).toBe(true); // .NET: 7 digits, rounded
    expect(sameInstantAt(sent, '2016-12-31T23:56:33.1234567-07:00', 7)).toBe(true); // truncated
    expect(sameInstantAt(sent, '2016-12-31T23:56:33.123-07:00', 7)).toBe(false); // milliseconds
    expect(sameInstantAt(sent, '2016-12-31T23:56:33.123457-07:00', 7)).toBe(false); // 6 digits
    expect(sameInstantAt(sent, '2016-12-31T23:56:33.1234568-07:00', 12)).toBe(false);
    expect(sameInstantAt(sent, sent, 12)).toBe(true);
    expect(sameInstantAt('2021-01-01T23:59:59.99999999Z', '2021-01-02T00:00:00Z', 7)).toBe(true); // carries over
    expect(sameInstantAt('x', 'x', 7)).toBeUndefined();
  });
});

describe('Edm.Stream and Int32', () => {
  test('decodes standard base64 and base64url to the same bytes', () => {
    expect(decodeStream('+/8=')?.equals(Buffer.from([0xfb, 0xff]))).toBe(true);
    expect(decodeStream('-_8')?.equals(Buffer.from([0xfb, 0xff]))).toBe(true);
    expect(decodeStream('not base64!')).toBeUndefined();
  });

  test('Int32 bounds', () => {
    expect(isInt32(2147483647)).toBe(true);
    expect(isInt32(-2147483648)).toBe(true);
    expect(isInt32(2147483648)).toBe(false);
    expect(isInt32(1.5)).toBe(false);
  });
});
