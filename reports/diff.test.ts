import type { RunResults } from '../engine/events';
import { diffRuns, formatDiffHtml, formatDiffMarkdown, formatDiffText, type DiffSide } from './diff';
import { RunStats } from './stats';
import { check, failure, sampleResults } from './test-support/fixtures';

function run(checks: RunResults['checks'], over: Partial<RunResults> = {}): RunResults {
  return { ...sampleResults(), checks, ...over };
}

const side = (results: RunResults, stats?: RunStats): DiffSide =>
  stats ? { dir: 'x', results, stats, timing: 'timing.json' } : { dir: 'x', results, timing: 'none' };

const failed = (over: Parameters<typeof check>[1] = {}): Parameters<typeof check>[1] => ({
  status: 'failed',
  failedCases: 2,
  failures: [failure({ caseId: 'v1-min', minimal: true, message: 'broken now' })],
  ...over,
});

describe('diffRuns', () => {
  test('an error-level check that passed and fails now is a regression: exit 1', () => {
    const d = diffRuns(side(run([check('echo-fields')])), side(run([check('echo-fields', failed())])));
    expect(d.checks[0]).toMatchObject({
      id: 'echo-fields',
      change: 'new-failure',
      regression: true,
      firstFailure: 'broken now',
    });
    expect(d).toMatchObject({
      regression: true,
      exitCode: 1,
      counts: { newFailures: 1, regressions: 1, fixed: 0, stillFailing: 0 },
    });
    expect(formatDiffText(d)).toContain('REGRESSION: 1 error-level check passed in the baseline and fails now');
  });

  test('a warning-level new failure, or a check the baseline skipped, is reported but exits 0', () => {
    const baseline = run([
      check('location-header', { severity: 'warning' }),
      check('auth-required', { status: 'skipped', cases: 0 }),
    ]);
    const current = run([check('location-header', failed({ severity: 'warning' })), check('auth-required', failed())]);
    const d = diffRuns(side(baseline), side(current));
    expect(d.checks.map((c) => [c.change, c.regression])).toEqual([
      ['new-failure', false],
      ['new-failure', false],
    ]);
    expect(d.exitCode).toBe(0);
    expect(d.counts.newFailures).toBe(2);
  });

  test('fixed, still failing, passing, now skipped, now passing, removed', () => {
    const baseline = run([
      check('status-201', failed()),
      check('echo-fields', failed()),
      check('odata-type'),
      check('content-type'),
      check('auth-required', { status: 'skipped', cases: 0 }),
      check('error-shape'),
    ]);
    const current = run([
      check('status-201'),
      check('echo-fields', failed({ failedCases: 5 })),
      check('odata-type'),
      check('content-type', { status: 'skipped', cases: 0 }),
      check('auth-required'),
    ]);
    const d = diffRuns(side(baseline), side(current));
    expect(Object.fromEntries(d.checks.map((c) => [c.id, c.change]))).toEqual({
      'status-201': 'fixed',
      'echo-fields': 'still-failing',
      'odata-type': 'passing',
      'content-type': 'now-skipped',
      'auth-required': 'now-passing',
      'error-shape': 'removed',
    });
    expect(d.exitCode).toBe(0);
    const echo = d.checks.find((c) => c.id === 'echo-fields');
    expect(echo?.baseline.failedCases).toBe(2);
    expect(echo?.current.failedCases).toBe(5);
  });

  test('response times per check: median and p95 with their relative change', () => {
    const slow = (factor: number): RunStats => {
      const s = new RunStats();
      for (let k = 1; k <= 100; k++)
        s.onEvent({
          type: 'case',
          at: '2025-01-01T00:00:00.000Z',
          caseId: `v${k}`,
          kind: 'valid',
          path: '',
          status: 201,
          durationMs: k * factor,
          failed: [],
          judged: ['echo-fields'],
          done: k,
          total: 100,
        });
      return s;
    };
    const d = diffRuns(side(run([check('echo-fields')]), slow(1)), side(run([check('echo-fields')]), slow(2)));
    const echo = d.checks[0];
    expect(echo?.baseline.medianMs).toBeCloseTo(50, -1);
    expect(echo?.current.p95Ms).toBeCloseTo(190, -1);
    expect(echo?.medianChangePct).toBeGreaterThan(90);
    expect(echo?.medianChangePct).toBeLessThan(110);
    expect(d.current.overall?.count).toBe(100);
    expect(formatDiffText(d)).toMatch(/response time: median .* -> .*\(\+\d/);
  });

  test('notes when the runs are not like for like', () => {
    const d = diffRuns(side(run([], { seed: 1 })), side(run([], { seed: 2, runs: 99 })));
    expect(d.notes.join('\n')).toContain('the seeds differ (1 vs 2)');
    expect(d.notes.join('\n')).toContain('the number of runs differs');
    expect(d.notes.join('\n')).toContain('response times are missing');
  });

  test('diff.md and diff.html list the new failures and escape what the target said', () => {
    const current = run([
      check('echo-fields', failed({ failures: [failure({ caseId: 'c', message: '<script>|x' })] })),
    ]);
    const d = diffRuns(side(run([check('echo-fields')])), side(current));
    const md = formatDiffMarkdown(d);
    expect(md).toContain('## ❌ Regression');
    expect(md).toContain('### New failures');
    expect(md).toContain('&lt;script&gt;\\|x');
    const page = formatDiffHtml(d);
    expect(page).toContain('&lt;script&gt;|x');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('new failure (regression)');
  });
});

describe('fast-check versions', () => {
  test('runs made with different fast-check versions get a note; the same version or an old result without it none', () => {
    const with_ = (v: string | undefined): RunResults =>
      run([check('echo-fields')], { tool: { name: 't', version: '1', ...(v ? { fastCheck: v } : {}) } });
    expect(diffRuns(side(with_('4.11.0')), side(with_('4.12.0'))).notes.join('\n')).toMatch(
      /different fast-check versions \(4\.11\.0 vs 4\.12\.0\)/,
    );
    expect(diffRuns(side(with_('4.11.0')), side(with_('4.11.0'))).notes.join('\n')).not.toMatch(/fast-check/);
    expect(diffRuns(side(with_(undefined)), side(with_('4.11.0'))).notes.join('\n')).not.toMatch(/fast-check/);
  });
});
