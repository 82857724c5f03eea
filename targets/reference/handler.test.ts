import http from 'node:http';
import request from 'supertest';
import { loadSpecs } from '../../specs/loader';
import { COLLECTION, exampleBody, minimalBody, SECURITY_TYPE, WINDOWS_TYPE } from '../testing';
import { createReferenceHandler, MAX_NESTING_DEPTH, type ReferenceOptions } from './handler';
import { startServer, type RunningServer } from './server';

const specs = loadSpecs();
const TOKEN = 'reference-test-token';
const SUMMARY = 'microsoft.graph.officeUserCheckinSummary';
const CHECKIN = 'microsoft.graph.officeClientCheckinStatus';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const running: RunningServer[] = [];
async function serve(options: ReferenceOptions = {}): Promise<RunningServer> {
  const s = await startServer(createReferenceHandler(options), { basePath: options.basePath });
  running.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

let plain: RunningServer;
beforeAll(async () => {
  plain = await serve();
});

const post = (s: RunningServer, body: unknown, path = COLLECTION): request.Test =>
  request(s.server)
    .post(path)
    .set('content-type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));

/** A request written by hand: chunked when `chunks` has several parts, with exactly the headers given. */
function raw(
  s: RunningServer,
  headers: Record<string, string>,
  chunks: Array<string | Buffer>,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`http://127.0.0.1:${s.port}${COLLECTION}`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown }),
      );
    });
    req.on('error', reject);
    for (const c of chunks.slice(0, -1)) req.write(c);
    req.end(chunks[chunks.length - 1]);
  });
}

/** Every 4xx/5xx of the reference is in the OData error shape with the camelCase status name as code. */
function expectError(res: request.Response, status: number, code: string, message?: RegExp | string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(specs.odataError(res.body)).toBe(true);
  const error = (res.body as { error: { code: string; message: string } }).error;
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
}

describe('POST creates', () => {
  test("the docs' example: 201, every property echoed as sent, server id, Location, lastModifiedDateTime", async () => {
    const sent = exampleBody();
    const before = Date.now();
    const res = await post(plain, sent);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.body as Record<string, unknown>;
    const id = body['id'] as string;
    expect(id).toMatch(UUID);
    expect(res.headers['location']).toBe(`http://127.0.0.1:${plain.port}${COLLECTION}/${id}`);
    const stamp = body['lastModifiedDateTime'] as string;
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(stamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamp)).toBeLessThanOrEqual(Date.now());
    // Sent as the docs write them ("microsoft.graph.officeUserCheckinSummary"), nested types come back with '#'.
    expect(body).toEqual({
      ...sent,
      '@odata.context': `http://127.0.0.1:${plain.port}/$metadata#officeConfiguration/clientConfigurations/$entity`,
      id,
      lastModifiedDateTime: stamp,
      userCheckinSummary: { ...(sent['userCheckinSummary'] as object), '@odata.type': `#${SUMMARY}` },
      checkinStatuses: (sent['checkinStatuses'] as object[]).map((c) => ({ ...c, '@odata.type': `#${CHECKIN}` })),
    });
    // @odata.context, @odata.type and id lead, as Graph writes them.
    expect(Object.keys(body).slice(0, 3)).toEqual(['@odata.context', '@odata.type', 'id']);
    expect(specs.createResponse(body)).toBe(true);
  });

  test('strings, dates, streams and annotations come back byte-for-byte as sent', async () => {
    const sent = {
      ...minimalBody(),
      displayName: '  Überblick — 設定 😀 \u0000 ',
      description: null,
      userPreferencePayload: 'eyJhIjoxfQ==',
      checkinStatuses: [
        { userId: 'u', wasSuccessful: false, checkinDateTime: '2016-12-31T23:56:33.957176412345-08:00' },
        { userId: 'v', wasSuccessful: true, checkinDateTime: '2020-02-29T00:00+05:30', appliedPolicies: [null, ''] },
      ],
      'displayName@odata.annotation': { nested: [1, 'two'] },
    };
    const res = await post(plain, sent);
    expect(res.status).toBe(201);
    const { id, lastModifiedDateTime, '@odata.context': _context, ...rest } = res.body as Record<string, unknown>;
    expect(typeof id).toBe('string');
    expect(typeof lastModifiedDateTime).toBe('string');
    expect(rest).toEqual(sent);
  });

  test("a type sent without '#' comes back with it; a client id and lastModifiedDateTime are ignored", async () => {
    const res = await post(plain, {
      '@odata.type': 'microsoft.graph.windowsOfficeClientConfiguration',
      id: 'client-chosen',
      lastModifiedDateTime: '2001-01-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
    expect(res.body['@odata.type']).toBe(WINDOWS_TYPE);
    expect(res.body.id).toMatch(UUID);
    expect(res.body.lastModifiedDateTime).not.toBe('2001-01-01T00:00:00Z');
  });

  test("nested @odata.type values get their '#' (both spellings accepted); annotation values stay as sent", async () => {
    const sent = {
      ...minimalBody(),
      userCheckinSummary: { '@odata.type': `#${SUMMARY}`, failedUserCount: 1 },
      checkinStatuses: [{ '@odata.type': CHECKIN, userId: 'u' }, { userId: 'v' }],
      assignments: [
        {
          '@odata.type': 'microsoft.graph.officeClientConfigurationAssignment',
          target: { '@odata.type': 'microsoft.graph.officeConfigurationGroupAssignmentTarget', groupId: 'g' },
        },
      ],
      'x@odata.note': { '@odata.type': 'left.alone' },
    };
    const res = await post(plain, sent);
    expect(res.status).toBe(201);
    expect(res.body.userCheckinSummary).toEqual({ '@odata.type': `#${SUMMARY}`, failedUserCount: 1 });
    expect(res.body.checkinStatuses).toEqual([{ '@odata.type': `#${CHECKIN}`, userId: 'u' }, { userId: 'v' }]);
    // A deep-inserted assignment is created with the configuration: it gets a server id (the response schema
    // requires one), so the assignments navigation can address it.
    expect(res.body.assignments).toEqual([
      {
        '@odata.type': '#microsoft.graph.officeClientConfigurationAssignment',
        id: expect.stringMatching(UUID),
        target: { '@odata.type': '#microsoft.graph.officeConfigurationGroupAssignmentTarget', groupId: 'g' },
      },
    ]);
    expect(res.body['x@odata.note']).toEqual({ '@odata.type': 'left.alone' });
  });

  test('the sibling derived type is created as itself', async () => {
    const res = await post(plain, { ...exampleBody(), '@odata.type': SECURITY_TYPE });
    expect(res.status).toBe(201);
    expect(res.body['@odata.type']).toBe(SECURITY_TYPE);
  });

  test('every create gets its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await post(plain, minimalBody())).body.id as string);
    expect(ids.size).toBe(20);
  });
});

describe('bad requests get the OData error shape', () => {
  const ok = exampleBody();
  const checkin = (ok['checkinStatuses'] as Array<Record<string, unknown>>)[0];
  const cases: Array<[string, unknown, number, string, RegExp]> = [
    [
      'malformed JSON',
      '{"@odata.type": "#microsoft.graph.windowsOfficeClientConfiguration",',
      400,
      'badRequest',
      /not valid JSON/,
    ],
    [
      'a string where a String is expected',
      { ...ok, displayName: 3 },
      400,
      'badRequest',
      /\/displayName must be string/,
    ],
    ['priority over Int32', { ...ok, priority: 2147483648 }, 400, 'badRequest', /\/priority/],
    ['priority under Int32', { ...ok, priority: -2147483649 }, 400, 'badRequest', /\/priority/],
    ['a fractional priority', { ...ok, priority: 1.5 }, 400, 'badRequest', /\/priority must be integer/],
    [
      'February 30',
      { ...ok, checkinStatuses: [{ ...checkin, checkinDateTime: '2021-02-30T00:00:00Z' }] },
      400,
      'badRequest',
      /\/checkinStatuses\/0\/checkinDateTime/,
    ],
    [
      'a date without a zone',
      { ...ok, checkinStatuses: [{ ...checkin, checkinDateTime: '2021-02-03T00:00:00' }] },
      400,
      'badRequest',
      /\/checkinStatuses\/0\/checkinDateTime/,
    ],
    ['an unknown @odata.type', { ...ok, '@odata.type': '#microsoft.graph.user' }, 400, 'badRequest', /\/@odata\.type/],
    ['no @odata.type', { displayName: 'x' }, 400, 'badRequest', /^[^;]*required property '@odata\.type'$/],
    ['an unknown property', { ...ok, colour: 'blue' }, 400, 'badRequest', /'colour'/],
    [
      'an unknown nested property',
      { ...ok, userCheckinSummary: { succeededUserCount: 1, extra: 1 } },
      400,
      'badRequest',
      /\/userCheckinSummary .*'extra'/,
    ],
    ['a Stream that is not base64', { ...ok, policyPayload: 'not base64!' }, 400, 'badRequest', /\/policyPayload/],
    ['a top-level array', '[]', 400, 'badRequest', /JSON object, not an array/],
    ['a top-level null', 'null', 400, 'badRequest', /JSON object, not null/],
    ['a top-level number', '42', 400, 'badRequest', /JSON object, not a number/],
    ['a top-level string', '"x"', 400, 'badRequest', /JSON object, not a string/],
    ['an empty body', '', 400, 'badRequest', /empty/],
  ];
  test.each(cases)('%s', async (_name, body, status, code, message) => {
    const res = await post(plain, body);
    expectError(res, status, code, message);
  });

  test('error.details lists each schema violation with its pointer', async () => {
    const res = await post(plain, { ...ok, priority: 'high', displayName: 3 });
    expectError(res, 400, 'badRequest');
    const details = (res.body as { error: { details: Array<{ target: string }> } }).error.details;
    expect(details.map((d) => d.target).sort()).toEqual(['/displayName', '/priority']);
  });

  test('__proto__ and constructor keys are refused and never reach a prototype', async () => {
    const type = JSON.stringify(WINDOWS_TYPE);
    const bodies = [
      `{"@odata.type":${type},"__proto__":{"polluted":true}}`,
      `{"@odata.type":${type},"constructor":{"prototype":{"polluted":true}}}`,
      `{"@odata.type":${type},"userCheckinSummary":{"__proto__":{"polluted":true}}}`,
      `{"@odata.type":${type},"checkinStatuses":[{"constructor":{"prototype":{"polluted":true}}}]}`,
    ];
    for (const text of bodies) {
      const res = await post(plain, text);
      expectError(res, 400, 'badRequest', /__proto__|constructor/);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('invalid UTF-8 is refused', async () => {
    const bytes = Buffer.concat([Buffer.from('{"@odata.type":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await raw(plain, { 'content-type': 'application/json' }, [bytes]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'badRequest',
        message: 'the request body is not valid UTF-8',
        innerError: {
          date: expect.any(String),
          'request-id': expect.any(String),
          'client-request-id': expect.any(String),
        },
      },
    });
  });

  test('JSON nested a hundred thousand levels deep is refused and the server keeps answering', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expectError(await post(plain, deep), 400, 'badRequest', /levels deep/);
    const inAnnotation = `{"@odata.type":"${WINDOWS_TYPE}","x@y":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expectError(await post(plain, inAnnotation), 400, 'badRequest', new RegExp(`at most ${MAX_NESTING_DEPTH}`));
    expect((await post(plain, minimalBody())).status).toBe(201);
  });

  test('415 for a body that is not JSON, no Content-Type, or another charset', async () => {
    const text = JSON.stringify(minimalBody());
    const asText = await request(plain.server).post(COLLECTION).set('content-type', 'text/plain').send(text);
    expectError(asText, 415, 'unsupportedMediaType', /text\/plain/);
    const none = await raw(plain, { 'content-length': String(Buffer.byteLength(text)) }, [text]);
    expect(none.status).toBe(415);
    expect(specs.odataError(none.body)).toBe(true);
    const latin1 = await request(plain.server)
      .post(COLLECTION)
      .set('content-type', 'application/json; charset=iso-8859-1')
      .send(text);
    expectError(latin1, 415, 'unsupportedMediaType', /charset/);
    const withParams = await request(plain.server)
      .post(COLLECTION)
      .set('content-type', 'application/json; odata.metadata=minimal; charset=UTF-8')
      .send(text);
    expect(withParams.status).toBe(201);
  });

  test('413 above the size limit (declared or streamed), the default limit being 1 MiB', async () => {
    const small = await serve({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ ...minimalBody(), description: 'x'.repeat(2000) });
    expectError(await post(small, big), 413, 'payloadTooLarge', /1024 bytes/);
    // Chunked (no Content-Length): the limit is enforced while reading.
    const chunked = await raw(small, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, [
      big.slice(0, 800),
      big.slice(800),
    ]);
    expect(chunked.status).toBe(413);
    expect(specs.odataError(chunked.body)).toBe(true);
    expect((await post(small, minimalBody())).status).toBe(201);
    const overDefault = JSON.stringify({ ...minimalBody(), description: 'x'.repeat(1024 * 1024) });
    expectError(await post(plain, overDefault), 413, 'payloadTooLarge');
    const underDefault = JSON.stringify({ ...minimalBody(), description: 'x'.repeat(1000 * 1000) });
    expect((await post(plain, underDefault)).status).toBe(201);
  });

  test('a client that aborts mid-body, or streams far past the limit, does not take the server down', async () => {
    const small = await serve({ maxBodyBytes: 1024 });
    for (const target of [plain, small]) {
      await new Promise<void>((done) => {
        const req = http.request(`http://127.0.0.1:${target.port}${COLLECTION}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '100000' },
        });
        req.on('error', () => done());
        req.write('{"@odata.type":"' + 'x'.repeat(5000));
        setTimeout(() => {
          req.destroy();
          done();
        }, 50);
      });
    }
    // 4 MiB streamed in chunks at a 1 KiB limit: the server answers 413 (or the client sees the connection close).
    const outcome = await new Promise<number | string>((done) => {
      const req = http.request(
        `http://127.0.0.1:${small.port}${COLLECTION}`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(outcome);
    expect((await post(plain, minimalBody())).status).toBe(201);
    expect((await post(small, minimalBody())).status).toBe(201);
  });

  test('404 for an unknown id or path, 405 with Allow for an unsupported method', async () => {
    expectError(await request(plain.server).get(`${COLLECTION}/no-such-id`), 404, 'notFound', /no-such-id/);
    expectError(await request(plain.server).get('/officeConfiguration/somethingElse'), 404, 'notFound');
    expectError(await request(plain.server).get('/'), 404, 'notFound');
    const put = await request(plain.server).put(COLLECTION).send({});
    expectError(put, 405, 'methodNotAllowed');
    expect(put.headers['allow']).toBe('GET, POST');
    const postOne = await request(plain.server).post(`${COLLECTION}/x`).send({});
    expectError(postOne, 405, 'methodNotAllowed');
    expect(postOne.headers['allow']).toBe('GET, PATCH, DELETE');
  });
});

describe('bearer token', () => {
  let secured: RunningServer;
  beforeAll(async () => {
    secured = await serve({ token: TOKEN });
  });

  test('401 with WWW-Authenticate without a token, with a wrong one, or with another scheme', async () => {
    const attempts = [
      request(secured.server).post(COLLECTION).send(minimalBody()),
      request(secured.server).post(COLLECTION).set('authorization', 'Bearer wrong').send(minimalBody()),
      request(secured.server).post(COLLECTION).set('authorization', `Bearer ${TOKEN}x`).send(minimalBody()),
      request(secured.server).post(COLLECTION).set('authorization', `Basic ${TOKEN}`).send(minimalBody()),
      request(secured.server).get(COLLECTION),
      request(secured.server).get('/nowhere'),
    ];
    const answers = await Promise.all(attempts);
    for (const res of answers) {
      expectError(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(res.text).not.toContain(TOKEN);
    }
    expect(answers[0]?.headers['www-authenticate']).not.toContain('invalid_token');
    expect(answers[1]?.headers['www-authenticate']).toContain('invalid_token');
    expect(secured.server.listening).toBe(true);
  });

  test('the right token is served (scheme case-insensitive)', async () => {
    const res = await request(secured.server)
      .post(COLLECTION)
      .set('authorization', `bearer ${TOKEN}`)
      .send(minimalBody());
    expect(res.status).toBe(201);
  });
});

describe('read, update, delete', () => {
  let service: RunningServer;
  beforeAll(async () => {
    service = await serve({ basePath: '/beta' });
  });
  const col = `/beta${COLLECTION}`;

  test('the service root can sit below a base path', async () => {
    const res = await post(service, minimalBody(), col);
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe(`${service.url}${COLLECTION}/${res.body.id as string}`);
    expect(service.url).toBe(`http://127.0.0.1:${service.port}/beta`);
    expectError(await post(service, minimalBody()), 404, 'notFound');
  });

  test('GET by id (both key syntaxes) answers the entity itself; GET lists every entity under value', async () => {
    const created = (await post(service, exampleBody(), col)).body as Record<string, unknown>;
    const id = created['id'] as string;
    const one = await request(service.server).get(`${col}/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created);
    expect(specs.entity(one.body)).toBe(true);
    expect((await request(service.server).get(`${col}('${id}')`)).body).toEqual(created);
    const list = await request(service.server).get(col);
    expect(list.status).toBe(200);
    expect(specs.collection(list.body)).toBe(true);
    const { '@odata.context': _context, ...item } = created;
    expect((list.body as { value: unknown[] }).value).toContainEqual(item);
  });

  test('PATCH validates, merges, moves lastModifiedDateTime forward, and answers 200 with the entity', async () => {
    const created = (await post(service, exampleBody(), col)).body as Record<string, unknown>;
    const id = created['id'] as string;
    const res = await request(service.server)
      .patch(`${col}/${id}`)
      .send({ '@odata.type': '#microsoft.graph.officeClientConfiguration', displayName: 'renamed', priority: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...created,
      displayName: 'renamed',
      priority: 1,
      lastModifiedDateTime: res.body.lastModifiedDateTime,
    });
    expect(Date.parse(res.body.lastModifiedDateTime as string)).toBeGreaterThan(
      Date.parse(created['lastModifiedDateTime'] as string),
    );
    expect((await request(service.server).get(`${col}/${id}`)).body).toEqual(res.body);
    const badPatches: unknown[] = [{ priority: 'x' }, { colour: 1 }, { '@odata.type': SECURITY_TYPE }];
    for (const b of badPatches)
      expectError(
        await request(service.server)
          .patch(`${col}/${id}`)
          .send(b as object),
        400,
        'badRequest',
      );
    expectError(await request(service.server).patch(`${col}/missing`).send({ priority: 1 }), 404, 'notFound');
  });

  test('DELETE answers 204, then the entity is gone', async () => {
    const id = (await post(service, minimalBody(), col)).body.id as string;
    const del = await request(service.server).delete(`${col}/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expectError(await request(service.server).get(`${col}/${id}`), 404, 'notFound');
    expectError(await request(service.server).delete(`${col}/${id}`), 404, 'notFound');
  });
});

describe('app.ts', () => {
  test('exports a default handler an in-process runner can require', async () => {
    const app = (require('./app') as { default: http.RequestListener }).default;
    const s = await startServer(app);
    running.push(s);
    expect((await post(s, exampleBody())).status).toBe(201);
  });
});

describe('hooks for variants', () => {
  test('parseJson replaces JSON.parse after the depth limit; a throw is a 400 with its message', async () => {
    const s = await serve({
      hooks: {
        parseJson: (text) => {
          if (text.startsWith('!')) throw new SyntaxError('no bangs here');
          return JSON.parse(text.replace(/^\s*%/, '')) as unknown;
        },
      },
    });
    expect((await post(s, `%${JSON.stringify(minimalBody())}`)).status).toBe(201);
    expectError(await post(s, '!{}'), 400, 'badRequest', /no bangs here/);
    expectError(await post(s, '['.repeat(MAX_NESTING_DEPTH + 1)), 400, 'badRequest', /levels deep/);
  });

  test('shapeAnswer sees every answer last, with the method, the service root and what the URL addresses', async () => {
    const seen: Array<{ status: number; method: string; root: string; target: string }> = [];
    const s = await serve({
      basePath: '/beta',
      hooks: {
        shapeError: (a) => ({ ...a, headers: { ...a.headers, 'x-shaped-error': 'yes' } }),
        shapeAnswer: (a, ctx) => {
          seen.push({
            status: a.status,
            method: ctx.method,
            root: ctx.root,
            target: ctx.target.kind === 'entity' ? `entity ${ctx.target.id}` : ctx.target.kind,
          });
          return { ...a, headers: { ...a.headers, 'x-shaped': a.headers['x-shaped-error'] ?? 'no' } };
        },
      },
    });
    const created = await post(s, minimalBody(), `/beta${COLLECTION}`);
    expect(created.headers['x-shaped']).toBe('no');
    const id = (created.body as { id: string }).id;
    await request(s.server).get(`/beta${COLLECTION}/${id}`);
    const missing = await request(s.server).get('/beta/nowhere');
    expect(missing.headers['x-shaped']).toBe('yes');
    const root = `http://127.0.0.1:${s.port}/beta`;
    expect(seen).toEqual([
      { status: 201, method: 'POST', root, target: 'collection' },
      { status: 200, method: 'GET', root, target: `entity ${id}` },
      { status: 404, method: 'GET', root, target: 'none' },
    ]);
  });
});

describe('the key forms a Location may use all read the entity', () => {
  test("/{id}, ('{id}'), (id='{id}') and a type-cast segment after any of them; a cast to another type is 404", async () => {
    const h = createReferenceHandler();
    const created = await request(h)
      .post('/officeConfiguration/clientConfigurations')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration', displayName: 'k' }));
    const id = created.body.id as string;
    const base = '/officeConfiguration/clientConfigurations';
    for (const path of [
      `${base}/${id}`,
      `${base}('${id}')`,
      `${base}(id='${id}')`,
      `${base}/${id}/microsoft.graph.windowsOfficeClientConfiguration`,
      `${base}(id='${id}')/microsoft.graph.officeClientConfiguration`,
    ]) {
      const r = await request(h).get(path);
      expect([path, r.status, r.body.id]).toEqual([path, 200, id]);
    }
    const other = await request(h).get(`${base}/${id}/microsoft.graph.windowsOfficeClientSecurityConfiguration`);
    expect(other.status).toBe(404);
    expect((await request(h).delete(`${base}/${id}/microsoft.graph.windowsOfficeClientConfiguration`)).status).toBe(
      405,
    );
  });
});
