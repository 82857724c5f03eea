import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RunEvent } from '../engine/events';

/**
 * Response times and throughput of a run, aggregated incrementally from 'case' events in bounded memory:
 * log-scale histograms (at most a few hundred buckets each, overall and per check) and time bins of a width that
 * grows as the run goes on (at most MAX_TIME_BINS of them). Nothing keeps a list of every case.
 *
 * Per-check times: a case's durationMs (the POST round trip) counts for every check that judged it.
 */

/** Bucket i > 0 holds (BASE_MS * RATIO^(i-1), BASE_MS * RATIO^i]; bucket 0 holds [0, BASE_MS]. */
export const BASE_MS = 0.01;
export const RATIO = 1.04;
/** Beyond this the bucket index is capped (about 12 hours), which keeps any histogram below ~700 buckets. */
const MAX_BUCKET = Math.ceil(Math.log(43_200_000 / BASE_MS) / Math.log(RATIO));

/** Time bin widths: each one a multiple of the one before, so bins can be regrouped without losing counts. */
const BIN_WIDTHS_MS = [100, 200, 1000, 2000, 10_000, 20_000, 60_000, 120_000, 600_000, 1_200_000, 3_600_000];
export const MAX_TIME_BINS = 240;

export const TIMING_FORMAT = 'conformance-timing/1';

export function bucketOf(durationMs: number): number {
  if (!(durationMs > BASE_MS)) return 0;
  return Math.min(MAX_BUCKET, Math.max(1, Math.ceil(Math.log(durationMs / BASE_MS) / Math.log(RATIO) - 1e-9)));
}

/** The upper bound of bucket i. */
export const bucketUpper = (i: number): number => BASE_MS * RATIO ** i;

/** A log-scale histogram of durations; quantiles are exact to within the bucket width (about 4 %). */
export class Histogram {
  readonly buckets = new Map<number, number>();
  count = 0;
  sumMs = 0;
  minMs = Infinity;
  maxMs = -Infinity;

  add(durationMs: number, times = 1): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const i = bucketOf(durationMs);
    this.buckets.set(i, (this.buckets.get(i) ?? 0) + times);
    this.count += times;
    this.sumMs += durationMs * times;
    if (durationMs < this.minMs) this.minMs = durationMs;
    if (durationMs > this.maxMs) this.maxMs = durationMs;
  }

  merge(other: Histogram): void {
    for (const [i, n] of other.buckets) this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
    this.count += other.count;
    this.sumMs += other.sumMs;
    this.minMs = Math.min(this.minMs, other.minMs);
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  /** The q-quantile (0..1): the middle of the bucket that holds it, clamped to the observed min and max. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const i of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(i) ?? 0;
      if (seen >= rank) {
        const mid = i === 0 ? BASE_MS / 2 : Math.sqrt(bucketUpper(i - 1) * bucketUpper(i));
        return Math.min(this.maxMs, Math.max(this.minMs, mid));
      }
    }
    return this.maxMs;
  }

  summary(): TimingSummary | undefined {
    if (this.count === 0) return undefined;
    return {
      count: this.count,
      meanMs: this.sumMs / this.count,
      medianMs: this.quantile(0.5) ?? 0,
      p95Ms: this.quantile(0.95) ?? 0,
      maxMs: this.maxMs,
    };
  }

  toJSON(): HistogramJson {
    return {
      count: this.count,
      sumMs: round3(this.sumMs),
      minMs: this.count ? this.minMs : 0,
      maxMs: this.count ? this.maxMs : 0,
      buckets: [...this.buckets.entries()].sort((a, b) => a[0] - b[0]),
    };
  }

  static fromJSON(j: HistogramJson): Histogram {
    const h = new Histogram();
    for (const [i, n] of j.buckets) h.buckets.set(i, n);
    h.count = j.count;
    h.sumMs = j.sumMs;
    h.minMs = j.count ? j.minMs : Infinity;
    h.maxMs = j.count ? j.maxMs : -Infinity;
    return h;
  }
}

export interface TimingSummary {
  count: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface HistogramJson {
  count: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
  /** [bucket index, count] pairs, ascending. */
  buckets: Array<[number, number]>;
}

/** timing.json: what `report diff` compares, written by every run beside results.json. */
export interface TimingJson {
  format: typeof TIMING_FORMAT;
  histogram: { baseMs: number; ratio: number };
  /** When time bin 0 starts (the run-started event). */
  origin?: string;
  cases: number;
  overall: HistogramJson;
  checks: Record<string, HistogramJson>;
  statuses: Record<string, number>;
  throughput: { binMs: number; counts: number[] };
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export class RunStats {
  readonly overall = new Histogram();
  readonly perCheck = new Map<string, Histogram>();
  readonly statuses = new Map<number, number>();
  origin: number | undefined;
  binMs = BIN_WIDTHS_MS[0] ?? 100;
  bins: number[] = [];
  cases = 0;

  /** Fixes where the throughput timeline starts (e.g. the earliest shard start); else the first run-started. */
  constructor(origin?: number) {
    this.origin = origin;
  }

  onEvent(e: Readonly<RunEvent>): void {
    if (e.type === 'run-started') {
      const t = Date.parse(e.at);
      if (this.origin === undefined && Number.isFinite(t)) this.origin = t;
      return;
    }
    if (e.type !== 'case') return;
    this.cases++;
    this.overall.add(e.durationMs);
    for (const id of e.judged) {
      let h = this.perCheck.get(id);
      if (!h) this.perCheck.set(id, (h = new Histogram()));
      h.add(e.durationMs);
    }
    this.statuses.set(e.status, (this.statuses.get(e.status) ?? 0) + 1);
    const at = Date.parse(e.at);
    if (Number.isFinite(at)) {
      this.origin ??= at;
      this.countAt(Math.max(0, at - this.origin));
    }
  }

  private countAt(offsetMs: number): void {
    let bin = Math.floor(offsetMs / this.binMs);
    while (bin >= MAX_TIME_BINS) {
      this.widen();
      bin = Math.floor(offsetMs / this.binMs);
    }
    while (this.bins.length <= bin) this.bins.push(0);
    this.bins[bin] = (this.bins[bin] ?? 0) + 1;
  }

  /** Regroups the time bins into the next wider width. */
  private widen(): void {
    const at = BIN_WIDTHS_MS.indexOf(this.binMs);
    const next = at >= 0 && at + 1 < BIN_WIDTHS_MS.length ? (BIN_WIDTHS_MS[at + 1] ?? this.binMs * 2) : this.binMs * 2;
    const factor = next / this.binMs;
    const grouped: number[] = [];
    this.bins.forEach((n, i) => {
      const j = Math.floor(i / factor);
      grouped[j] = (grouped[j] ?? 0) + n;
    });
    this.bins = Array.from(grouped, (n) => n ?? 0);
    this.binMs = next;
  }

  /** Requests per second in each time bin. */
  throughput(): Array<{ startMs: number; perSecond: number }> {
    return this.bins.map((n, i) => ({ startMs: i * this.binMs, perSecond: (n * 1000) / this.binMs }));
  }

  toJSON(): TimingJson {
    const checks: Record<string, HistogramJson> = {};
    for (const [id, h] of this.perCheck) checks[id] = h.toJSON();
    const statuses: Record<string, number> = {};
    for (const [s, n] of [...this.statuses.entries()].sort((a, b) => a[0] - b[0])) statuses[String(s)] = n;
    const out: TimingJson = {
      format: TIMING_FORMAT,
      histogram: { baseMs: BASE_MS, ratio: RATIO },
      cases: this.cases,
      overall: this.overall.toJSON(),
      checks,
      statuses,
      throughput: { binMs: this.binMs, counts: [...this.bins] },
    };
    if (this.origin !== undefined) out.origin = new Date(this.origin).toISOString();
    return out;
  }

  /** Reads timing.json content back; undefined when it is not one (another format or another bucket scheme). */
  static fromJSON(value: unknown): RunStats | undefined {
    const j = value as Partial<TimingJson> | undefined;
    if (!j || typeof j !== 'object' || j.format !== TIMING_FORMAT) return undefined;
    if (j.histogram?.baseMs !== BASE_MS || j.histogram.ratio !== RATIO) return undefined;
    if (!j.overall || !j.checks || !j.throughput || !Array.isArray(j.throughput.counts)) return undefined;
    const s = new RunStats(j.origin ? Date.parse(j.origin) : undefined);
    s.cases = typeof j.cases === 'number' ? j.cases : j.overall.count;
    s.overall.merge(Histogram.fromJSON(j.overall));
    for (const [id, h] of Object.entries(j.checks)) s.perCheck.set(id, Histogram.fromJSON(h));
    for (const [k, n] of Object.entries(j.statuses ?? {})) s.statuses.set(Number(k), n);
    s.binMs = j.throughput.binMs;
    s.bins = [...j.throughput.counts];
    return s;
  }
}

/**
 * Feeds the 'case' and 'run-started' events of an events.ndjson file to `stats`, streaming line by line.
 * Lines that are not JSON are counted and skipped. Resolves false when the file does not exist.
 */
export async function readEventsInto(
  file: string,
  stats: { onEvent(e: Readonly<RunEvent>): void },
): Promise<{ found: boolean; lines: number; bad: number }> {
  if (!existsSync(file)) return { found: false, lines: 0, bad: 0 };
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  let bad = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    try {
      const e = JSON.parse(line) as RunEvent;
      if (isUsableEvent(e)) stats.onEvent(e);
      else bad++;
    } catch {
      bad++;
    }
  }
  return { found: true, lines: n, bad };
}

/** A parsed ndjson line that is safe to aggregate (a case event with its numbers and judged ids). */
export function isUsableEvent(e: unknown): e is RunEvent {
  if (!e || typeof e !== 'object') return false;
  const ev = e as Record<string, unknown>;
  if (typeof ev['type'] !== 'string') return false;
  if (ev['type'] === 'case') {
    return (
      typeof ev['durationMs'] === 'number' &&
      typeof ev['status'] === 'number' &&
      typeof ev['at'] === 'string' &&
      Array.isArray(ev['judged']) &&
      ev['judged'].every((id) => typeof id === 'string')
    );
  }
  if (ev['type'] === 'run-started') return typeof ev['at'] === 'string';
  return true;
}
