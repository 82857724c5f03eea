/**
 * Generator throughput, to compare with raw HTTP throughput: valid and invalid create bodies per second, sampled
 * in batches for a few seconds each. Not a test: it prints figures and asserts nothing.
 *
 *   npm run bench:generators -- [--seconds 3]
 *
 * --seconds: how long each figure samples (default 3, or $BENCH_SECONDS).
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { invalidCreateBody, validCreateBody } from '../generators';
import { benchArgs } from './args';

const args = benchArgs(__filename, { options: { seconds: 'number' } });
const SECONDS = args.number('seconds') ?? Number(process.env['BENCH_SECONDS'] ?? 3);
const BATCH = 1000;

interface Figures {
  perSecond: number;
  meanBytes: number;
}

/** Samples `arb` in batches (a fresh seed each) for SECONDS; counts values and their JSON size. */
function measure<T>(arb: fc.Arbitrary<T>, size: (v: T) => number): Figures {
  fc.sample(arb, { numRuns: BATCH, seed: 0 }); // warm-up: JIT and first-use caches
  let count = 0;
  let bytes = 0;
  const start = performance.now();
  for (let seed = 1; performance.now() - start < SECONDS * 1000; seed++) {
    for (const v of fc.sample(arb, { numRuns: BATCH, seed })) bytes += size(v);
    count += BATCH;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { perSecond: count / elapsed, meanBytes: bytes / count };
}

function main(): void {
  const t0 = performance.now();
  const valid = validCreateBody();
  const invalid = invalidCreateBody();
  const buildMs = performance.now() - t0;

  const v = measure(valid, (b) => JSON.stringify(b).length);
  const i = measure(invalid, (c) => (c.raw ?? JSON.stringify(c.body) ?? '').length);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`generators bench (${SECONDS} s per figure, batches of ${BATCH}, node ${process.version})`);
  console.log(`  build (specs load + arbitraries): ${buildMs.toFixed(0)} ms`);
  console.log(`  valid bodies:   ${fmt(v.perSecond)} /s  (mean ${fmt(v.meanBytes)} bytes of JSON, serialised)`);
  console.log(`  invalid bodies: ${fmt(i.perSecond)} /s  (mean ${fmt(i.meanBytes)} bytes of JSON, serialised)`);
}

main();
