import fc from 'fast-check';
import { memoize } from './memo';

export interface GraphStringConstraints {
  /** Fewest code points (JSON Schema counts code points, not UTF-16 units); default 0. */
  minLength?: number;
  /** Most code points; default unbounded. */
  maxLength?: number;
  /** Include strings of thousands of characters; default true. */
  long?: boolean;
}

/** Pieces that exercise encoders, collations and storage: accents, CJK, astral emoji, RTL, combining, zero-width. */
export const NON_ASCII_PIECES: readonly string[] = [
  'é',
  'ñ',
  'ß',
  'Ø',
  'Привет',
  'Ελληνικά',
  '中文',
  '日本語',
  '한국어',
  '𠜎',
  '😀',
  '👩‍💻',
  '👨‍👩‍👧',
  '🇫🇷',
  '𝔘𝔫𝔦',
  'שלום',
  'مرحبا',
  'नमस्ते',
  'e\u0301',
  'a\u0308\u0323',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202e',
  '\ufeff',
];

/** Characters JSON must escape, or that often get escaped wrongly. */
export const JSON_ESCAPE_PIECES: readonly string[] = [
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  '\\u0041',
];

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const ascii = fc.string({ unit: 'grapheme-ascii', maxLength: 24 });

/**
 * Edm.String values: empty, ASCII, non-ASCII, JSON-escaping and long (1,024 to 8,192 code points). Always well-formed
 * UTF-16 (no lone surrogates), since a lone surrogate is not text a client could send.
 */
export const graphString = memoize((c: GraphStringConstraints): fc.Arbitrary<string> => {
  const min = c.minLength ?? 0;
  const max = c.maxLength ?? Number.POSITIVE_INFINITY;
  const mixed = fc.oneof(fc.constantFrom(...NON_ASCII_PIECES), fc.string({ unit: 'grapheme', maxLength: 1 }), ascii);
  const kinds: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.constant(''), weight: 1 },
    { arbitrary: ascii, weight: 4 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...NON_ASCII_PIECES), fc.string({ unit: mixed, maxLength: 8 }))
        .map(([p, s]) => p + s),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(...JSON_ESCAPE_PIECES),
          fc.string({ unit: fc.oneof(fc.constantFrom(...JSON_ESCAPE_PIECES), ascii), maxLength: 8 }),
        )
        .map(([p, s]) => p + s),
      weight: 2,
    },
  ];
  if (c.long !== false && max >= 1024) {
    // Repeating a short seed is far cheaper than drawing thousands of characters, and shrinks to 'a' x 1024.
    const seed = fc.string({ unit: fc.oneof(fc.constantFrom(...NON_ASCII_PIECES), ascii), minLength: 1, maxLength: 6 });
    const long = fc.tuple(seed, fc.integer({ min: 1024, max: 8192 })).map(([s, n]) => {
      const cp = codePoints(s);
      return cp === 0 ? 'a'.repeat(n) : s.repeat(Math.ceil(n / cp));
    });
    kinds.push({ arbitrary: long, weight: 1 });
  }
  const all = fc.oneof(...kinds);
  return min === 0 && max === Number.POSITIVE_INFINITY
    ? all
    : all.filter((s) => {
        const n = codePoints(s);
        return n >= min && n <= max;
      });
});
