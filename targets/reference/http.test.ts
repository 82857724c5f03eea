import fc from 'fast-check';
import { decodeUtf8, errorAnswer, jsonAnswer, withRequestIds } from './http';

/** What decodeUtf8 used to be: the strict WHATWG decoder. The oracle. */
const strict = new TextDecoder('utf-8', { fatal: true });
function oracle(bytes: Buffer): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

describe('decodeUtf8 decodes as the strict TextDecoder does', () => {
  test.each([
    ['plain ASCII', [0x7b, 0x7d]],
    ['a byte-order mark, dropped', [0xef, 0xbb, 0xbf, 0x7b, 0x7d]],
    ['two byte-order marks: only the first is dropped', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['a UTF-8 encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf]],
    ['a lone continuation byte', [0x80]],
    ['0xFF', [0xff, 0xfe]],
    ['empty', []],
  ])('%s', (_name, bytes) => {
    const buf = Buffer.from(bytes);
    expect(decodeUtf8(buf)).toBe(oracle(buf));
  });

  test('any bytes, and any text encoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(decodeUtf8(buf)).toBe(oracle(buf));
      }),
      { numRuns: 2000, seed: 7 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, bom) => {
        const buf = Buffer.from((bom ? '\ufeff' : '') + text, 'utf8');
        expect(decodeUtf8(buf)).toBe(oracle(buf));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});

describe('withRequestIds', () => {
  const ids = { request: 'r-1', client: 'c-1' };
  const at = (): Date => new Date('2024-06-01T12:34:56.789Z');

  test('an OData error gets innerError last; every answer gets both headers', () => {
    const error = withRequestIds(errorAnswer(404, 'gone', { target: 'id' }), ids, at);
    expect(error.body).toEqual({
      error: {
        code: 'notFound',
        message: 'gone',
        target: 'id',
        innerError: { date: '2024-06-01T12:34:56', 'request-id': 'r-1', 'client-request-id': 'c-1' },
      },
    });
    expect(error.headers).toMatchObject({ 'request-id': 'r-1', 'client-request-id': 'c-1' });
    const ok = withRequestIds(jsonAnswer(200, { value: [] }), ids, at);
    expect(ok.body).toEqual({ value: [] });
    expect(ok.headers).toMatchObject({ 'request-id': 'r-1', 'client-request-id': 'c-1' });
  });

  test('leaves alone what is not its to change: raw bodies, other shapes, an innerError already there', () => {
    const clock = jest.fn(at);
    const raw = { status: 400, headers: {}, rawBody: 'nope' };
    expect(withRequestIds(raw, ids, clock)).toEqual({
      ...raw,
      headers: { 'request-id': 'r-1', 'client-request-id': 'c-1' },
    });
    const other = { status: 400, headers: {}, body: { message: 'x' } };
    expect(withRequestIds(other, ids, clock).body).toEqual({ message: 'x' });
    const inner = { status: 400, headers: {}, body: { error: { code: 'x', message: 'y', innerError: { mine: 1 } } } };
    expect(withRequestIds(inner, ids, clock).body).toEqual(inner.body);
    withRequestIds(jsonAnswer(201, {}), ids, clock);
    expect(clock).not.toHaveBeenCalled();
  });
});
