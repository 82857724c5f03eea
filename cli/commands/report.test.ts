import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { RunResults } from '../../engine/events';
import { check, caseEvents, failure, sampleResults } from '../../reports/test-support/fixtures';
import { runCli, type Io } from '../program';
import { registerReport } from './report';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'report-cli-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function capture(): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

/** A report dir with results.json and events.ndjson (no timing.json, so diff reads the events). */
function reportDir(name: string, results: RunResults, events = true): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  if (events)
    writeFileSync(
      join(dir, 'events.ndjson'),
      caseEvents(40, ['status-201', 'echo-fields'], results.startedAt)
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
  return dir;
}

const passing = (): RunResults => ({
  ...sampleResults(),
  checks: [check('status-201'), check('echo-fields')],
  verdict: 'passed',
  exitCode: 0,
});
const breaking = (): RunResults => ({
  ...sampleResults(),
  checks: [
    check('status-201'),
    check('echo-fields', {
      status: 'failed',
      failedCases: 2,
      failures: [failure({ caseId: 'v1-min', minimal: true, message: 'lost' })],
    }),
  ],
});

describe('report diff', () => {
  test('exit 1 when an error-level check passed in the baseline fails now; writes diff.* into --current', async () => {
    const io = capture();
    const base = reportDir('base', passing());
    const cur = reportDir('cur', breaking());
    expect(await runCli(['report', 'diff', '--baseline', base, '--current', cur], io)).toBe(1);
    expect(io.stdout()).toContain('new failures (1): echo-fields');
    expect(io.stdout()).toContain('REGRESSION');
    for (const f of ['diff.md', 'diff.html', 'diff.json']) expect(existsSync(join(cur, f))).toBe(true);
    const json = JSON.parse(readFileSync(join(cur, 'diff.json'), 'utf8')) as {
      exitCode: number;
      current: { timing: string };
    };
    expect(json.exitCode).toBe(1);
    expect(json.current.timing).toBe('events.ndjson');
  });

  test('exit 0 for the same results; --out elsewhere', async () => {
    const io = capture();
    const base = reportDir('base', passing());
    const cur = reportDir('cur', passing());
    const out = join(root, 'out', 'nested');
    expect(await runCli(['report', 'diff', '--baseline', base, '--current', cur, '--out', out], io)).toBe(0);
    expect(existsSync(join(out, 'diff.md'))).toBe(true);
    expect(existsSync(join(cur, 'diff.md'))).toBe(false);
    expect(io.stdout()).toContain('OK: no regression');
  });

  test('exit 0 when a failing check is fixed', async () => {
    const io = capture();
    expect(
      await runCli(
        ['report', 'diff', '--baseline', reportDir('b', breaking()), '--current', reportDir('c', passing())],
        io,
      ),
    ).toBe(0);
    expect(io.stdout()).toContain('fixed (1): echo-fields');
  });

  test('exit 2 with a hint on unreadable input', async () => {
    const good = reportDir('good', passing());
    const io1 = capture();
    expect(await runCli(['report', 'diff', '--baseline', join(root, 'nope'), '--current', good], io1)).toBe(2);
    expect(io1.stderr()).toContain('error [report-not-found]: baseline directory not found');
    expect(io1.stderr()).toContain('hint:');

    const torn = join(root, 'torn');
    mkdirSync(torn);
    writeFileSync(join(torn, 'results.json'), '{"seed": 1,');
    const io2 = capture();
    expect(await runCli(['report', 'diff', '--baseline', good, '--current', torn], io2)).toBe(2);
    expect(io2.stderr()).toContain('error [report-invalid]: current:');

    const odd = join(root, 'odd');
    mkdirSync(odd);
    writeFileSync(join(odd, 'results.json'), '{"seed": 1}');
    const io3 = capture();
    expect(await runCli(['report', 'diff', '--baseline', good, '--current', odd], io3)).toBe(2);
    expect(io3.stderr()).toContain('is not a conformance results.json');

    const io4 = capture();
    expect(await runCli(['report', 'diff', '--baseline', good], io4)).toBe(2);
    expect(io4.stderr()).toContain("required option '--current <dir>' not specified");
  });
});

describe('report merge', () => {
  const sharded = (i: number, over: Partial<RunResults> = {}): RunResults => ({
    ...breaking(),
    shard: `${i}/2`,
    ...over,
  });

  test('writes every format into --out and exits with the merged exit code', async () => {
    const io = capture();
    const a = reportDir('s1', sharded(1));
    const b = reportDir('s2', { ...sharded(2), checks: [check('status-201'), check('echo-fields')] });
    const out = join(root, 'merged');
    expect(await runCli(['report', 'merge', a, b, '--out', out], io)).toBe(1);
    for (const f of [
      'results.json',
      'events.ndjson',
      'timing.json',
      'junit.xml',
      'summary.md',
      'report.html',
      'cases/echo-fields.json',
    ])
      expect(existsSync(join(out, f))).toBe(true);
    const merged = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(merged.checks.find((c) => c.id === 'echo-fields')).toMatchObject({
      status: 'failed',
      cases: 20,
      failedCases: 2,
    });
    expect(merged.summary.cases).toBe(40);
    expect(merged.shard).toBeUndefined();
    expect(readFileSync(join(out, 'events.ndjson'), 'utf8').trim().split('\n')).toHaveLength(82);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('80 cases: median');
    expect(io.stdout()).toContain('merged 2 shard(s) of seed 42: 1/2, 2/2');
  });

  test('refuses shards of different runs, a shard twice, and --out being a shard (exit 2)', async () => {
    const a = reportDir('s1', sharded(1));
    const io1 = capture();
    expect(
      await runCli(['report', 'merge', a, reportDir('s2', sharded(2, { seed: 9 })), '--out', join(root, 'm')], io1),
    ).toBe(2);
    expect(io1.stderr()).toContain('error [shards-mismatch]');
    expect(io1.stderr()).toContain('has seed 9');
    const io2 = capture();
    expect(await runCli(['report', 'merge', a, a, '--out', join(root, 'm')], io2)).toBe(2);
    expect(io2.stderr()).toContain('both shard 1/2');
    const io3 = capture();
    expect(await runCli(['report', 'merge', a, reportDir('s2b', sharded(2)), '--out', a], io3)).toBe(2);
    expect(io3.stderr()).toContain('error [report-out-is-input]');
    const io4 = capture();
    expect(await runCli(['report', 'merge', a, '--out', join(root, 'm'), '--junit-warnings', 'maybe'], io4)).toBe(2);
  });

  test('a missing shard makes the merge inconclusive: exit 2 and nothing written, even when every shard passed', async () => {
    const io = capture();
    const ok = (i: number): RunResults => ({ ...passing(), shard: `${i}/3` });
    const out = join(root, 'partial');
    expect(await runCli(['report', 'merge', reportDir('p1', ok(1)), reportDir('p2', ok(2)), '--out', out], io)).toBe(2);
    expect(io.stderr()).toContain('inconclusive: shard 3/3 missing');
    expect(io.stderr()).toMatch(/hint: .*--allow-missing/);
    expect(io.stdout()).not.toContain('PASSED');
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  });

  test('--allow-missing merges what there is: a warning, the run exit code, missingShards in results.json', async () => {
    const io = capture();
    const ok = (i: number): RunResults => ({ ...passing(), shard: `${i}/3` });
    const out = join(root, 'partial');
    expect(
      await runCli(
        ['report', 'merge', reportDir('p1', ok(1)), reportDir('p2', ok(2)), '--out', out, '--allow-missing'],
        io,
      ),
    ).toBe(0);
    expect(io.stderr()).toMatch(/warning: .*shard 3\/3 missing/);
    const merged = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults & {
      missingShards?: string[];
    };
    expect(merged.missingShards).toEqual(['3/3']);
    expect(merged.shard).toBe('1,2/3');
  });

  test('merge --help documents --allow-missing and exit 2 for a missing shard', async () => {
    const h = capture();
    expect(await runCli(['report', 'merge', '--help'], h)).toBe(0);
    expect(h.stdout()).toContain('--allow-missing');
    expect(h.stdout()).toMatch(/missing shard/);
  });

  test('with --allow-missing a missing shard is a warning; --junit-warnings fail turns warnings into JUnit failures', async () => {
    const io = capture();
    const warnOnly: RunResults = {
      ...sharded(1),
      shard: '1/3',
      checks: [
        check('location-header', {
          severity: 'warning',
          status: 'failed',
          failedCases: 1,
          failures: [failure({ caseId: 'v0', message: 'w' })],
        }),
      ],
    };
    const out = join(root, 'm');
    expect(
      await runCli(
        [
          'report',
          'merge',
          reportDir('w', warnOnly, false),
          '--out',
          out,
          '--junit-warnings',
          'fail',
          '--allow-missing',
        ],
        io,
      ),
    ).toBe(0);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<failure message=');
    expect(io.stderr()).toContain('events.ndjson not found');
  });
});

describe('report help', () => {
  test('report --help, report diff --help and report merge --help describe every option', async () => {
    const program = new Command();
    registerReport(program, capture(), () => undefined);
    const report = program.commands.find((c) => c.name() === 'report');
    const subs = report?.commands ?? [];
    expect(subs.map((c) => c.name())).toEqual(['diff', 'merge']);

    const io = capture();
    expect(await runCli(['report', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('diff');
    expect(io.stdout()).toContain('merge');
    expect(io.stdout()).toContain('exit 0');

    for (const sub of subs) {
      const h = capture();
      expect(await runCli(['report', sub.name(), '--help'], h)).toBe(0);
      for (const opt of sub.options) {
        expect(opt.description.length).toBeGreaterThan(10);
        expect(h.stdout()).toContain(opt.flags);
        expect(h.stdout()).toContain(opt.description.slice(0, 30));
      }
      expect(h.stdout()).toContain('Exit codes');
    }
  });
});
