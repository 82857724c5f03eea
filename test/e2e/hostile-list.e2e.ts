/**
 * A hostile list: every page of the collection is 3.5 MB of someone else's configurations, the same ones each time,
 * with a new nextLink each time, so the list never ends. Before the stateful mode kept only the sequence's own items
 * of a page as it came, such a target ran the suite to 4 GB (and out of memory). The run must end as a
 * lifecycle-list failure with its reports written, and the child's peak RSS (VmHWM, read from /proc while it runs)
 * under 300 MB. Measured through the child-process helper, not timed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../../engine/child';
import type { RunResults } from '../../engine/events';
import { createReferenceHandler } from '../../targets/reference';

jest.setTimeout(240_000);

const TOKEN = 'hostile-list-token-71c2';
const COLLECTION = '/officeConfiguration/clientConfigurations';
const PAGE_BYTES = 3.5e6;
const RSS_BOUND_MB = 300;

/** The reference, except that a GET of the collection answers a 3.5 MB page of others' items and a fresh nextLink. */
function hostileList(): http.Server {
  const reference = createReferenceHandler({ token: TOKEN });
  const item = (i: number): Record<string, unknown> => ({
    '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration',
    id: `someone-else-${i}`,
    displayName: 'x'.repeat(220),
    priority: i,
  });
  const items = JSON.stringify(Array.from({ length: Math.floor(PAGE_BYTES / 300) }, (_, i) => item(i)));
  let page = 0;
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'GET' || url.pathname !== COLLECTION) return reference(req, res);
    const next = `http://${req.headers.host ?? ''}${COLLECTION}?page=${++page}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"value":${items},"@odata.nextLink":${JSON.stringify(next)}}`);
  });
}

/** The child's peak resident set (VmHWM) in MB, polled from /proc until it exits. */
function peakRss(pid: number | undefined, done: Promise<unknown>): Promise<number> {
  let peak = 0;
  const read = (): void => {
    try {
      const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1];
      if (kb) peak = Math.max(peak, Number(kb) / 1024);
    } catch {
      // the child has exited
    }
  };
  const timer = setInterval(read, 25);
  return done.then(() => {
    clearInterval(timer);
    return peak;
  });
}

test(`a list of endless 3.5 MB pages fails lifecycle-list with the child's RSS under ${RSS_BOUND_MB} MB`, async () => {
  const server = hostileList();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'hostile-list-'));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const root = join(__dirname, '..', '..');
    // node itself (not the tsx wrapper, which would run the work in a grandchild): its /proc is the one measured.
    const args = ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'run', '--target', url, '--runs', '0'];
    const started = startChild({
      command: process.execPath,
      args: [...args, '--stateful', '--sequences', '10', '--read-back-wait', '500', '--report-dir', dir],
      cwd: root,
      env: { ...process.env, GRAPH_TOKEN: TOKEN },
      timeoutMs: 200_000,
    });
    const peak = await peakRss(started.child.pid, started.result);
    const r = await started.result;
    console.log(
      `hostile list: exit ${String(r.code)}, peak RSS ${peak.toFixed(0)} MB, ${(r.durationMs / 1000).toFixed(1)} s`,
    );
    expect({ code: r.code, timedOut: r.timedOut }).toEqual({ code: 1, timedOut: false });
    expect(existsSync(join(dir, 'results.json'))).toBe(true);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const list = results.checks.find((c) => c.id === 'lifecycle-list');
    expect(list?.status).toBe('failed');
    expect(list?.failures[0]?.message).toMatch(/the list does not end|listed twice/);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(RSS_BOUND_MB);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((r) => server.close(() => r()));
  }
});
