import fc from 'fast-check';
import { invalidCreateBody, validCreateBody } from '../generators';
import { LazySample } from './cases';
import { descend } from './shrink';

/**
 * The shrinker walks fast-check's shrink tree itself (no property, no fc.check): these tests hold its walk to the one
 * fc.check makes, so a minimal case and its recorded path are what `fc.check({seed, path})` reproduces.
 */
describe('descend', () => {
  const size = (v: unknown): number => JSON.stringify(v).length;

  async function viaFcCheck<T>(arb: fc.Arbitrary<T>, seed: number, index: number, fails: (v: T) => boolean) {
    const out = await fc.check(
      fc.asyncProperty(arb, (v) => Promise.resolve(!fails(v))),
      { seed, path: String(index), numRuns: 1, endOnFailure: false },
    );
    return { path: out.counterexamplePath ?? undefined, value: out.counterexample?.[0] };
  }

  async function viaDescend<T>(arb: fc.Arbitrary<T>, seed: number, index: number, fails: (v: T) => boolean) {
    let last: T | undefined;
    const path = await descend(new LazySample(arb, seed, index + 1, 1), index, (v) => {
      if (!fails(v)) return Promise.resolve('holds' as const);
      last = v;
      return Promise.resolve('fails' as const);
    });
    return { path, value: last };
  }

  test.each([
    ['valid', 3],
    ['valid', 17],
    ['invalid', 5],
    ['invalid', 22],
  ] as const)('%s body %i: same path and same minimal value as fc.check', async (kind, index) => {
    const arb: fc.Arbitrary<unknown> = kind === 'valid' ? validCreateBody() : invalidCreateBody();
    const seed = 4242;
    const start = new LazySample(arb, seed, index + 1, 1).at(index);
    // A rule the start value breaks, so both walks begin from a failure: "the body is at least a third as long".
    const limit = Math.floor(size(start) / 3);
    const fails = (v: unknown): boolean => size(v) > limit;
    expect(fails(start)).toBe(true);
    const ours = await viaDescend(arb, seed, index, fails);
    const theirs = await viaFcCheck(arb, seed, index, fails);
    expect(ours.path).toBeDefined();
    expect(ours.path?.split(':').length).toBeGreaterThan(1);
    expect(ours).toEqual(theirs);
  });

  test('no candidate fails: no path (the first failure stays the one reported)', async () => {
    const path = await descend(new LazySample(validCreateBody(), 1, 1, 1), 0, () => Promise.resolve('holds'));
    expect(path).toBeUndefined();
  });

  test('stop ends the walk at once and keeps the path reached so far', async () => {
    let calls = 0;
    const path = await descend(new LazySample(validCreateBody(), 7, 3, 1), 2, () => {
      calls++;
      return Promise.resolve(calls <= 2 ? 'fails' : 'stop');
    });
    expect(calls).toBe(3);
    expect(path).toBe('2:0:0');
  });
});
