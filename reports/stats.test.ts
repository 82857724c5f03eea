import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../engine/events';
import { bucketOf, bucketUpper, Histogram, MAX_TIME_BINS, readEventsInto, RunStats } from './stats';
import { caseEvents } from './test-support/fixtures';

/** A deterministic pseudo-random source (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Histogram', () => {
  test('bucket i holds (upper(i-1), upper(i)]', () => {
    for (const v of [0.011, 0.5, 1, 3.7, 42, 999, 12345]) {
      const i = bucketOf(v);
      expect(v).toBeLessThanOrEqual(bucketUpper(i) * (1 + 1e-9));
      expect(v).toBeGreaterThan(bucketUpper(i - 1) * (1 - 1e-9));
    }
    expect(bucketOf(0)).toBe(0);
  });

  test('median and p95 are within the bucket width of the exact values', () => {
    const next = rng(7);
    const h = new Histogram();
    const values: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const v = Math.exp(next() * 6) * 0.5; // 0.5 ms .. 200 ms, log-uniform
      values.push(v);
      h.add(v);
    }
    values.sort((a, b) => a - b);
    const exact = (q: number): number => values[Math.ceil(q * values.length) - 1] ?? NaN;
    for (const q of [0.5, 0.95, 0.99]) {
      const got = h.quantile(q) ?? NaN;
      expect(Math.abs(got - exact(q)) / exact(q)).toBeLessThan(0.04);
    }
    expect(h.summary()?.maxMs).toBe(values[values.length - 1]);
  });

  test('memory stays bounded: a few hundred buckets whatever the number of cases', () => {
    const next = rng(1);
    const h = new Histogram();
    for (let k = 0; k < 50_000; k++) h.add(next() ** 4 * 3_600_000);
    expect(h.count).toBe(50_000);
    expect(h.buckets.size).toBeLessThan(700);
  });

  test('JSON round trip', () => {
    const h = new Histogram();
    [1, 2, 3, 50].forEach((v) => h.add(v));
    const back = Histogram.fromJSON(JSON.parse(JSON.stringify(h.toJSON())) as ReturnType<Histogram['toJSON']>);
    expect(back.summary()).toEqual(h.summary());
  });
});

describe('RunStats', () => {
  test('aggregates overall, per judged check, per status and per time bin', () => {
    const s = new RunStats();
    for (const e of caseEvents(100, ['status-201', 'echo-fields'])) s.onEvent(e);
    expect(s.cases).toBe(100);
    expect(s.overall.count).toBe(100);
    expect(s.perCheck.get('echo-fields')?.count).toBe(100);
    expect(s.perCheck.get('rejects-invalid')).toBeUndefined();
    expect(s.statuses.get(400)).toBe(10);
    expect(s.bins.reduce((a, b) => a + b, 0)).toBe(100);
    // cases every 7 ms from the start: 100 ms bins hold 14 or 15 cases = 140..150 per second
    expect(s.binMs).toBe(100);
    for (const p of s.throughput().slice(0, -1)) expect(p.perSecond).toBeGreaterThanOrEqual(140);
  });

  test('time bins widen as a long run goes on, never more than MAX_TIME_BINS, counts kept', () => {
    const s = new RunStats(Date.parse('2025-01-01T00:00:00Z'));
    const n = 20_000;
    for (let k = 0; k < n; k++)
      s.onEvent({
        type: 'case',
        at: new Date(Date.parse('2025-01-01T00:00:00Z') + k * 1500).toISOString(), // ~8 hours
        caseId: `v${k}`,
        kind: 'valid',
        path: '',
        status: 201,
        durationMs: 5,
        failed: [],
        judged: ['status-201'],
        done: k,
        total: n,
      });
    expect(s.bins.length).toBeLessThanOrEqual(MAX_TIME_BINS);
    expect(s.bins.reduce((a, b) => a + b, 0)).toBe(n);
    expect(s.binMs).toBeGreaterThanOrEqual(60_000);
  });

  test('timing.json round trip', () => {
    const s = new RunStats();
    for (const e of caseEvents(50, ['status-201'])) s.onEvent(e);
    const back = RunStats.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(back?.toJSON()).toEqual(s.toJSON());
    expect(RunStats.fromJSON({ format: 'something-else' })).toBeUndefined();
  });

  test('readEventsInto streams an events.ndjson file and skips torn lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stats-'));
    try {
      const file = join(dir, 'events.ndjson');
      const events: RunEvent[] = caseEvents(20, ['status-201']);
      writeFileSync(
        file,
        events.map((e) => JSON.stringify(e)).join('\n') + '\n{"type":"case","durationMs":"x"}\n{"type":"ca\n',
      );
      const s = new RunStats();
      const read = await readEventsInto(file, s);
      expect(read).toEqual({ found: true, lines: 23, bad: 2 });
      expect(s.cases).toBe(20);
      expect(await readEventsInto(join(dir, 'none.ndjson'), s)).toEqual({ found: false, lines: 0, bad: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
