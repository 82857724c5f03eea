import fc from 'fast-check';
import { INT32_MAX, INT32_MIN } from '../specs/edm';
import { memoize } from './memo';

export interface Int32Constraints {
  /** Smallest value; default -2147483648. */
  min?: number;
  /** Largest value; default 2147483647. */
  max?: number;
}

/**
 * Edm.Int32 over its full range, biased toward 0, ±1 and both bounds: servers that store the value in a wider or
 * narrower type, or parse it as a float, break exactly there. Shrinks toward 0.
 */
export const int32 = memoize((constraints: Int32Constraints): fc.Arbitrary<number> => {
  const min = Math.max(constraints.min ?? INT32_MIN, INT32_MIN);
  const max = Math.min(constraints.max ?? INT32_MAX, INT32_MAX);
  if (min > max) throw new Error(`int32: empty range [${min}, ${max}]`);
  const edges = [...new Set([0, 1, -1, INT32_MIN, INT32_MAX, INT32_MIN + 1, INT32_MAX - 1, min, max])].filter(
    (v) => v >= min && v <= max,
  );
  return fc.oneof(
    { arbitrary: fc.constantFrom(...edges), weight: 2 },
    { arbitrary: fc.integer({ min, max }), weight: 3 },
    { arbitrary: fc.noBias(fc.integer({ min, max })), weight: 1 },
  );
});
