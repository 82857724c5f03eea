import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CheckResult, Failure, RunResults } from '../engine/events';
import { isUsableEvent, type RunStats } from './stats';

/** Failures kept per check after a merge: the engine's default five plus the minimal one. */
export const MERGE_MAX_FAILURES = 6;

/**
 * A merged run's results. `missingShards` belongs in RunResults (engine/events.ts); this extension keeps merge.ts
 * compiling whether or not that declaration is there (once it is, MergedResults is RunResults).
 */
export type MergedResults = RunResults & {
  /** Shards of the run a `report merge --allow-missing` went without ("3/3"); absent when every shard was merged. */
  missingShards?: string[];
};

export interface ShardInput {
  dir: string;
  results: RunResults;
}

export interface Problem {
  message: string;
  hint: string;
}

function parseShard(s: string | undefined): { index: number; total: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? '');
  return m ? { index: Number(m[1]), total: Number(m[2]) } : undefined;
}

/** Why these result sets are not shards of one run; undefined when they can be merged. */
export function shardProblem(shards: readonly ShardInput[]): Problem | undefined {
  const first = shards[0];
  if (!first)
    return { message: 'no report directory given', hint: 'give the shards: report merge DIR1 DIR2 ... --out DIR' };
  for (const s of shards.slice(1)) {
    for (const [field, a, b] of [
      ['seed', first.results.seed, s.results.seed],
      ['target', first.results.target, s.results.target],
      ['runs', first.results.runs, s.results.runs],
      ['profile', first.results.profile, s.results.profile],
    ] as const) {
      if (a !== b)
        return {
          message: `${s.dir} has ${field} ${JSON.stringify(b)} but ${first.dir} has ${JSON.stringify(a)}: not shards of the same run`,
          hint: 'merge only the shards of one run (`run --shard i/n` with the same --seed, --runs, --profile and target)',
        };
    }
  }
  if (shards.length === 1) return undefined;
  const seen = new Map<number, string>();
  let total: number | undefined;
  for (const s of shards) {
    const sh = parseShard(s.results.shard);
    if (!sh)
      return {
        message: `${s.dir} is not a shard (results.json has no "shard")`,
        hint: 'a full run needs no merging; merge the outputs of `run --shard i/n`',
      };
    if (total !== undefined && sh.total !== total)
      return {
        message: `${s.dir} is shard ${s.results.shard} but another directory is a shard of ${total}`,
        hint: 'merge shards split the same way (the same n in --shard i/n)',
      };
    total = sh.total;
    const other = seen.get(sh.index);
    if (other !== undefined)
      return {
        message: `${s.dir} and ${other} are both shard ${s.results.shard}`,
        hint: 'give each shard once; merging one twice would count its cases twice',
      };
    seen.set(sh.index, s.dir);
  }
  return undefined;
}

/** Shards of the run that were not given ("3/4"): without them a merge is inconclusive. */
export function missingShards(shards: readonly ShardInput[]): string[] {
  const parsed = shards.map((s) => parseShard(s.results.shard)).filter((x) => x !== undefined);
  const total = parsed[0]?.total;
  if (total === undefined || parsed.length !== shards.length) return [];
  const have = new Set(parsed.map((p) => p.index));
  const out: string[] = [];
  for (let i = 1; i <= total; i++) if (!have.has(i)) out.push(`${i}/${total}`);
  return out;
}

/** Minimal counterexamples first (smallest request first), then the others in shard order; capped. */
export function combineFailures(lists: ReadonlyArray<readonly Failure[]>, cap: number): Failure[] {
  const all = lists.flat();
  const size = (f: Failure): number => (f.request.text ?? '').length;
  const minimal = all.filter((f) => f.minimal).sort((a, b) => size(a) - size(b));
  const rest = all.filter((f) => !f.minimal);
  return [...minimal, ...rest].slice(0, Math.max(0, cap));
}

function mergeCheck(parts: CheckResult[], cap: number): CheckResult {
  const first = parts[0] as CheckResult;
  const anyFailed = parts.some((p) => p.status === 'failed');
  const anyPassed = parts.some((p) => p.status === 'passed');
  const status: CheckResult['status'] = anyFailed ? 'failed' : anyPassed ? 'passed' : 'skipped';
  const merged: CheckResult = {
    id: first.id,
    severity: first.severity,
    status,
    rule: first.rule,
    source: first.source,
    cases: parts.reduce((n, p) => n + p.cases, 0),
    failedCases: parts.reduce((n, p) => n + p.failedCases, 0),
    failures: combineFailures(
      parts.map((p) => p.failures),
      cap,
    ),
  };
  if (status === 'skipped') {
    const reasons = [...new Set(parts.map((p) => p.skippedReason).filter((r): r is string => Boolean(r)))];
    merged.skippedReason = reasons.join('; ') || 'skipped in every shard';
  }
  return merged;
}

/** The checks of every shard merged per id, in the order they first appear. */
function mergeChecks(shards: readonly ShardInput[], cap: number): CheckResult[] {
  const order: string[] = [];
  const byId = new Map<string, CheckResult[]>();
  for (const s of shards)
    for (const c of s.results.checks) {
      if (!byId.has(c.id)) {
        order.push(c.id);
        byId.set(c.id, []);
      }
      byId.get(c.id)?.push(c);
    }
  return order.map((id) => mergeCheck(byId.get(id) ?? [], cap));
}

/** What waiting cost, summed over the shards that recorded it. */
function addWaiting(results: MergedResults, shards: readonly ShardInput[]): void {
  const throttled = shards.map((s) => s.results.throttling).filter((t) => t !== undefined);
  if (throttled.length > 0)
    results.throttling = {
      throttledResponses: throttled.reduce((n, t) => n + t.throttledResponses, 0),
      retries: throttled.reduce((n, t) => n + t.retries, 0),
      waitedMs: throttled.reduce((n, t) => n + t.waitedMs, 0),
      gaveUp: throttled.some((t) => t.gaveUp),
    };
  const readBacks = shards.map((s) => s.results.readBackRetries).filter((t) => t !== undefined);
  if (readBacks.length > 0)
    results.readBackRetries = {
      retried: readBacks.reduce((n, t) => n + t.retried, 0),
      healed: readBacks.reduce((n, t) => n + t.healed, 0),
      waitedMs: readBacks.reduce((n, t) => n + t.waitedMs, 0),
    };
  const stateful = shards.map((s) => s.results.stateful).filter((t) => t !== undefined);
  if (stateful.length > 0)
    results.stateful = {
      sequences: stateful.reduce((n, t) => n + t.sequences, 0),
      requests: stateful.reduce((n, t) => n + t.requests, 0),
    };
  const cleanups = shards.map((s) => s.results.cleanup).filter((t) => t !== undefined);
  if (cleanups.length > 0) {
    const leftovers = cleanups.flatMap((c) => c.leftovers);
    const leftOut = cleanups.reduce((n, c) => n + (c.leftOut ?? 0), 0);
    results.cleanup = {
      created: cleanups.reduce((n, c) => n + c.created, 0),
      deleted: cleanups.reduce((n, c) => n + c.deleted, 0),
      withoutId: cleanups.reduce((n, c) => n + c.withoutId, 0),
      leftovers,
      ...(leftOut > 0 ? { leftOut } : {}),
      ...(cleanups.some((c) => c.kept) ? { kept: true } : {}),
    };
  }
}

/**
 * One run's results from its shards: case counts summed per check, failures combined (minimal first, capped),
 * status failed if any shard failed, passed if any passed and none failed, skipped only if all skipped; summary,
 * verdict and exit code recomputed; errors of all shards kept. `shard` stays only when some shards are missing, and
 * `missingShards` then names the ones that are.
 */
export function mergeResults(shards: readonly ShardInput[], options: { maxFailures?: number } = {}): MergedResults {
  const first = shards[0]?.results;
  if (!first) throw new Error('mergeResults needs at least one shard');
  const cap = options.maxFailures ?? MERGE_MAX_FAILURES;
  const checks = mergeChecks(shards, cap);
  const errors = shards.flatMap((s) =>
    s.results.errors.map((e) => ({
      ...e,
      message: s.results.shard ? `[shard ${s.results.shard}] ${e.message}` : e.message,
    })),
  );
  const starts = shards.map((s) => Date.parse(s.results.startedAt)).filter(Number.isFinite);
  const ends = shards.map((s) => Date.parse(s.results.startedAt) + s.results.durationMs).filter(Number.isFinite);
  const start = starts.length ? Math.min(...starts) : Date.parse(first.startedAt);
  const durationMs = starts.length ? Math.max(...ends) - start : shards.reduce((n, s) => n + s.results.durationMs, 0);
  const failedErrors = checks.filter((c) => c.status === 'failed' && c.severity === 'error').length;
  const exitCode: 0 | 1 | 2 = errors.length > 0 ? 2 : failedErrors > 0 ? 1 : 0;
  const results: MergedResults = {
    tool: first.tool,
    target: first.target,
    profile: first.profile,
    seed: first.seed,
    runs: first.runs,
    startedAt: Number.isFinite(start) ? new Date(start).toISOString() : first.startedAt,
    durationMs: Math.max(0, Math.round(durationMs)),
    summary: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: checks.filter((c) => c.status === 'failed').length,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      cases: shards.reduce((n, s) => n + s.results.summary.cases, 0),
      warnings: checks.filter((c) => c.status === 'failed' && c.severity === 'warning').length,
    },
    verdict:
      exitCode === 2
        ? errors.every((e) => e.code === 'inconclusive' || e.code === 'throttled')
          ? 'inconclusive'
          : 'error'
        : exitCode === 1
          ? 'failed'
          : 'passed',
    exitCode,
    checks,
    errors,
  };
  addWaiting(results, shards);
  const missing = missingShards(shards);
  if (shards.length === 1 && first.shard) results.shard = first.shard;
  else if (missing.length > 0) {
    const total = /\/(\d+)$/.exec(first.shard ?? '')?.[1] ?? '?';
    const have = shards
      .map((s) => Number(/^(\d+)/.exec(s.results.shard ?? '')?.[1]))
      .sort((a, b) => a - b)
      .join(',');
    results.shard = `${have}/${total}`;
  }
  if (missing.length > 0) results.missingShards = missing;
  return results;
}

/**
 * Concatenates the shards' events.ndjson into `out`, line by line with backpressure, feeding every event to
 * `stats` on the way. Returns the shard files that were missing.
 */
export async function concatEvents(files: readonly string[], out: string, stats: RunStats): Promise<string[]> {
  const missing: string[] = [];
  const sink = createWriteStream(out, { flags: 'w' });
  const write = (line: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      sink.once('error', onError);
      if (sink.write(line + '\n')) {
        sink.off('error', onError);
        resolve();
      } else
        sink.once('drain', () => {
          sink.off('error', onError);
          resolve();
        });
    });
  try {
    for (const file of files) {
      if (!existsSync(file)) {
        missing.push(file);
        continue;
      }
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        await write(line);
        try {
          const e: unknown = JSON.parse(line);
          if (isUsableEvent(e)) stats.onEvent(e);
        } catch {
          // a torn line is copied as it is and left out of the statistics
        }
      }
    }
  } finally {
    await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return missing;
}
