import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../engine/events';
import { combineFailures, concatEvents, mergeResults, missingShards, shardProblem, type ShardInput } from './merge';
import { RunStats } from './stats';
import { caseEvents, check, failure, sampleResults } from './test-support/fixtures';

function shard(n: string, checks: RunResults['checks'], over: Partial<RunResults> = {}): ShardInput {
  return { dir: `dir-${n}`, results: { ...sampleResults(), shard: n, checks, ...over } };
}

describe('mergeResults', () => {
  test('sums cases per check; failed if any failed, passed if any passed and none failed, skipped if all skipped', () => {
    const a = shard('1/3', [
      check('status-201', { cases: 5 }),
      check('echo-fields', { cases: 5 }),
      check('auth-required', { cases: 2 }),
      check('unknown-property', { status: 'skipped', cases: 0, skippedReason: 'none sent' }),
      check('location-header', { severity: 'warning', status: 'failed', cases: 5, failedCases: 5 }),
    ]);
    const b = shard('2/3', [
      check('status-201', { cases: 4 }),
      check('echo-fields', {
        status: 'failed',
        cases: 4,
        failedCases: 1,
        failures: [failure({ caseId: 'v1', message: 'm' })],
      }),
      check('auth-required', { status: 'skipped', cases: 0, skippedReason: 'not in shard' }),
      check('unknown-property', { status: 'skipped', cases: 0, skippedReason: 'none sent' }),
      check('location-header', { severity: 'warning', status: 'failed', cases: 4, failedCases: 4 }),
    ]);
    const c = shard('3/3', [
      check('status-201', { status: 'skipped', cases: 0, skippedReason: 'x' }),
      check('echo-fields', { cases: 3 }),
      check('auth-required', { status: 'skipped', cases: 0 }),
      check('unknown-property', { status: 'skipped', cases: 0, skippedReason: 'none sent' }),
      check('location-header', { severity: 'warning', status: 'passed', cases: 3 }),
    ]);
    const m = mergeResults([a, b, c]);
    const by = Object.fromEntries(m.checks.map((x) => [x.id, x]));
    expect(by['status-201']).toMatchObject({ status: 'passed', cases: 9, failedCases: 0 });
    expect(by['status-201']?.skippedReason).toBeUndefined();
    expect(by['echo-fields']).toMatchObject({ status: 'failed', cases: 12, failedCases: 1 });
    expect(by['auth-required']).toMatchObject({ status: 'passed', cases: 2 });
    expect(by['unknown-property']).toMatchObject({ status: 'skipped', cases: 0, skippedReason: 'none sent' });
    expect(by['location-header']).toMatchObject({ status: 'failed', cases: 12, failedCases: 9 });
    expect(m.summary).toEqual({ passed: 2, failed: 2, skipped: 1, cases: 60, warnings: 1 });
    expect(m.verdict).toBe('failed');
    expect(m.exitCode).toBe(1);
    expect(m.shard).toBeUndefined(); // every shard present
    expect(m.checks.map((x) => x.id)).toEqual(a.results.checks.map((x) => x.id));
  });

  test('only warning-level failures: passed, exit 0; a shard error: error, exit 2 with the shard named', () => {
    const warn = check('location-header', { severity: 'warning', status: 'failed', failedCases: 1 });
    const ok = mergeResults([shard('1/2', [warn]), shard('2/2', [check('location-header', { severity: 'warning' })])]);
    expect([ok.verdict, ok.exitCode]).toEqual(['passed', 0]);
    const err = mergeResults([
      shard('1/2', [check('status-201')]),
      shard('2/2', [check('status-201')], { errors: [{ code: 'target-unreachable', message: 'gone' }] }),
    ]);
    expect([err.verdict, err.exitCode]).toEqual(['error', 2]);
    expect(err.errors).toEqual([{ code: 'target-unreachable', message: '[shard 2/2] gone' }]);
  });

  test('time span: earliest start to latest end', () => {
    const m = mergeResults([
      shard('1/2', [], { startedAt: '2025-01-01T00:00:10.000Z', durationMs: 5000 }),
      shard('2/2', [], { startedAt: '2025-01-01T00:00:00.000Z', durationMs: 3000 }),
    ]);
    expect(m.startedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(m.durationMs).toBe(15_000);
  });

  test('failures: minimal ones first (the smallest request first), then the rest, capped', () => {
    const big = failure({ caseId: 'a-min', minimal: true, message: 'm' });
    big.request = { ...big.request, text: 'x'.repeat(100) };
    const small = failure({ caseId: 'b-min', minimal: true, message: 'm' });
    small.request = { ...small.request, text: 'x' };
    const plain = (id: string): ReturnType<typeof failure> => failure({ caseId: id, message: 'm' });
    const merged = combineFailures(
      [
        [big, plain('a1'), plain('a2')],
        [small, plain('b1'), plain('b2')],
      ],
      4,
    );
    expect(merged.map((f) => f.caseId)).toEqual(['b-min', 'a-min', 'a1', 'a2']);
    const m = mergeResults(
      [
        shard('1/2', [
          check('echo-fields', { status: 'failed', failedCases: 3, failures: [big, plain('a1'), plain('a2')] }),
        ]),
        shard('2/2', [
          check('echo-fields', { status: 'failed', failedCases: 3, failures: [small, plain('b1'), plain('b2')] }),
        ]),
      ],
      { maxFailures: 5 },
    );
    expect(m.checks[0]?.failures.map((f) => f.caseId)).toEqual(['b-min', 'a-min', 'a1', 'a2', 'b1']);
    expect(m.checks[0]?.failedCases).toBe(6);
  });

  test('a partial merge keeps which shards it covers', () => {
    const m = mergeResults([shard('1/4', []), shard('3/4', [])]);
    expect(m.shard).toBe('1,3/4');
    expect(missingShards([shard('1/4', []), shard('3/4', [])])).toEqual(['2/4', '4/4']);
  });

  test('a partial merge records the shards it went without; a complete one has no missingShards', () => {
    expect(mergeResults([shard('1/3', []), shard('2/3', [])]).missingShards).toEqual(['3/3']);
    expect(mergeResults([shard('2/3', [])]).missingShards).toEqual(['1/3', '3/3']);
    const whole = mergeResults([shard('1/2', []), shard('2/2', [])]);
    expect(whole.missingShards).toBeUndefined();
    expect(JSON.stringify(whole)).not.toContain('missingShards');
    expect(mergeResults([{ dir: 'full', results: sampleResults() }]).missingShards).toBeUndefined();
  });
});

describe('shardProblem', () => {
  test('accepts shards of one run', () => {
    expect(shardProblem([shard('1/2', []), shard('2/2', [])])).toBeUndefined();
    expect(shardProblem([{ dir: 'full', results: sampleResults() }])).toBeUndefined();
  });

  test.each([
    ['seed', { seed: 7 }],
    ['target', { target: 'http://other' }],
    ['runs', { runs: 11 }],
    ['profile', { profile: 'odata-strict' }],
  ] as const)('refuses a different %s', (field, over) => {
    const p = shardProblem([shard('1/2', []), shard('2/2', [], over)]);
    expect(p?.message).toContain(`has ${field}`);
    expect(p?.hint).toContain('shards of one run');
  });

  test('refuses a shard given twice, different splits, and full runs', () => {
    expect(shardProblem([shard('1/2', []), { ...shard('1/2', []), dir: 'again' }])?.message).toContain(
      'both shard 1/2',
    );
    expect(shardProblem([shard('1/2', []), shard('2/3', [])])?.message).toContain('shard of 2');
    expect(shardProblem([shard('1/2', []), { dir: 'full', results: sampleResults() }])?.message).toContain(
      'not a shard',
    );
    expect(shardProblem([])?.message).toContain('no report directory');
  });
});

describe('concatEvents', () => {
  test('copies every line of every shard in order and aggregates their cases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'merge-'));
    try {
      const a = join(dir, 'a.ndjson');
      const b = join(dir, 'b.ndjson');
      writeFileSync(
        a,
        caseEvents(30, ['status-201'])
          .map((e) => JSON.stringify(e))
          .join('\n') + '\n',
      );
      writeFileSync(
        b,
        caseEvents(20, ['status-201'], '2025-01-02T03:04:06.000Z')
          .map((e) => JSON.stringify(e))
          .join('\n') + '\n',
      );
      const stats = new RunStats(Date.parse('2025-01-02T03:04:05.000Z'));
      const missing = await concatEvents([a, b, join(dir, 'none.ndjson')], join(dir, 'out.ndjson'), stats);
      expect(missing).toEqual([join(dir, 'none.ndjson')]);
      const lines = readFileSync(join(dir, 'out.ndjson'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(31 + 21);
      expect(stats.cases).toBe(50);
      expect(stats.bins.reduce((x, y) => x + y, 0)).toBe(50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
