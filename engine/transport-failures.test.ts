import zlib from 'node:zlib';
import { HttpTransport } from './transport';
import { transports, until, gzipped, json, opts, post, rawServer, setUp, tearDown } from './transport.fixtures';

/** HttpTransport against raw loopback servers: broken answers (status 0 and the reason) and connection reuse. */
afterEach(tearDown);

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
