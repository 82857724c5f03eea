/**
 * What a long-lived, shared, throttling service does to a run (issue 14): each test stands a small server on
 * 127.0.0.1 in front of the reference handler that behaves like a real service in one way, runs the engine against its
 * URL and looks at the verdict and at what the reports carry.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RunResults } from '../../engine/events';
import { DEFAULTS, runConformance, type RunOptions } from '../../engine/run';
import { formatMarkdown } from '../../reports/markdown';
import { createReferenceHandler } from '../../targets/reference';
import { startServer, type RunningServer } from '../../targets/reference/server';
import { findMutant } from '../../targets/mutants';

jest.setTimeout(60_000);

const TOKEN = 'real-service-token-7f3';
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(listener: RequestListener, basePath?: string): Promise<RunningServer> {
  const s = await startServer(listener, basePath ? { basePath } : {});
  servers.push(s);
  return s;
}

function run(url: string, extra: Partial<RunOptions> = {}): Promise<RunResults> {
  return runConformance({
    ...DEFAULTS,
    target: { kind: 'url', url },
    token: TOKEN,
    headers: {},
    runs: 12,
    seed: 4242,
    maxShrinkRequests: 5,
    ...extra,
  });
}

const status = (r: RunResults, id: string): string | undefined => r.checks.find((c) => c.id === id)?.status;

/** Counts requests by method and path (without the query) as they reach `inner`. */
function counting(inner: RequestListener): RequestListener & { seen: string[] } {
  const seen: string[] = [];
  const f = ((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    inner(req, res);
  }) as RequestListener & { seen: string[] };
  f.seen = seen;
  return f;
}

test('throttling: 429s with Retry-After are waited out and sent again; the run passes and says what it cost', async () => {
  const reference = createReferenceHandler({ token: TOKEN });
  let n = 0;
  const s = await serve((req, res) => {
    // The first few creates are throttled, as a busy Graph tenant does.
    if (req.method === 'POST' && n++ < 3) {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"error":{"code":"TooManyRequests","message":"slow down"}}');
      return;
    }
    reference(req, res);
  });
  const r = await run(s.url);
  expect(r.verdict).toBe('passed');
  expect(r.exitCode).toBe(0);
  expect(r.throttling?.throttledResponses).toBe(3);
  expect(r.throttling?.retries).toBe(3);
  expect(r.throttling?.waitedMs).toBeGreaterThanOrEqual(900);
  expect(r.throttling?.gaveUp).toBe(false);
  expect(status(r, 'status-201')).toBe('passed');
  expect(formatMarkdown(r)).toMatch(/throttled 3 time\(s\), 3 retried/);
});

test('a target that never stops throttling ends the run in bounded time as inconclusive (exit 2), nothing judged', async () => {
  const s = await serve((_req, res) => {
    res.writeHead(429, { 'retry-after': '1' });
    res.end();
  });
  const started = Date.now();
  const r = await run(s.url, { throttle: { maxWaitMs: 2_000 } });
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(r.verdict).toBe('inconclusive');
  expect(r.exitCode).toBe(2);
  expect(r.errors.map((e) => e.code)).toContain('throttled');
  expect(r.throttling?.gaveUp).toBe(true);
  expect(r.checks.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual([]);
  expect(r.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual([]);
});

test('a 503 without Retry-After is a server error, not throttling', async () => {
  const reference = createReferenceHandler({ token: TOKEN });
  let n = 0;
  const s = await serve((req, res) => {
    if (req.method === 'POST' && n++ === 0) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"serviceUnavailable","message":"down"}}');
      return;
    }
    reference(req, res);
  });
  const r = await run(s.url);
  expect(r.throttling?.throttledResponses).toBe(0);
  expect(status(r, 'no-server-error')).toBe('failed');
});

test('replication delay: a read-back 404 right after the create is sent again and heals; the run passes', async () => {
  const reference = createReferenceHandler({ token: TOKEN });
  const misses = new Set<string>();
  const s = await serve((req, res) => {
    const m = /\/clientConfigurations\/([^/?]+)$/.exec(req.url ?? '');
    // The first GET of each entity misses it, as a replica that has not caught up does.
    if (req.method === 'GET' && m?.[1] && !misses.has(m[1])) {
      misses.add(m[1]);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"notFound","message":"not yet"}}');
      return;
    }
    reference(req, res);
  });
  const r = await run(s.url);
  expect(status(r, 'read-after-create')).toBe('passed');
  expect(r.exitCode).toBe(0);
  expect(r.readBackRetries?.retried).toBeGreaterThan(0);
  expect(r.readBackRetries?.healed).toBe(r.readBackRetries?.retried);
  expect(formatMarkdown(r)).toMatch(/read-back\(s\) got 404 and were sent again/);
});

test('a read-back that stays 404 fails read-after-create after the wait, with the retries as evidence', async () => {
  const mutant = findMutant('get-after-create');
  if (!mutant) throw new Error('no get-after-create mutant');
  const s = await serve(mutant.createHandler({ token: TOKEN }));
  const started = Date.now();
  const r = await run(s.url, { readBackWaitMs: 600, shrink: false });
  const failure = r.checks.find((c) => c.id === 'read-after-create')?.failures[0];
  expect(failure?.readBack?.response.status).toBe(404);
  expect(failure?.readBack?.response.attempts?.length).toBeGreaterThan(0);
  expect(failure?.readBack?.response.attempts?.every((a) => a.status === 404)).toBe(true);
  // Past two read-backs whose 404 outlasted the wait, the run stops waiting: a fault, not lag.
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(r.exitCode).toBe(1);
});

test('the wrong service root: every request 404s, the run is inconclusive with a hint to add /beta', async () => {
  const s = await serve(createReferenceHandler({ token: TOKEN, basePath: '/beta' }), '/beta');
  const root = s.url.replace(/\/beta$/, '');
  const r = await run(root);
  expect(r.verdict).toBe('inconclusive');
  expect(r.exitCode).toBe(2);
  const err = r.errors.find((e) => e.code === 'inconclusive');
  expect(err?.hint).toContain(`${root}/beta`);
  // 404 is a 4xx, but it says nothing about the bodies: no check passes on it.
  expect(status(r, 'rejects-invalid')).toBe('skipped');
  expect(status(r, 'no-server-error')).toBe('skipped');
  expect(r.checks.find((c) => c.id === 'rejects-invalid')?.skippedReason).toMatch(/inconclusive/);
  // The same server at its root passes.
  expect((await run(s.url)).exitCode).toBe(0);
});

test('no token for a protected target: inconclusive, and the hint asks for one', async () => {
  const s = await serve(createReferenceHandler({ token: TOKEN }));
  const r = await run(s.url, { token: undefined });
  expect(r.verdict).toBe('inconclusive');
  expect(r.exitCode).toBe(2);
  expect(r.errors.find((e) => e.code === 'inconclusive')?.hint).toMatch(/--token|GRAPH_TOKEN/);
  expect(r.checks.filter((c) => c.status === 'passed')).toEqual([]);
});

test('the preflight costs one small request whatever the collection holds', async () => {
  const reference = createReferenceHandler({ token: TOKEN });
  const huge = `{"value":[${Array.from({ length: 60_000 }, (_, i) => `{"id":"${i}"}`).join(',')}]}`;
  const inner: RequestListener = (req, res) => {
    // A list that ignores $top and answers megabytes, as a long-lived server full of entities may.
    if (req.method === 'GET' && /\/clientConfigurations(\?|$)/.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(huge);
      return;
    }
    reference(req, res);
  };
  const spy = counting(inner);
  const s = await serve(spy);
  const r = await run(s.url, { maxResponseBytes: 64 * 1024 });
  expect(huge.length).toBeGreaterThan(64 * 1024);
  expect(r.errors).toEqual([]);
  expect(r.exitCode).toBe(0);
  expect(spy.seen.filter((l) => l.startsWith('GET') && !/clientConfigurations\/[^?]/.test(l))).toEqual([
    'GET /officeConfiguration/clientConfigurations?$top=1',
  ]);
});

test('the Location is followed once per run and must read the entity', async () => {
  const spy = counting(createReferenceHandler({ token: TOKEN }));
  const s = await serve(spy);
  const r = await run(s.url);
  expect(status(r, 'location-readable')).toBe('passed');
  expect(r.checks.find((c) => c.id === 'location-readable')?.cases).toBe(1);
  const unreadable = findMutant('location-unreadable');
  if (!unreadable) throw new Error('no location-unreadable mutant');
  const m = await serve(unreadable.createHandler({ token: TOKEN }));
  const bad = await run(m.url);
  expect(status(bad, 'location-readable')).toBe('failed');
  expect(bad.checks.find((c) => c.id === 'location-readable')?.failures[0]?.locationRead?.response.status).toBe(404);
});

test('both creatable types are sent by default; a server storing the security type as the windows one fails', async () => {
  const spy = counting(createReferenceHandler({ token: TOKEN }));
  const s = await serve(spy);
  const r = await run(s.url, { runs: 30 });
  expect(r.exitCode).toBe(0);
  const mutant = findMutant('security-stored-as-windows');
  if (!mutant) throw new Error('no security-stored-as-windows mutant');
  const m = await serve(mutant.createHandler({ token: TOKEN }));
  const bad = await run(m.url, { runs: 30 });
  expect(status(bad, 'odata-type')).toBe('failed');
  expect(bad.exitCode).toBe(1);
});

test('a client-chosen id: the reference ignores it; a server that keeps it fails client-id', async () => {
  const s = await serve(createReferenceHandler({ token: TOKEN }));
  const r = await run(s.url);
  expect(status(r, 'client-id')).toBe('passed');
  const mutant = findMutant('keeps-client-id');
  if (!mutant) throw new Error('no keeps-client-id mutant');
  const m = await serve(mutant.createHandler({ token: TOKEN }));
  const bad = await run(m.url);
  expect(status(bad, 'client-id')).toBe('failed');
  expect(bad.exitCode).toBe(1);
});

test('the wrong-token reproduction sends a wrong token, never the real one', async () => {
  const mutant = findMutant('auth-enforced');
  if (!mutant) throw new Error('no auth-enforced mutant');
  const s = await serve(mutant.createHandler({ token: TOKEN }));
  const r = await run(s.url);
  const failures = r.checks.find((c) => c.id === 'auth-required')?.failures ?? [];
  const wrong = failures.find((f) => f.caseId === 'auth-wrong');
  expect(wrong?.reproduce.curl).toContain('Authorization: Bearer not-a-valid-token');
  expect(wrong?.reproduce.curl).not.toContain('$GRAPH_TOKEN');
  expect(JSON.stringify(r)).not.toContain(TOKEN);
});

test('only credential headers are scrubbed: -H "ConsistencyLevel: eventual" stays in the report', async () => {
  const mutant = findMutant('create-answers-201');
  if (!mutant) throw new Error('no create-answers-201 mutant');
  const s = await serve(mutant.createHandler({ token: TOKEN }));
  const r = await run(s.url, { headers: { ConsistencyLevel: 'eventual', 'x-api-key': 'key-0123456789' } });
  const f = r.checks.find((c) => c.id === 'status-201')?.failures[0];
  expect(f?.request.headers['consistencylevel']).toBe('eventual');
  expect(f?.reproduce.curl).toContain('consistencylevel: eventual');
  expect(JSON.stringify(r)).not.toContain('key-0123456789');
});
