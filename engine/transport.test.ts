import net from 'node:net';
import zlib from 'node:zlib';
import { HttpTransport } from './transport';

/**
 * HttpTransport against raw loopback servers that answer exactly the bytes each test writes: what the engine gets
 * back (status, headers, body, or status 0 and the reason) for well-formed and broken answers.
 */

interface RawServer {
  url: string;
  /** Request heads as they arrived (request line and headers). */
  heads: string[];
  /** Connections accepted so far. */
  connections: number;
  /** Connections open at the same time, at most. */
  maxOpen: number;
  /** Connections the client closed. */
  closed: number;
  close(): Promise<void>;
}

type Answer = (socket: net.Socket, head: string, body: string) => void;

/** A server that reads each request (head and Content-Length body) and lets `answer` write whatever it likes. */
function rawServer(answer: Answer): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  let open = 0;
  const state: Omit<RawServer, 'url' | 'close'> = { heads: [], connections: 0, maxOpen: 0, closed: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    state.connections++;
    open++;
    state.maxOpen = Math.max(state.maxOpen, open);
    socket.on('close', () => {
      open--;
      state.closed++;
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
        buffered = buffered.subarray(end + 4 + length);
        state.heads.push(head);
        answer(socket, head, body);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve(
        Object.assign(state, {
          url: `http://127.0.0.1:${port}`,
          close: () =>
            new Promise<void>((done) => {
              for (const s of sockets) s.destroy();
              server.close(() => done());
            }),
        }) as RawServer,
      );
    });
  });
}

const json = (status: string, body: string, extra = ''): string =>
  `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** Waits until `ok()` holds, polling, for at most `ms` (a loaded machine delivers a close late); the caller asserts. */
async function until(ok: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
}

/** A 201 whose body is `gz`, declared as gzip. */
const gzipped = (gz: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`HTTP/1.1 201 Created\r\ncontent-encoding: gzip\r\ncontent-length: ${gz.length}\r\n\r\n`),
    gz,
  ]);

const opts = { timeoutMs: 2000, concurrency: 4, maxResponseBytes: 64 * 1024 };
const servers: RawServer[] = [];
const transports: HttpTransport[] = [];

async function setUp(
  answer: Answer,
  root = '',
  o: Partial<typeof opts> = {},
): Promise<{ server: RawServer; t: HttpTransport }> {
  const server = await rawServer(answer);
  servers.push(server);
  const t = new HttpTransport(server.url + root, { ...opts, ...o });
  transports.push(t);
  return { server, t };
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const post = { method: 'POST', path: '/officeConfiguration/clientConfigurations', headers: {}, body: '{"a":"é"}' };

describe('HttpTransport: answers', () => {
  test('a 201 comes back with its status, lower-cased headers, text and parsed JSON; the request went out whole', async () => {
    const { server, t } = await setUp((s, _h, body) => s.write(json('201 Created', body, 'X-Thing: A\r\n')), '/beta');
    const r = await t.send({ ...post, headers: { accept: 'application/json', 'content-type': 'application/json' } });
    expect(r.status).toBe(201);
    expect(r.headers['x-thing']).toBe('A');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.text).toBe('{"a":"é"}');
    expect(r.json).toEqual({ a: 'é' });
    expect(r.error).toBeUndefined();
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const head = server.heads[0] ?? '';
    expect(head.split('\r\n')[0]).toBe('POST /beta/officeConfiguration/clientConfigurations HTTP/1.1');
    expect(head).toMatch(/\r\ncontent-length: 10(\r\n|$)/i);
    expect(head).toMatch(/\r\ncontent-type: application\/json(\r\n|$)/i);
    expect(head).toMatch(/\r\nhost: 127\.0\.0\.1:\d+(\r\n|$)/i);
  });

  test('a GET sends no body; a body that is not JSON keeps its text and has no json', async () => {
    const { server, t } = await setUp((s) =>
      s.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 9\r\n\r\n<b>hi</b>'),
    );
    const r = await t.send({ method: 'GET', path: '/x/y%2Fz', headers: {} });
    expect(r.status).toBe(200);
    expect(r.text).toBe('<b>hi</b>');
    expect(r.json).toBeUndefined();
    expect(server.heads[0]?.split('\r\n')[0]).toBe('GET /x/y%2Fz HTTP/1.1');
    expect(server.heads[0]).not.toMatch(/content-length: [1-9]/i);
  });

  test('request targets are what new URL() makes of root + path, dot segments and escapes included', async () => {
    const paths = [
      '/officeConfiguration/clientConfigurations',
      '/officeConfiguration/clientConfigurations/abc-123',
      "/c/a.b!~*'()_%20%E2%82%AC",
      '/c/..',
      '/c/%2e%2E/x',
      '/c/./x',
      '/c/.x/..y',
      '/c/a b',
      '/c/é',
      '/c/x?y=1',
      '/c/x#frag',
      '/c\\x',
    ];
    for (const root of ['/beta', '']) {
      const { server, t } = await setUp((s) => s.write(json('200 OK', '{}')), root);
      for (const path of paths) await t.send({ method: 'GET', path, headers: {} });
      const expected = paths.map((path) => {
        const u = new URL(server.url + root + path);
        return `GET ${u.pathname}${u.search} HTTP/1.1`;
      });
      expect(server.heads.map((h) => h.split('\r\n')[0])).toEqual(expected);
    }
  });

  test('informational answers before the final one: only the final one counts', async () => {
    const { t } = await setUp((s) => s.write(`HTTP/1.1 102 Processing\r\n\r\n${json('201 Created', '{"id":"1"}')}`));
    const r = await t.send(post);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: '1' });
  });

  test('a redirect is reported as it is, never followed', async () => {
    const other = await setUp((s) => s.write(json('201 Created', '{}')));
    const { t } = await setUp((s) =>
      s.write(
        `HTTP/1.1 307 Temporary Redirect\r\nlocation: ${other.server.url}/elsewhere\r\ncontent-length: 0\r\n\r\n`,
      ),
    );
    const r = await t.send(post);
    expect(r.status).toBe(307);
    expect(r.headers['location']).toBe(`${other.server.url}/elsewhere`);
    expect(other.server.connections).toBe(0);
  });

  test('a gzip body is decoded', async () => {
    const gz = zlib.gzipSync('{"id":"z"}');
    const { t } = await setUp((s) => s.write(gzipped(gz)));
    const r = await t.send(post);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: 'z' });
  });

  test('a body that ends when the connection closes (no length, HTTP/1.0 or Connection: close) is read whole', async () => {
    const closing = await setUp((s) =>
      s.end('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"id":"x"}'),
    );
    for (let i = 0; i < 2; i++) {
      const r = await closing.t.send(post);
      expect([r.status, r.json]).toEqual([201, { id: 'x' }]);
    }
    const old = await setUp((s) => s.end('HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{"id":"y"}'));
    const r = await old.t.send({ method: 'GET', path: '/a', headers: {} });
    expect([r.status, r.json]).toEqual([200, { id: 'y' }]);
  });

  test('repeated header lines are kept, joined with a comma', async () => {
    const { t } = await setUp((s) => s.write(json('201 Created', '{}', 'x-dup: one\r\nx-dup: two\r\n')));
    const r = await t.send(post);
    expect(r.headers['x-dup']).toBe('one, two');
  });
});

describe('HttpTransport: no answer (status 0 and the reason)', () => {
  test('a target that never answers: the total time limit, and the connection is dropped', async () => {
    const { server, t } = await setUp(() => undefined, '', { timeoutMs: 300 });
    const started = Date.now();
    const r = await t.send(post);
    expect(r.status).toBe(0);
    expect(r.error).toBe('no complete answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    await until(() => server.closed === 1);
    expect(server.closed).toBe(1);
  });

  test('a body that trickles in counts against the same total limit', async () => {
    const { t } = await setUp(
      (s) => {
        s.write('HTTP/1.1 201 Created\r\ncontent-length: 100\r\n\r\n');
        const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('a')), 50);
        s.on('close', () => clearInterval(timer));
      },
      '',
      { timeoutMs: 400 },
    );
    const r = await t.send(post);
    expect(r.status).toBe(0);
    expect(r.error).toBe('no complete answer within 400 ms');
  });

  test('a body over the cap: reading stops (declared length or an endless chunked body)', async () => {
    const big = await setUp((s) => s.write(json('201 Created', `"${'a'.repeat(70 * 1024)}"`)));
    const r1 = await big.t.send(post);
    expect(r1.status).toBe(0);
    expect(r1.error).toBe(`response body over ${64 * 1024} bytes; stopped reading`);

    const endless = await setUp((s) => {
      s.write('HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = `4000\r\n${'b'.repeat(0x4000)}\r\n`;
      let sent = 0;
      const pump = (): void => {
        while (!s.destroyed && sent < 256 && s.write(chunk)) sent++;
        if (!s.destroyed && sent < 256) s.once('drain', pump);
      };
      pump();
    });
    const r2 = await endless.t.send(post);
    expect(r2.status).toBe(0);
    expect(r2.error).toMatch(/over 65536 bytes; stopped reading/);
    await until(() => endless.server.closed === 1);
    expect(endless.server.closed).toBe(1);
  });

  test('a compression bomb stops at the cap too', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const { t } = await setUp((s) => s.write(gzipped(bomb)));
    const r = await t.send(post);
    expect(r.status).toBe(0);
    expect(r.error).toMatch(/^body could not be decoded \(gzip\): /);
  });

  test('a connection closed in the middle of the body says so, with the status it had', async () => {
    const { t } = await setUp((s) => s.end('HTTP/1.1 201 Created\r\ncontent-length: 500\r\n\r\n{"id":"abc"'));
    const r = await t.send(post);
    expect(r.status).toBe(0);
    expect(r.error).toMatch(/^the answer broke off after the headers \(201\): /);
  });

  test('a reset, a malformed status line and a refused connection each give a reason', async () => {
    const reset = await setUp((s) => s.resetAndDestroy());
    const r1 = await reset.t.send(post);
    expect(r1.status).toBe(0);
    expect(r1.error).toMatch(/ECONNRESET|UND_ERR_SOCKET/);

    const malformed = await setUp((s) => s.end('HTTP/1.1 two-hundred OK\r\n\r\n'));
    const r2 = await malformed.t.send(post);
    expect(r2.status).toBe(0);
    expect(r2.error).toMatch(/^HTTPParserError: .*invalid status code/i);

    const gone = await rawServer(() => undefined);
    await gone.close();
    const t = new HttpTransport(gone.url, opts);
    transports.push(t);
    const r3 = await t.send(post);
    expect(r3.status).toBe(0);
    expect(r3.error).toMatch(/^ECONNREFUSED: /);
  });
});

describe('HttpTransport: connections', () => {
  test('keep-alive: 40 requests, 4 at a time, over at most `concurrency` connections', async () => {
    const { server, t } = await setUp((s, _h, body) => s.write(json('201 Created', body)), '', { concurrency: 4 });
    for (let round = 0; round < 10; round++) {
      const rs = await Promise.all(Array.from({ length: 4 }, () => t.send(post)));
      expect(rs.every((r) => r.status === 201)).toBe(true);
    }
    expect(server.heads).toHaveLength(40);
    expect(server.connections).toBeLessThanOrEqual(4);
  });

  test('never more open connections than `concurrency`, however many requests wait', async () => {
    const { server, t } = await setUp((s, _h, body) => setTimeout(() => s.write(json('201 Created', body)), 5), '', {
      concurrency: 3,
    });
    const rs = await Promise.all(Array.from({ length: 30 }, () => t.send(post)));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(30);
    expect(server.maxOpen).toBeLessThanOrEqual(3);
  });

  test('close() drops the open connections', async () => {
    const { server, t } = await setUp((s, _h, body) => s.write(json('201 Created', body)));
    await t.send(post);
    await t.close();
    await until(() => server.closed === server.connections);
    expect(server.closed).toBe(server.connections);
  });
});
