import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import request from 'supertest';
import { loadSpecs } from '../../specs/loader';
import { COLLECTION, exampleBody, minimalBody, SECURITY_TYPE, WINDOWS_TYPE } from '../testing';
import { createReferenceHandler, type ReferenceOptions } from './handler';
import { DEFAULT_PAGE_SIZE, MAX_TOP } from './query';
import { startServer, type RunningServer } from './server';
import { selfSignedCertificate } from './tls';

const specs = loadSpecs();
type Body = Record<string, unknown>;
type Page = { '@odata.context': string; '@odata.nextLink'?: string; '@odata.count'?: number; value: Body[] };
const CONTEXT = '/$metadata#officeConfiguration/clientConfigurations';

const running: RunningServer[] = [];
async function serve(options: ReferenceOptions = {}): Promise<RunningServer> {
  const s = await startServer(createReferenceHandler(options), { basePath: options.basePath });
  running.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

const create = async (s: RunningServer, body: Body = minimalBody(), base = ''): Promise<Body> => {
  const res = await request(s.server).post(`${base}${COLLECTION}`).send(body);
  expect(res.status).toBe(201);
  return res.body as Body;
};

/** GET of a URL the server wrote (absolute), through supertest: its path and query as given. */
const follow = (s: RunningServer, absolute: string): request.Test => {
  const u = new URL(absolute);
  expect(u.origin).toBe(new URL(s.url).origin);
  return request(s.server).get(u.pathname + u.search);
};

/** Every page from `first` on, following @odata.nextLink as given. */
async function allPages(s: RunningServer, first: string): Promise<Page[]> {
  const pages: Page[] = [];
  let res = await request(s.server).get(first);
  for (;;) {
    expect(res.status).toBe(200);
    const page = res.body as Page;
    pages.push(page);
    const next = page['@odata.nextLink'];
    if (next === undefined) return pages;
    res = await follow(s, next);
  }
}

function expectBadRequest(res: request.Response, message: RegExp): void {
  expect(res.status).toBe(400);
  expect(specs.odataError(res.body)).toBe(true);
  const error = (res.body as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('badRequest');
  expect(error.message).toMatch(message);
}

describe('paging the list', () => {
  test('$top pages through every entity once, in creation order; nextLink is absolute, the last page has none', async () => {
    const s = await serve({ basePath: '/beta' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await create(s, { ...minimalBody(), priority: i }, '/beta'))['id'] as string);
    const pages = await allPages(s, `/beta${COLLECTION}?$top=3`);
    expect(pages.map((p) => p.value.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.value.map((e) => e['id']))).toEqual(ids);
    for (const [i, p] of pages.entries()) {
      expect(p['@odata.context']).toBe(`${s.url}${CONTEXT}`);
      expect(specs.collection(p)).toBe(true);
      if (i < pages.length - 1) {
        const next = p['@odata.nextLink'] ?? '';
        expect(next.startsWith(`${s.url}${COLLECTION}?`)).toBe(true);
        expect(new URL(next).searchParams.get('$top')).toBe('3');
        expect(new URL(next).searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+$/);
      } else expect(p).not.toHaveProperty('@odata.nextLink');
    }
    // Keys lead as Graph writes them; entities in a page carry no context of their own.
    expect(Object.keys(pages[0] ?? {})).toEqual(['@odata.context', 'value', '@odata.nextLink']);
    expect(pages[0]?.value[0]).not.toHaveProperty('@odata.context');
  });

  test('without $top the default page size applies (an option); a page exactly full has no nextLink', async () => {
    expect(DEFAULT_PAGE_SIZE).toBe(999);
    const s = await serve({ pageSize: 2 });
    expect((await allPages(s, COLLECTION)).map((p) => p.value.length)).toEqual([0]);
    await create(s);
    await create(s);
    expect((await allPages(s, COLLECTION)).map((p) => p.value.length)).toEqual([2]);
    await create(s);
    expect((await allPages(s, COLLECTION)).map((p) => p.value.length)).toEqual([2, 1]);
    // $top may ask for more than the default.
    expect((await allPages(s, `${COLLECTION}?$top=5`)).map((p) => p.value.length)).toEqual([3]);
    expect(() => createReferenceHandler({ pageSize: 0 })).toThrow(/pageSize/);
  });

  test('Prefer: odata.maxpagesize asks for smaller pages (applied and said so); $top wins over it', async () => {
    const s = await serve();
    for (let i = 0; i < 5; i++) await create(s);
    const first = await request(s.server).get(COLLECTION).set('prefer', 'odata.maxpagesize=2');
    expect(first.headers['preference-applied']).toBe('odata.maxpagesize=2');
    expect((first.body as Page).value).toHaveLength(2);
    // Every page asked the same way: 2, 2, 1, every entity once.
    const pages: Page[] = [first.body as Page];
    for (
      let next = pages[0]?.['@odata.nextLink'];
      next !== undefined;
      next = pages[pages.length - 1]?.['@odata.nextLink']
    )
      pages.push((await follow(s, next).set('prefer', 'odata.maxpagesize=2')).body as Page);
    expect(pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flatMap((p) => p.value.map((e) => e['id']))).size).toBe(5);
    // Larger than the default, or with $top: the request's own page size, and no Preference-Applied.
    const top = await request(s.server).get(`${COLLECTION}?$top=4`).set('prefer', 'odata.maxpagesize=2');
    expect((top.body as Page).value).toHaveLength(4);
    expect(top.headers['preference-applied']).toBeUndefined();
  });

  test('creates and deletes between pages: no entity that exists throughout is repeated or skipped', async () => {
    const s = await serve();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await create(s))['id'] as string);
    const first = (await request(s.server).get(`${COLLECTION}?$top=2`)).body as Page;
    expect(first.value.map((e) => e['id'])).toEqual(ids.slice(0, 2));
    // Delete the last one seen and the next one due; add one at the end.
    for (const id of [ids[1], ids[2]]) expect((await request(s.server).delete(`${COLLECTION}/${id}`)).status).toBe(204);
    const added = (await create(s))['id'] as string;
    const rest: string[] = [];
    let next = first['@odata.nextLink'];
    while (next !== undefined) {
      const page = (await follow(s, next)).body as Page;
      rest.push(...page.value.map((e) => e['id'] as string));
      next = page['@odata.nextLink'];
    }
    expect(rest).toEqual([ids[3], ids[4], ids[5], added]);
    // An update keeps the entity in its place.
    await request(s.server).patch(`${COLLECTION}/${ids[0]}`).send({ displayName: 'renamed' });
    const again = (await allPages(s, `${COLLECTION}?$top=1`)).flatMap((p) => p.value.map((e) => e['id']));
    expect(again).toEqual([ids[0], ids[3], ids[4], ids[5], added]);
  });

  test.each([
    ['0', /\$top must be a whole number from 1 to 999, got '0'/],
    ['-1', /\$top/],
    ['abc', /\$top/],
    ['1.5', /\$top/],
    ['', /\$top/],
    [String(MAX_TOP + 1), /1000/],
  ])('$top=%s is refused with 400', async (top, message) => {
    const s = await serve();
    expectBadRequest(await request(s.server).get(`${COLLECTION}?$top=${top}`), message);
  });

  test('$top=999 is accepted; a $skiptoken the service did not issue, or an option given twice, is refused', async () => {
    const s = await serve();
    expect((await request(s.server).get(`${COLLECTION}?$top=999`)).status).toBe(200);
    expect((await request(s.server).get(`${COLLECTION}?%24TOP=2`)).status).toBe(200);
    for (const token of ['nope', 'YWZ0ZXI6eA', '%%', 'a'.repeat(65)])
      expectBadRequest(await request(s.server).get(`${COLLECTION}?$skiptoken=${token}`), /skiptoken|percent/);
    expectBadRequest(await request(s.server).get(`${COLLECTION}?$top=1&$Top=2`), /\$Top is given more than once/);
  });

  test('$count=true adds @odata.count (the whole set) on every page; other values are refused', async () => {
    const s = await serve();
    for (let i = 0; i < 3; i++) await create(s);
    const pages = await allPages(s, `${COLLECTION}?$count=true&$top=2`);
    expect(pages.map((p) => p['@odata.count'])).toEqual([3, 3]);
    expect(Object.keys(pages[0] ?? {})).toEqual(['@odata.context', '@odata.count', 'value', '@odata.nextLink']);
    expect((await request(s.server).get(`${COLLECTION}?$count=false`)).body).not.toHaveProperty('@odata.count');
    expectBadRequest(await request(s.server).get(`${COLLECTION}?$count=yes`), /\$count must be true or false/);
  });

  test.each(['$filter=priority eq 1', '$orderby=displayName', '$expand=assignments', '$skip=1', '$search="x"'])(
    'an unsupported system query option is refused, named: %s',
    async (option) => {
      const s = await serve();
      const name = option.slice(0, option.indexOf('='));
      const res = await request(s.server).get(`${COLLECTION}?${encodeURI(option)}`);
      expectBadRequest(res, new RegExp(`\\${name} is not supported`));
    },
  );

  test('an unknown $ option is refused; a custom option (no $) is ignored and carried into nextLink', async () => {
    const s = await serve();
    expectBadRequest(await request(s.server).get(`${COLLECTION}?$frobnicate=1`), /\$frobnicate is not a system query/);
    await create(s);
    await create(s);
    const page = (await request(s.server).get(`${COLLECTION}?$top=1&tenant=a%20b`)).body as Page;
    expect(page['@odata.nextLink']).toMatch(/\?\$top=1&tenant=a%20b&\$skiptoken=/);
  });
});

describe('$select', () => {
  test('on the list: the named properties plus id and @odata.type; context names the selection; nextLink keeps it', async () => {
    const s = await serve();
    await create(s, exampleBody());
    await create(s, { ...exampleBody(), '@odata.type': SECURITY_TYPE, 'displayName@x.note': 'kept' });
    const pages = await allPages(s, `${COLLECTION}?$select=displayName,priority&$top=1`);
    expect(pages).toHaveLength(2);
    expect(pages[0]?.['@odata.context']).toBe(`${s.url}${CONTEXT}(displayName,priority)`);
    const [a, b] = pages.flatMap((p) => p.value);
    expect(Object.keys(a ?? {})).toEqual(['@odata.type', 'id', 'displayName', 'priority']);
    expect(a?.['@odata.type']).toBe(WINDOWS_TYPE);
    expect(b).toEqual({
      '@odata.type': SECURITY_TYPE,
      id: b?.['id'],
      displayName: 'Display Name value',
      priority: 8,
      'displayName@x.note': 'kept',
    });
  });

  test('on one entity, and * for everything; an unknown or empty name is refused', async () => {
    const s = await serve();
    const created = await create(s, exampleBody());
    const id = created['id'] as string;
    const one = await request(s.server).get(`${COLLECTION}/${id}?$select=description`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      '@odata.context': `${s.url}${CONTEXT}(description)/$entity`,
      '@odata.type': WINDOWS_TYPE,
      id,
      description: 'Description value',
    });
    const all = await request(s.server).get(`${COLLECTION}/${id}?$select=*`);
    expect({ ...(all.body as Body), '@odata.context': created['@odata.context'] }).toEqual(created);
    expectBadRequest(await request(s.server).get(`${COLLECTION}?$select=colour`), /'colour'.*not a property/);
    expectBadRequest(await request(s.server).get(`${COLLECTION}/${id}?$select=a,,b`), /comma-separated/);
    expectBadRequest(await request(s.server).get(`${COLLECTION}/${id}?$top=1`), /\$top is not supported here/);
    expectBadRequest(await request(s.server).get(`${COLLECTION}/${id}?$filter=x`), /single entity/);
  });
});

describe('@odata.context', () => {
  test('201, GET and PATCH of one entity carry the $entity context first; the list carries the set', async () => {
    const handler = createReferenceHandler({ basePath: '/beta' });
    const s = await startServer(handler, { basePath: '/beta' });
    running.push(s);
    const col = `/beta${COLLECTION}`;
    const entity = `${s.url}${CONTEXT}/$entity`;
    const created = await create(s, exampleBody(), '/beta');
    expect(Object.keys(created)[0]).toBe('@odata.context');
    expect(created['@odata.context']).toBe(entity);
    expect(specs.createResponse(created)).toBe(true);
    const id = created['id'] as string;
    const read = await request(s.server).get(`${col}/${id}`);
    expect(read.body['@odata.context']).toBe(entity);
    const patched = await request(s.server).patch(`${col}/${id}`).send({ priority: 3 });
    expect(Object.keys(patched.body as Body)[0]).toBe('@odata.context');
    expect(patched.body['@odata.context']).toBe(entity);
    expect((await request(s.server).get(col)).body['@odata.context']).toBe(`${s.url}${CONTEXT}`);
    // The stored entity has no context: it belongs to an answer, not to the data.
    expect(handler.store.get(id)).not.toHaveProperty('@odata.context');
  });

  test('the context follows the Host the client used', async () => {
    const s = await serve();
    const res = await request(s.server).post(COLLECTION).set('host', 'example.test:8443').send(minimalBody());
    expect(res.body['@odata.context']).toBe(`http://example.test:8443${CONTEXT}/$entity`);
  });
});

describe('request ids and innerError', () => {
  test('errors carry innerError {date, request-id, client-request-id}; the ids are also headers', async () => {
    let n = 0;
    const s = await serve({ now: () => new Date('2024-06-01T12:34:56.789Z'), newRequestId: () => `rid-${++n}` });
    const res = await request(s.server)
      .post(COLLECTION)
      .set('client-request-id', 'client-42')
      .send({ ...minimalBody(), priority: 'high' });
    expect(res.status).toBe(400);
    expect(specs.odataError(res.body)).toBe(true);
    const error = (res.body as { error: Body }).error;
    expect(error['code']).toBe('badRequest');
    expect(Object.keys(error).at(-1)).toBe('innerError');
    expect(error['innerError']).toEqual({
      date: '2024-06-01T12:34:56',
      'request-id': 'rid-1',
      'client-request-id': 'client-42',
    });
    expect(res.headers['request-id']).toBe('rid-1');
    expect(res.headers['client-request-id']).toBe('client-42');
  });

  test('without a usable client-request-id one is made up; successes carry both headers too', async () => {
    const s = await serve();
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const missing = await request(s.server).get(`${COLLECTION}/nope`);
    expect(missing.status).toBe(404);
    const inner = (missing.body as { error: { innerError: Body } }).error.innerError;
    expect(inner['client-request-id']).toMatch(UUID);
    expect(inner['request-id']).toMatch(UUID);
    expect(inner['request-id']).not.toBe(inner['client-request-id']);
    expect(missing.headers['client-request-id']).toBe(inner['client-request-id']);
    const tooLong = await request(s.server).get(`${COLLECTION}/nope`).set('client-request-id', 'x'.repeat(129));
    expect(tooLong.headers['client-request-id']).toMatch(UUID);
    const ok = await request(s.server).post(COLLECTION).set('client-request-id', 'mine').send(minimalBody());
    expect(ok.status).toBe(201);
    expect(ok.headers['client-request-id']).toBe('mine');
    expect(ok.headers['request-id']).toMatch(UUID);
    const a = await request(s.server).get(COLLECTION);
    const b = await request(s.server).get(COLLECTION);
    expect(a.headers['request-id']).not.toBe(b.headers['request-id']);
  });

  test('a 401 carries them too; a hook that rewrites errors still sees the innerError', async () => {
    const seen: unknown[] = [];
    const s = await serve({
      token: 't',
      hooks: {
        shapeError: (a) => {
          seen.push(a.body);
          return a;
        },
      },
    });
    const res = await request(s.server).get(COLLECTION);
    expect(res.status).toBe(401);
    expect(res.body.error.innerError['request-id']).toBe(res.headers['request-id']);
    expect(seen).toEqual([res.body]);
  });
});

describe('HTTPS', () => {
  test('startServer with a self-signed certificate serves https URLs a client trusting that certificate can use', async () => {
    const tls = selfSignedCertificate();
    const cert = new X509Certificate(tls.cert);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    const s = await startServer(createReferenceHandler(), { tls });
    running.push(s);
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = JSON.stringify(minimalBody());
    const answer = await new Promise<{ status: number; location: string; json: Body }>((resolve, reject) => {
      const req = https.request(
        `${s.url}${COLLECTION}`,
        { method: 'POST', ca: tls.cert, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: String(res.headers.location),
              json: JSON.parse(text) as Body,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(201);
    expect(answer.location).toBe(`${s.url}${COLLECTION}/${answer.json['id'] as string}`);
    expect(answer.json['@odata.context']).toBe(`${s.url}${CONTEXT}/$entity`);
    // Untrusted, the same request fails the TLS handshake.
    await expect(
      new Promise((resolve, reject) => https.get(`${s.url}${COLLECTION}`, resolve).on('error', reject)),
    ).rejects.toThrow(/self[- ]signed/);
  });

  test('the certificate covers the hosts asked for, and leaves out what cannot be certified', () => {
    const { cert, names } = selfSignedCertificate(['example.test', '[fe80::1]', '::ffff:1.2.3.4', 'bad name']);
    expect(names).toEqual(['127.0.0.1', '::1', 'localhost', 'example.test', 'fe80::1']);
    const x = new X509Certificate(cert);
    expect(x.checkHost('example.test')).toBe('example.test');
    expect(x.checkIP('fe80::1')).toBe('fe80::1');
    expect(x.checkHost('other.test')).toBeUndefined();
    const later = new X509Certificate(selfSignedCertificate([], 7, new Date('2060-01-01T00:00:00Z')).cert);
    expect(later.validTo).toMatch(/2060/);
  });
});
