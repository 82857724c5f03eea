import zlib from 'node:zlib';
import { gzipped, json, post, setUp, tearDown } from './transport.fixtures';

/** HttpTransport against raw loopback servers that write exact bytes: well-formed answers. */
afterEach(tearDown);

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
