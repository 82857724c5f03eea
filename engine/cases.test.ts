import fc from 'fast-check';
import { invalidCreateBody, validCreateBody } from '../generators';
import { JobQueue, LazySample } from './cases';

const SEEDS = [1, 42, -7, 2147483647];

describe('LazySample gives the values of fc.sample(arb, {seed}) index by index', () => {
  test.each(SEEDS)('valid and invalid bodies, seed %p, in small batches', (seed) => {
    for (const arb of [validCreateBody(), invalidCreateBody()] as fc.Arbitrary<unknown>[]) {
      const expected = fc.sample(arb, { seed, numRuns: 60 });
      const lazy = new LazySample(arb, seed, 60, 7);
      expect(expected.map((_, i) => lazy.at(i))).toEqual(expected);
    }
  });

  test('across many batch boundaries, far into the sample', () => {
    const arb = invalidCreateBody();
    const expected = fc.sample(arb, { seed: 77, numRuns: 1500 });
    const lazy = new LazySample(arb, 77, 1500, 256);
    expect(expected.map((_, i) => lazy.at(i))).toEqual(expected);
  });

  test('indexes may be skipped (shards), and a later batch starts where it is asked for', () => {
    const arb = validCreateBody();
    const expected = fc.sample(arb, { seed: 5, numRuns: 40 });
    const lazy = new LazySample(arb, 5, 40, 4);
    for (const i of [1, 4, 7, 10, 21, 39]) expect(lazy.at(i)).toEqual(expected[i]);
    expect(() => lazy.at(3)).toThrow(RangeError);
    expect(() => lazy.at(40)).toThrow(RangeError);
  });

  test('the first N values of a sample of M > N are the sample of N (what makes batches possible)', () => {
    const arb = invalidCreateBody();
    expect(fc.sample(arb, { seed: 9, numRuns: 50 }).slice(0, 20)).toEqual(fc.sample(arb, { seed: 9, numRuns: 20 }));
  });

  test('value i is the one fc.check replays with {seed, path: i} (what shrinking starts from)', async () => {
    const arb = validCreateBody();
    const lazy = new LazySample(arb, 11, 30, 8);
    for (const i of [0, 9, 29]) {
      let replayed: unknown;
      await fc.check(
        fc.asyncProperty(arb, (v) => {
          replayed ??= v;
          return Promise.resolve(true);
        }),
        { seed: 11, path: String(i), numRuns: 1 },
      );
      expect(lazy.at(i)).toEqual(replayed);
    }
  });
});

describe('JobQueue', () => {
  const drain = (q: JobQueue): Array<{ kind: string; index: number; value: unknown }> => {
    const out: Array<{ kind: string; index: number; value: unknown }> = [];
    for (let j = q.next(); j; j = q.next()) out.push(j);
    return out;
  };

  test('auth cases first (valid body 0), then valid i and invalid i in order; length is what next() hands out', () => {
    const valid = fc.sample(validCreateBody(), { seed: 3, numRuns: 12 });
    const invalid = fc.sample(invalidCreateBody(), { seed: 3, numRuns: 12 });
    const q = new JobQueue({ runs: 12, seed: 3, auth: true }, 5);
    const jobs = drain(q);
    expect(q.length).toBe(26);
    expect(jobs).toHaveLength(26);
    expect(jobs.slice(0, 2)).toEqual([
      { kind: 'auth-missing', index: 0, value: valid[0] },
      { kind: 'auth-wrong', index: 0, value: valid[0] },
    ]);
    expect(jobs.slice(2)).toEqual(
      valid.flatMap((v, i) => [
        { kind: 'valid', index: i, value: v },
        { kind: 'invalid', index: i, value: invalid[i] },
      ]),
    );
  });

  test('a shard takes the indexes i with i % n = shard - 1', () => {
    const valid = fc.sample(validCreateBody(), { seed: 8, numRuns: 10 });
    const q = new JobQueue({ runs: 10, seed: 8, shard: { index: 2, total: 3 }, auth: false }, 4);
    const jobs = drain(q);
    expect(q.length).toBe(6);
    expect(jobs.map((j) => `${j.kind}:${j.index}`)).toEqual([
      'valid:1',
      'invalid:1',
      'valid:4',
      'invalid:4',
      'valid:7',
      'invalid:7',
    ]);
    expect(jobs[2]?.value).toEqual(valid[4]);
    const beyond = new JobQueue({ runs: 2, seed: 8, shard: { index: 3, total: 3 }, auth: false });
    expect(beyond.length).toBe(0);
    expect(beyond.next()).toBeUndefined();
  });
});
