import fc from 'fast-check';
import { decodeStream, isBase64 } from '../specs/edm';
import { streamPayload } from './streamPayload';

describe('streamPayload', () => {
  const values = fc.sample(streamPayload(), { numRuns: 500, seed: 21 });

  test('is standard padded base64 of the paired UTF-8 JSON object text', () => {
    for (const { text, json } of values) {
      expect(isBase64(text)).toBe(true);
      expect(text.length % 4).toBe(0);
      expect(Buffer.from(text, 'base64').toString('utf8')).toBe(json);
      expect(decodeStream(text)?.equals(Buffer.from(json, 'utf8'))).toBe(true);
      const parsed: unknown = JSON.parse(json);
      expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
    }
  });

  test('covers empty, pretty-printed, padded and non-ASCII payloads', () => {
    expect(values.some((v) => v.json === '{}')).toBe(true);
    expect(values.some((v) => v.json.includes('\n'))).toBe(true);
    expect(values.some((v) => v.text.endsWith('=='))).toBe(true);
    expect(values.some((v) => v.text.endsWith('=') && !v.text.endsWith('=='))).toBe(true);
    expect(values.some((v) => /[^\x00-\x7f]/.test(v.json))).toBe(true);
  });
});
