import fc from 'fast-check';
import { odataTypeAnnotation } from './odataTypeAnnotation';

const NAMES = ['#microsoft.graph.a', 'microsoft.graph.a', '#microsoft.graph.b'];

describe('odataTypeAnnotation', () => {
  test('draws from the enum, both spellings by default', () => {
    const xs = new Set(fc.sample(odataTypeAnnotation(NAMES), { numRuns: 100, seed: 1 }));
    expect([...xs].sort()).toEqual([...NAMES].sort());
  });

  test("'hash' and 'bare' keep one spelling", () => {
    expect(fc.sample(odataTypeAnnotation(NAMES, { spelling: 'hash' }), 50).every((n) => n.startsWith('#'))).toBe(true);
    expect(fc.sample(odataTypeAnnotation(NAMES, { spelling: 'bare' }), 50)).toEqual(
      Array(50).fill('microsoft.graph.a'),
    );
  });

  test('refuses an empty enum', () => {
    expect(() => odataTypeAnnotation([])).toThrow(/empty/);
  });
});
