import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliCapture } from '../support/cli-capture';
import { CHECK_IDS } from '../../checks/types';
import { createReferenceHandler, startMutant, startReference, type RunningServer } from '../../targets';

const ROOT = resolve(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

jest.setTimeout(120_000);

const cli = cliCapture;

interface Results {
  tool: { name: string; version: string };
  target: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  summary: { passed: number; failed: number; skipped: number; cases: number };
  checks: Array<{
    id: string;
    severity: string;
    status: string;
    cases: number;
    failures: Array<{
      caseId: string;
      message: string;
      request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
      response: { status: number; headers: Record<string, string>; text: string };
      reproduce: { seed: number; path: string; curl: string };
    }>;
  }>;
}

const read = (d: string): Results => JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')) as Results;

describe('conformance run', () => {
  test('against a passing URL target: exit 0, results.json in the documented shape, the seed printed', async () => {
    const ref = await startReference();
    try {
      const d = join(dir, 'pass');
      const r = await cli(['run', '--target', ref.url, '--runs', '20', '--seed', '77', '--report-dir', d]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('seed 77');
      const res = read(d);
      expect(res).toMatchObject({ tool: { name: 'graph-office-config-conformance' }, target: ref.url, seed: 77 });
      expect(typeof res.startedAt).toBe('string');
      expect(typeof res.durationMs).toBe('number');
      expect(res.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
      expect(res.summary.cases).toBeGreaterThanOrEqual(40);
      for (const c of res.checks) expect(['passed', 'skipped']).toContain(c.status);
      expect(res.checks.find((c) => c.id === 'auth-required')?.status).toBe('skipped');
      for (const f of ['results.json', 'events.ndjson', 'junit.xml', 'summary.md', 'report.html'])
        expect(existsSync(join(d, f))).toBe(true);
    } finally {
      await ref.close();
    }
  });

  test('--profile odata-strict end to end: the reference passes; a type without # passes graph-docs and fails strict', async () => {
    const ref = await startReference();
    const bare = await startMutant('odata-type-with-hash');
    try {
      const strict = join(dir, 'strict-ref');
      const r = await cli([
        'run',
        '--target',
        ref.url,
        '--runs',
        '20',
        '--seed',
        '3',
        '--profile',
        'odata-strict',
        '--report-dir',
        strict,
      ]);
      expect(r.code).toBe(0);
      const res = read(strict) as Results & { profile: string };
      expect(res.profile).toBe('odata-strict');
      // In odata-strict location-header is an error, and the reference's Location passes it.
      expect(res.checks.find((c) => c.id === 'location-header')).toMatchObject({ severity: 'error', status: 'passed' });
      const docs = await cli([
        'run',
        '--target',
        bare.url,
        '--runs',
        '20',
        '--seed',
        '3',
        '--report-dir',
        join(dir, 'bare-docs'),
      ]);
      expect(docs.code).toBe(0);
      const failing = join(dir, 'bare-strict');
      const s = await cli([
        'run',
        '--target',
        bare.url,
        '--runs',
        '20',
        '--seed',
        '3',
        '--profile',
        'odata-strict',
        '--report-dir',
        failing,
      ]);
      expect(s.code).toBe(1);
      expect(read(failing).checks.find((c) => c.id === 'odata-type')?.status).toBe('failed');
    } finally {
      await ref.close();
      await bare.close();
    }
  });

  test('against a failing target: exit 1, failures with minimal body and reproduction, and replay still fails', async () => {
    let mutant: RunningServer | undefined = await startMutant('echo-long-strings');
    try {
      const d = join(dir, 'fail');
      const r = await cli(['run', '--target', mutant.url, '--runs', '60', '--seed', '4', '--report-dir', d]);
      expect(r.code).toBe(1);
      const echo = read(d).checks.find((c) => c.id === 'echo-fields');
      expect(echo?.status).toBe('failed');
      const f = echo?.failures[0];
      expect(f?.reproduce.seed).toBe(4);
      expect(f?.reproduce.path).toMatch(/^valid:\d+/);
      expect(f?.reproduce.curl).toContain(
        `curl -sS -i -X POST '${mutant.url}/officeConfiguration/clientConfigurations'`,
      );
      expect(f?.message).toMatch(/sent ".*, got "/);
      // The minimal counterexample: one long string, nothing else but the type.
      const body = f?.request.body as Record<string, unknown>;
      expect(Object.keys(body).length).toBeLessThanOrEqual(3);
      const caseFile = join(d, 'cases', 'echo-fields.json');
      expect(readdirSync(join(d, 'cases'))).toContain('echo-fields.json');

      const again = await cli(['replay', caseFile, '--target', mutant.url]);
      expect(again.code).toBe(1);
      expect(again.out).toContain('still fails echo-fields');

      await mutant.close();
      mutant = undefined;
      const ref = await startReference();
      try {
        const fixed = await cli(['replay', caseFile, '--target', ref.url]);
        expect(fixed.code).toBe(0);
        expect(fixed.out).toContain('passes now');
      } finally {
        await ref.close();
      }
    } finally {
      await mutant?.close();
    }
  });

  test('--app drives the in-process reference through supertest', async () => {
    const d = join(dir, 'app');
    const r = await cli([
      'run',
      '--app',
      join(ROOT, 'targets/reference/app.ts'),
      '--runs',
      '10',
      '--seed',
      '2',
      '--report-dir',
      d,
    ]);
    expect(r.code).toBe(0);
    expect(read(d).target).toMatch(/^app:/);
    expect(read(d).summary.cases).toBeGreaterThanOrEqual(20);
  });

  test('--app with a module that exports nothing usable: exit 2 with a hint', async () => {
    const r = await cli(['run', '--app', join(ROOT, 'package.json'), '--report-dir', join(dir, 'bad-app')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('hint:');
  });

  test('-H headers reach the target on every request, and --rate-limit spaces requests out', async () => {
    const http = await import('node:http');
    const seen: Array<string | undefined> = [];
    const ref = createReferenceHandler();
    const server = http.createServer((req, res) => {
      seen.push(req.headers['x-conformance-test'] as string | undefined);
      ref(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    try {
      const t0 = Date.now();
      const r = await cli([
        'run',
        '--target',
        url,
        '--runs',
        '5',
        '--seed',
        '1',
        '-H',
        'X-Conformance-Test: yes',
        '--rate-limit',
        '20/s',
        '--report-dir',
        join(dir, 'hdr'),
      ]);
      const elapsed = Date.now() - t0;
      expect(r.code).toBe(0);
      expect(seen.length).toBeGreaterThanOrEqual(15);
      expect(seen.every((v) => v === 'yes')).toBe(true);
      // 20/s means at least 50 ms between requests after the first (a lower bound: a slow machine only adds time).
      expect(elapsed).toBeGreaterThanOrEqual((seen.length - 2) * 50);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test('a config file supplies options, flags override it, and an unknown key is an error naming it', async () => {
    const { writeFileSync } = await import('node:fs');
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ runs: 3, seed: 11, profile: 'odata-strict' }));
    const d = join(dir, 'cfg');
    const r = await cli(['run', '--config', cfg, '--seed', '12', '--report-dir', d]);
    expect(r.code).toBe(0);
    const res = read(d) as Results & { profile: string; runs: number };
    expect([res.seed, res.profile, res.runs]).toEqual([12, 'odata-strict', 3]);
    writeFileSync(cfg, JSON.stringify({ runz: 3 }));
    const bad = await cli(['run', '--config', cfg, '--report-dir', d]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('unknown key "runz"');
  });

  test('--junit-warnings (flag, config key or environment) decides whether a failed warning-level check fails junit.xml', async () => {
    // last-modified-current breaks last-modified only: a warning-level check, so the run itself passes (exit 0).
    const junitOf = async (name: string, args: string[], env?: string): Promise<string> => {
      const d = join(dir, `junit-${name}`);
      const before = process.env['CONFORMANCE_JUNIT_WARNINGS'];
      if (env === undefined) delete process.env['CONFORMANCE_JUNIT_WARNINGS'];
      else process.env['CONFORMANCE_JUNIT_WARNINGS'] = env;
      try {
        const r = await cli([
          'run',
          '--mutant',
          'last-modified-current',
          '--runs',
          '5',
          '--seed',
          '3',
          '--report-dir',
          d,
          ...args,
        ]);
        expect({ name, code: r.code }).toEqual({ name, code: 0 });
      } finally {
        if (before === undefined) delete process.env['CONFORMANCE_JUNIT_WARNINGS'];
        else process.env['CONFORMANCE_JUNIT_WARNINGS'] = before;
      }
      return readFileSync(join(d, 'junit.xml'), 'utf8');
    };
    const failsWarning = /<failure message="[^"]*" type="warning">/;
    expect(await junitOf('default', [])).not.toMatch(failsWarning);
    expect(await junitOf('flag', ['--junit-warnings', 'fail'])).toMatch(failsWarning);
    expect(await junitOf('env', [], 'fail')).toMatch(failsWarning);
    expect(await junitOf('flag-over-env', ['--junit-warnings', 'pass'], 'fail')).not.toMatch(failsWarning);
    const cfg = join(dir, 'junit-config.json');
    writeFileSync(cfg, JSON.stringify({ junitWarnings: 'fail' }));
    expect(await junitOf('config', ['--config', cfg])).toMatch(failsWarning);
    const bad = await cli(['run', '--junit-warnings', 'maybe', '--report-dir', join(dir, 'junit-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--junit-warnings "maybe" is neither pass nor fail');
    expect(bad.out).toContain('hint:');
  });
});
