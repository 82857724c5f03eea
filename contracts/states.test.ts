import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  idFromLocation,
  PROVIDER_STATES,
  STATE_ACCEPTS_CREATES,
  STATE_CONFIGURATION,
  STATE_CONFIGURATION_ASSIGNED,
  STATE_CONFIGURATION_EXISTS,
  STATE_GROUP_ID,
  STATE_NO_CONFIGURATION,
  STATE_VALIDATES_BODIES,
  stateHandlers,
  type StateTarget,
} from './states';
import { recordingFailures } from './verify-worker';

const TOKEN = 'states-test-Secret-5e1f0a';
const C = '/officeConfiguration/clientConfigurations';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

/** What the fake target answers a request (after recording it). */
type Answer = (req: Seen, n: number) => { status: number; headers?: Record<string, string>; body?: unknown };

/** A fake provider on 127.0.0.1 that records every request and answers as `answer` says. */
async function fakeTarget(answer: Answer): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      const a = answer(s, seen.length);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body === undefined ? '' : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/beta`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The reference's way: 201 with the id for a create, 200 for a read or assign, 204 for a delete. */
const conforming: Answer = (req, n) => {
  if (req.method === 'POST' && req.url === `/beta${C}`) return { status: 201, body: { id: `cfg/${n} é` } };
  if (req.method === 'DELETE') return { status: 204 };
  return { status: 200, body: { value: [] } };
};

/** Everything written to the console and to stdout/stderr while fn runs. */
async function captured<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; output: string }> {
  const out: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' '))),
    jest.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' '))),
    jest.spyOn(process.stdout, 'write').mockImplementation((c: unknown) => out.push(String(c)) > 0),
    jest.spyOn(process.stderr, 'write').mockImplementation((c: unknown) => out.push(String(c)) > 0),
  ];
  try {
    return { result: await fn(), output: out.join('\n') };
  } catch (error) {
    return { error, output: out.join('\n') };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

describe('provider states', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  const start = async (answer: Answer): Promise<Awaited<ReturnType<typeof fakeTarget>>> => {
    const t = await fakeTarget(answer);
    closers.push(t.close);
    return t;
  };
  const target = (url: string, extra: Partial<StateTarget> = {}): StateTarget => ({
    url,
    token: TOKEN,
    timeoutMs: 5000,
    ...extra,
  });

  it('has a handler for every state the pacts name; the create states only count their calls', async () => {
    const calls = new Map<string, number>();
    const handlers = stateHandlers(calls);
    expect(Object.keys(handlers).sort()).toEqual([...PROVIDER_STATES].sort());
    expect(await handlers[STATE_ACCEPTS_CREATES]?.setup()).toBeUndefined();
    await handlers[STATE_ACCEPTS_CREATES]?.setup();
    await handlers[STATE_VALIDATES_BODIES]?.setup();
    expect(Object.fromEntries(calls)).toEqual({ [STATE_ACCEPTS_CREATES]: 2, [STATE_VALIDATES_BODIES]: 1 });
  });

  it('"a configuration exists" creates one through the target\'s POST, with the token, and returns its id', async () => {
    const t = await start(conforming);
    const calls = new Map<string, number>();
    const { result, output } = await captured(() =>
      stateHandlers(calls, target(t.url))[STATE_CONFIGURATION_EXISTS]!.setup(),
    );
    expect(result).toMatchObject({ id: 'cfg/1 é', idSegment: encodeURIComponent('cfg/1 é') });
    expect(typeof result?.['priority']).toBe('number');
    expect(calls.get(STATE_CONFIGURATION_EXISTS)).toBe(1);
    const post = t.seen[0];
    expect(post).toMatchObject({ method: 'POST', url: `/beta${C}`, authorization: `Bearer ${TOKEN}` });
    expect(JSON.parse(post?.body ?? '{}')).toMatchObject({ ...STATE_CONFIGURATION, priority: expect.any(Number) });
    // Then one read-back of the new configuration, by its percent-encoded id.
    expect(t.seen.slice(1).map((s) => `${s.method} ${s.url}`)).toEqual([
      `GET /beta${C}/${encodeURIComponent('cfg/1 é')}`,
    ]);
    // The token went to the target only: not into what the handler returned or printed.
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(output).not.toContain(TOKEN);
  });

  it('takes the id from Location when the answer has none in its body (any 2xx)', async () => {
    const t = await start((req) =>
      req.method === 'POST'
        ? { status: 200, headers: { location: `http://x/beta${C}('it''s%2Fme')` }, body: {} }
        : { status: 200, body: {} },
    );
    const values = await stateHandlers(new Map(), target(t.url))[STATE_CONFIGURATION_EXISTS]!.setup();
    expect(values?.['id']).toBe("it's/me");
  });

  it('"a configuration with one group assignment exists" also assigns the group, then returns the id', async () => {
    const t = await start(conforming);
    const values = await stateHandlers(new Map(), target(t.url))[STATE_CONFIGURATION_ASSIGNED]!.setup();
    const assign = t.seen.find((s) => s.url.endsWith('/assign'));
    expect(assign).toMatchObject({ method: 'POST', authorization: `Bearer ${TOKEN}` });
    expect(assign?.url).toBe(`/beta${C}/${String(values?.['idSegment'])}/assign`);
    expect(JSON.parse(assign?.body ?? '{}')).toEqual({
      officeConfigurationAssignments: [
        {
          target: {
            '@odata.type': '#microsoft.graph.officeConfigurationGroupAssignmentTarget',
            groupId: STATE_GROUP_ID,
          },
        },
      ],
    });
  });

  it('"no configuration has this id" returns a fresh UUID and sends nothing', async () => {
    const t = await start(conforming);
    const h = stateHandlers(new Map(), target(t.url))[STATE_NO_CONFIGURATION]!;
    const a = await h.setup();
    const b = await h.setup();
    expect(a?.['id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a?.['id']).not.toBe(b?.['id']);
    expect(t.seen).toEqual([]);
  });

  it('a refused create fails the setup with the request and the status, never the token', async () => {
    const t = await start(() => ({ status: 401, body: { error: { code: 'unauthorized', message: TOKEN } } }));
    const failures: string[] = [];
    const handlers = recordingFailures(stateHandlers(new Map(), target(t.url)), failures);
    const { error, output } = await captured(() => handlers[STATE_CONFIGURATION_EXISTS]!.setup());
    expect(String(error)).toMatch(
      /provider state "a configuration exists": POST \/officeConfiguration\/clientConfigurations answered 401/,
    );
    expect(failures).toEqual([(error as Error).message]);
    expect(`${String(error)} ${failures.join(' ')} ${output}`).not.toContain(TOKEN);
    // Without a target the lifecycle states cannot set up, and say so.
    await expect(stateHandlers()[STATE_CONFIGURATION_EXISTS]!.setup()).rejects.toThrow(/needs the target/);
  });

  it('waits out a 404 on the read-back (replication), but not again once a 404 outlasted the wait', async () => {
    let reads = 0;
    const lagging = await start((req, n) => {
      if (req.method === 'POST') return { status: 201, body: { id: `c${n}` } };
      return ++reads === 1 ? { status: 404, body: {} } : { status: 200, body: {} };
    });
    await stateHandlers(new Map(), target(lagging.url))[STATE_CONFIGURATION_EXISTS]!.setup();
    expect(lagging.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET']);

    const never = await start((req, n) =>
      req.method === 'POST' ? { status: 201, body: { id: `c${n}` } } : { status: 404 },
    );
    const h = stateHandlers(new Map(), target(never.url, { readWaitMs: 300 }))[STATE_CONFIGURATION_EXISTS]!;
    await h.setup();
    await h.setup();
    // The first setup waited (250 ms, then gave up), the second read once and went on.
    expect(never.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET', 'POST', 'GET']);
  });

  it('teardown deletes what the setups made (best effort), with the token', async () => {
    const t = await start(conforming);
    const h = stateHandlers(new Map(), target(t.url))[STATE_CONFIGURATION_EXISTS]!;
    const values = await h.setup();
    await h.teardown?.();
    const deletes = t.seen.filter((s) => s.method === 'DELETE');
    expect(deletes.map((s) => s.url)).toEqual([`/beta${C}/${String(values?.['idSegment'])}`]);
    expect(deletes[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    await h.teardown?.();
    expect(t.seen.filter((s) => s.method === 'DELETE')).toHaveLength(1);
  });

  it('reads the key of a Location in each form OData allows', () => {
    expect(idFromLocation(`https://graph.microsoft.com/beta${C}/abc-1`)).toBe('abc-1');
    expect(idFromLocation(`${C}/abc-1/microsoft.graph.windowsOfficeClientConfiguration`)).toBe('abc-1');
    expect(idFromLocation(`${C}('a%2Fb')`)).toBe('a/b');
    expect(idFromLocation(`${C}(id='it''s')`)).toBe("it's");
    expect(idFromLocation(`${C}`)).toBeUndefined();
    expect(idFromLocation('')).toBeUndefined();
  });
});
