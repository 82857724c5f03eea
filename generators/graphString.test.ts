import fc from 'fast-check';
import { graphString } from './graphString';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const codePoints = (s: string): number => [...s].length;

describe('graphString', () => {
  const xs = fc.sample(graphString(), { numRuns: 1000, seed: 31 });

  test('covers empty, ASCII, non-ASCII, long and JSON-escaping strings', () => {
    const kinds: Record<string, RegExp | ((s: string) => boolean)> = {
      empty: (s) => s === '',
      ascii: (s) => s.length > 0 && /^[\x20-\x7e]+$/.test(s),
      accents: /[À-ÿ]/,
      cjk: /[\u4e00-\u9fff\uac00-\ud7af]/,
      astral: /[\u{10000}-\u{10ffff}]/u,
      rtl: /[\u0590-\u08ff]/,
      combining: /\p{M}/u,
      zeroWidth: /[\u200b-\u200f\ufeff]/,
      long: (s) => codePoints(s) >= 1000,
      quoteOrBackslash: /["\\]/,
      control: /[\u0000-\u001f]/,
    };
    for (const [kind, test] of Object.entries(kinds)) {
      const hit = xs.some((s) => (typeof test === 'function' ? test(s) : test.test(s)));
      expect([kind, hit]).toEqual([kind, true]);
    }
  });

  test('never produces a lone surrogate, and JSON round-trips every value', () => {
    for (const s of xs) {
      expect(LONE_SURROGATE.test(s)).toBe(false);
      expect(JSON.parse(JSON.stringify(s))).toBe(s);
    }
  });

  test('honours length bounds in code points, and long: false', () => {
    const bounded = fc.sample(graphString({ minLength: 2, maxLength: 5 }), { numRuns: 300, seed: 32 });
    expect(bounded.every((s) => codePoints(s) >= 2 && codePoints(s) <= 5)).toBe(true);
    const short = fc.sample(graphString({ long: false }), { numRuns: 500, seed: 33 });
    expect(short.every((s) => codePoints(s) < 1000)).toBe(true);
  });
});
