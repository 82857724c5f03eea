import fc from 'fast-check';
import { INT32_MAX, INT32_MIN, isInt32 } from '../specs/edm';
import { int32 } from './int32';

describe('int32', () => {
  test('stays in Int32 and hits 0, ±1 and both bounds', () => {
    const xs = fc.sample(int32(), { numRuns: 1000, seed: 1 });
    expect(xs.every(isInt32)).toBe(true);
    for (const v of [0, 1, -1, INT32_MIN, INT32_MAX]) expect(xs).toContain(v);
    // The full range is used, not only the edges.
    expect(xs.some((v) => Math.abs(v) > 1_000_000 && Math.abs(v) < INT32_MAX - 1)).toBe(true);
  });

  test('honours a narrower range and refuses an empty one', () => {
    const xs = fc.sample(int32({ min: 5, max: 10 }), { numRuns: 200, seed: 2 });
    expect(xs.every((v) => v >= 5 && v <= 10)).toBe(true);
    expect(xs).toContain(5);
    expect(xs).toContain(10);
    expect(() => int32({ min: 3, max: 2 })).toThrow(/empty range/);
  });

  test('is built once per constraints', () => {
    expect(int32()).toBe(int32({}));
    expect(int32({ min: 1, max: 2 })).toBe(int32({ max: 2, min: 1 }));
  });
});
