/**
 * A run leaves the target as it found it: every configuration the create cases, their shrinking and the sequences
 * created is deleted before the run ends, and counted in results.json and every report. What could not be deleted is
 * listed with its id and the answer its DELETE got, as a warning line; `--keep-created` leaves everything on purpose.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startChild } from '../../engine/child';
import type { RunResults } from '../../engine/events';
import { startServer, type RunningServer } from '../../targets/reference/server';
import { createReferenceHandler, errorAnswer, type ReferenceHandler } from '../../targets/reference';
import { cliCapture } from '../support/cli-capture';

jest.setTimeout(120_000);

const TOKEN = 'cleanup-token-8e21';
const COLLECTION = '/officeConfiguration/clientConfigurations';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cleanup-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Someone else's configurations, there before the run: the run must leave them, and only them. */
async function othersOn(handler: ReferenceHandler): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await request(handler)
      .post(COLLECTION)
      .set('authorization', `Bearer ${TOKEN}`)
      .send({
        '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration',
        displayName: `theirs ${i}`,
        priority: i,
      });
    ids.push((r.body as { id: string }).id);
  }
  return ids;
}

const idsIn = (handler: ReferenceHandler): string[] =>
  [...(handler.store as unknown as { rows: Map<string, unknown> }).rows.keys()].sort();

async function run(
  server: RunningServer,
  name: string,
  extra: string[],
): Promise<{ code: number; out: string; results: RunResults; summary: string }> {
  const reportDir = join(dir, name);
  const r = await cliCapture([
    'run',
    '--target',
    server.url,
    '--runs',
    '30',
    '--seed',
    '4',
    '--report-dir',
    reportDir,
    ...extra,
  ]);
  const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResults;
  return { ...r, results, summary: readFileSync(join(reportDir, 'summary.md'), 'utf8') };
}

describe('cleanup', () => {
  const env = process.env;
  beforeAll(() => {
    process.env = { ...env, GRAPH_TOKEN: TOKEN };
  });
  afterAll(() => {
    process.env = env;
  });

  test('run and run --stateful leave the collection as they found it, and say what they created and deleted', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const server = await startServer(handler);
    try {
      const before = (await othersOn(handler)).sort();
      for (const [name, extra] of [
        ['plain', []],
        ['stateful', ['--stateful', '--sequences', '20']],
      ] as const) {
        const r = await run(server, name, [...extra]);
        expect(r.code).toBe(0);
        expect(idsIn(handler)).toEqual(before);
        const c = r.results.cleanup;
        expect(c?.created).toBeGreaterThan(30);
        expect(c).toEqual({ created: c?.created, deleted: c?.created, withoutId: 0, leftovers: [] });
        expect(r.out).toContain(`cleanup: created ${c?.created}, deleted ${c?.created}`);
        expect(r.summary).toContain(`**cleanup** created ${c?.created}, deleted ${c?.created}`);
      }
    } finally {
      await server.close();
    }
  });

  test("what cannot be deleted is listed with its id and the DELETE answer, as a warning; the verdict stays the checks'", async () => {
    const handler = createReferenceHandler({
      token: TOKEN,
      hooks: { interceptDelete: () => errorAnswer(403, 'deleting is not allowed here') },
    });
    const server = await startServer(handler);
    try {
      const r = await run(server, 'refused', []);
      expect(r.code).toBe(0);
      const c = r.results.cleanup;
      const left = idsIn(handler);
      expect(c?.deleted).toBe(0);
      expect(c?.leftovers.map((l) => l.id).sort()).toEqual(left);
      expect(c?.leftovers[0]).toMatchObject({ status: 403, reason: 'the DELETE answered 403' });
      expect(r.out).toMatch(
        new RegExp(`WARNING cleanup: created ${left.length}, deleted 0; ${left.length} LEFT ON THE TARGET: `),
      );
      expect(r.out).toContain(`${c?.leftovers[0]?.id} (the DELETE answered 403)`);
      expect(r.summary).toContain('> **warning: cleanup**');
    } finally {
      await server.close();
    }
  });

  test('--keep-created sends no DELETE and says the entities were kept', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const server = await startServer(handler);
    try {
      const r = await run(server, 'kept', ['--keep-created']);
      expect(r.code).toBe(0);
      const c = r.results.cleanup;
      expect(c?.kept).toBe(true);
      expect(idsIn(handler)).toHaveLength(c?.created ?? -1);
      expect(r.out).toContain(`cleanup: created ${c?.created}, kept on the target (--keep-created)`);
    } finally {
      await server.close();
    }
  });
});

/**
 * `run` in a child process (so it can be signalled), through the child-process helper: node itself with the tsx
 * loader (not the tsx wrapper), so the signal reaches the process doing the work. The token is in its environment.
 */
function child(
  server: RunningServer,
  reportDir: string,
  extra: string[] = [],
): { proc: ChildProcess; exit: Promise<number | null> } {
  const root = join(__dirname, '..', '..');
  const args = ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'run', '--target', server.url, '--runs', '3000'];
  const started = startChild({
    command: process.execPath,
    args: [...args, '--rate-limit', '150/s', '--stateful', ...extra, '--report-dir', reportDir],
    cwd: root,
    env: { ...process.env, GRAPH_TOKEN: TOKEN },
    timeoutMs: 110_000,
  });
  return { proc: started.child, exit: started.result.then((r) => r.code) };
}

/** Waits until the run's events.ndjson records at least `n` creates (ids learnt). */
async function createdAtLeast(reportDir: string, n: number): Promise<void> {
  const file = join(reportDir, 'events.ndjson');
  for (let i = 0; i < 600; i++) {
    if (existsSync(file) && (readFileSync(file, 'utf8').match(/"type":"created"/g) ?? []).length >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} never recorded ${n} creates`);
}

describe('a run stopped part-way', () => {
  test('SIGTERM: the run stops, deletes what it created, writes its reports and ends inconclusive', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const server = await startServer(handler);
    try {
      const before = (await othersOn(handler)).sort();
      const reportDir = join(dir, 'sigterm');
      const c = child(server, reportDir);
      await createdAtLeast(reportDir, 20);
      c.proc.kill('SIGTERM');
      expect(await c.exit).toBe(2);
      expect(idsIn(handler)).toEqual(before);
      const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResults;
      expect(results.verdict).toBe('inconclusive');
      expect(results.errors.map((e) => e.code)).toContain('interrupted');
      expect(results.cleanup?.created).toBeGreaterThanOrEqual(20);
      expect(results.cleanup?.deleted).toBe(results.cleanup?.created);
      expect(results.summary.cases).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });

  test('--max-duration: the run stops starting cases when it is spent, cleans up, and ends inconclusive', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const server = await startServer(handler);
    const env = process.env;
    try {
      process.env = { ...env, GRAPH_TOKEN: TOKEN };
      const reportDir = join(dir, 'max-duration');
      const started = Date.now();
      const r = await cliCapture([
        'run',
        '--target',
        server.url,
        '--runs',
        '3000',
        '--rate-limit',
        '100/s',
        '--stateful',
        '--max-duration',
        '2000',
        '--report-dir',
        reportDir,
      ]);
      const took = Date.now() - started;
      expect(r.code).toBe(2);
      expect(r.out).toMatch(/error \[max-duration\]: the run reached --max-duration \(2 s\)/);
      const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResults;
      expect(results.verdict).toBe('inconclusive');
      expect(results.summary.cases).toBeLessThan(1000);
      expect(results.cleanup?.deleted).toBe(results.cleanup?.created);
      expect(idsIn(handler)).toEqual([]);
      // 2 s, then the cases in flight and the cleanup at 100/s of what 2 s created (about 100 creates): far below
      // the 60 s an unbounded run of 3000 cases at 100/s would take.
      expect(took).toBeLessThan(20_000);
    } finally {
      process.env = env;
      await server.close();
    }
  });

  test('killed outright (SIGKILL): `conformance cleanup <report-dir>` deletes what it left, from its events.ndjson', async () => {
    const handler = createReferenceHandler({ token: TOKEN });
    const server = await startServer(handler);
    const env = process.env;
    try {
      const before = (await othersOn(handler)).sort();
      const reportDir = join(dir, 'sigkill');
      // One request at a time: what a kill can hide is the create in flight, whose answer the run never read, and
      // the last id learnt if its line had not reached the disk yet.
      const c = child(server, reportDir, ['--concurrency', '1']);
      await createdAtLeast(reportDir, 20);
      c.proc.kill('SIGKILL');
      await c.exit;
      expect(idsIn(handler).length).toBeGreaterThan(before.length + 10);
      process.env = { ...env, GRAPH_TOKEN: TOKEN };
      const r = await cliCapture(['cleanup', reportDir]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/configuration\(s\) recorded as created; \d+ deleted or already gone/);
      const unknown = idsIn(handler).filter((id) => !before.includes(id));
      expect(unknown.length).toBeLessThanOrEqual(2);
      // Nothing left to do: run again, everything is already gone (404 counts as gone).
      expect((await cliCapture(['cleanup', reportDir])).code).toBe(0);
      const missing = await cliCapture(['cleanup', join(dir, 'nowhere')]);
      expect(missing.code).toBe(2);
      expect(missing.out).toMatch(/events\.ndjson does not exist/);
    } finally {
      process.env = env;
      await server.close();
    }
  });
});
