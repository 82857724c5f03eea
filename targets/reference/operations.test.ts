/**
 * The operations of the resource family besides create (handler.test.ts) and the collection's list (list.test.ts):
 * PATCH and DELETE of a configuration, its assignments, assign and updatePriorities, in-process.
 */
import http from 'node:http';
import request from 'supertest';
import { loadSpecs } from '../../specs/loader';
import { COLLECTION, exampleBody, minimalBody, SECURITY_TYPE, WINDOWS_TYPE } from '../testing';
import {
  ASSIGNMENT_TYPE,
  createReferenceHandler,
  type AnswerContext,
  type ReferenceHandler,
  type ReferenceOptions,
} from './handler';

const specs = loadSpecs();
type Body = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ASSIGNMENT = '#microsoft.graph.officeClientConfigurationAssignment';
const GROUP_TARGET = '#microsoft.graph.officeConfigurationGroupAssignmentTarget';
const ORIGIN = /^http:\/\/127\.0\.0\.1:\d+/;

const assignment = (groupId: string): Body => ({
  '@odata.type': ASSIGNMENT,
  target: { '@odata.type': GROUP_TARGET, groupId },
});
const groupsOf = (items: unknown): unknown[] =>
  (items as Body[]).map((a) => (a['target'] as Body | undefined)?.['groupId']);

// One server per handler, so the origin in context URLs and Locations stays the same across requests.
const servers = new Map<ReferenceHandler, http.Server>();
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => new Promise((done) => s.close(done))));
});

async function make(options: ReferenceOptions = {}): Promise<ReferenceHandler> {
  const h = createReferenceHandler(options);
  const server = http.createServer(h);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.set(h, server);
  return h;
}

function send(h: ReferenceHandler, method: string, path: string, body?: unknown): request.Test {
  const server = servers.get(h);
  if (!server) throw new Error('no server for this handler');
  const r = request(server)[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
  return body === undefined
    ? r
    : r.set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
}

async function createConfig(h: ReferenceHandler, body: Body = minimalBody()): Promise<Body> {
  const res = await send(h, 'POST', COLLECTION, body);
  expect(res.status).toBe(201);
  return res.body as Body;
}

function expectError(res: request.Response, status: number, message?: RegExp): void {
  expect([res.status, res.body]).toEqual([status, expect.anything()]);
  expect(specs.odataError(res.body)).toBe(true);
  if (message) expect((res.body as { error: { message: string } }).error.message).toMatch(message);
}

/** A fresh handler, and one configuration in it. */
async function withConfig(
  options: ReferenceOptions = {},
  body: Body = exampleBody(),
): Promise<{ h: ReferenceHandler; cfg: Body; id: string; path: string }> {
  const h = await make(options);
  const cfg = await createConfig(h, body);
  const id = cfg['id'] as string;
  return { h, cfg, id, path: `${COLLECTION}/${id}` };
}

describe('PATCH of a configuration', () => {
  test('merges: only the named properties change, lastModifiedDateTime is set anew, 200 with the entity', async () => {
    const { h, cfg, path } = await withConfig({}, { ...exampleBody(), priority: 3 });
    const res = await send(h, 'PATCH', path, { description: 'changed', priority: 4 });
    expect(res.status).toBe(200);
    const { '@odata.context': context, ...entity } = res.body as Body;
    expect(context).toMatch(/\/\$metadata#officeConfiguration\/clientConfigurations\/\$entity$/);
    const { '@odata.context': _c, ...before } = cfg;
    expect(entity).toEqual({
      ...before,
      description: 'changed',
      priority: 4,
      lastModifiedDateTime: expect.any(String),
    });
    expect(Date.parse(entity['lastModifiedDateTime'] as string)).toBeGreaterThan(
      Date.parse(cfg['lastModifiedDateTime'] as string),
    );
    expect((await send(h, 'GET', path)).body).toEqual(res.body);
    expect(specs.entity(res.body)).toBe(true);
  });

  test('every key form addresses the entity; a type cast is read-only', async () => {
    const { h, id } = await withConfig();
    for (const [i, path] of [`${COLLECTION}/${id}`, `${COLLECTION}('${id}')`, `${COLLECTION}(id='${id}')`].entries()) {
      const res = await send(h, 'PATCH', path, { displayName: `form ${i}` });
      expect([path, res.status, res.body['displayName']]).toEqual([path, 200, `form ${i}`]);
    }
    const cast = await send(h, 'PATCH', `${COLLECTION}/${id}/microsoft.graph.windowsOfficeClientConfiguration`, {});
    expectError(cast, 405);
    expect(cast.headers['allow']).toBe('GET');
  });

  test('a body id, lastModifiedDateTime and the base or own type are ignored; the sibling type is refused', async () => {
    const { h, id, path } = await withConfig();
    const res = await send(h, 'PATCH', path, {
      '@odata.type': '#microsoft.graph.officeClientConfiguration',
      id: 'another-id',
      lastModifiedDateTime: '2001-01-01T00:00:00Z',
      displayName: 'x',
    });
    expect(res.status).toBe(200);
    expect(res.body['id']).toBe(id);
    expect(res.body['@odata.type']).toBe(WINDOWS_TYPE);
    expect(res.body['lastModifiedDateTime']).not.toBe('2001-01-01T00:00:00Z');
    expectError(await send(h, 'GET', `${COLLECTION}/another-id`), 404);
    expect((await send(h, 'PATCH', path, { '@odata.type': WINDOWS_TYPE })).status).toBe(200);
    expectError(await send(h, 'PATCH', path, { '@odata.type': SECURITY_TYPE }), 400, /type cannot change/);
  });

  test("validates against the base type's request schema; 404 for an unknown id", async () => {
    const { h, path } = await withConfig();
    expectError(await send(h, 'PATCH', path, { colour: 'blue' }), 400, /'colour'/);
    expectError(await send(h, 'PATCH', path, { priority: 2147483648 }), 400, /\/priority/);
    expectError(await send(h, 'PATCH', path, '[]'), 400, /JSON object/);
    expectError(await send(h, 'PATCH', `${COLLECTION}/missing`, { priority: 1 }), 404, /'missing'/);
    expect((await send(h, 'GET', path)).body['displayName']).toBe('Display Name value');
  });

  test('assignments in a PATCH replace the assignments, each with a server id', async () => {
    const { h, path } = await withConfig({}, { ...minimalBody(), assignments: [assignment('a')] });
    const res = await send(h, 'PATCH', path, { assignments: [{ ...assignment('b'), id: 'mine' }] });
    expect(res.status).toBe(200);
    const listed = await send(h, 'GET', `${path}/assignments`);
    expect(groupsOf(listed.body.value)).toEqual(['b']);
    expect(listed.body.value[0].id).toMatch(UUID);
  });
});

describe('DELETE of a configuration', () => {
  test('answers 204 without a body; the entity and its assignments are gone from every route', async () => {
    const { h, id, path } = await withConfig({}, { ...minimalBody(), assignments: [assignment('deep')] });
    const made = await send(h, 'POST', `${path}/assignments`, assignment('made'));
    const del = await send(h, 'DELETE', `${COLLECTION}('${id}')`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expectError(await send(h, 'GET', path), 404);
    expectError(await send(h, 'GET', `${path}/assignments`), 404, /no clientConfiguration has the id/);
    expectError(await send(h, 'GET', `${path}/assignments/${made.body.id as string}`), 404);
    expectError(await send(h, 'DELETE', path), 404);
    expect(((await send(h, 'GET', COLLECTION)).body.value as Body[]).map((e) => e['id'])).not.toContain(id);
    expect(h.store.get(id)).toBeUndefined();
  });
});

describe('the assignments navigation', () => {
  test('a configuration without assignments lists none, as an OData collection', async () => {
    const { h, id, path } = await withConfig();
    const res = await send(h, 'GET', `${path}/assignments`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      '@odata.context': expect.stringMatching(ORIGIN),
      value: [],
    });
    expect(res.body['@odata.context']).toMatch(
      new RegExp(`/\\$metadata#officeConfiguration/clientConfigurations\\('${id}'\\)/assignments$`),
    );
  });

  test('create: 201, a server id (a client id ignored), Location that reads it; then list, get, patch, delete', async () => {
    const { h, path } = await withConfig();
    const created = await send(h, 'POST', `${path}/assignments`, { ...assignment('g1'), id: 'client-chosen' });
    expect(created.status).toBe(201);
    const aid = created.body.id as string;
    expect(aid).toMatch(UUID);
    expect(created.body).toEqual({
      '@odata.context': expect.stringMatching(/\/assignments\/\$entity$/),
      ...assignment('g1'),
      id: aid,
    });
    const location = created.headers['location'] as string;
    expect(location).toMatch(new RegExp(`${path.replace(/[()]/g, '\\$&')}/assignments/${aid}$`));
    expect((await send(h, 'GET', new URL(location).pathname)).body).toEqual(created.body);

    const listed = await send(h, 'GET', `${path}/assignments`);
    const { '@odata.context': _ctx, ...item } = created.body as Body;
    expect(listed.body.value).toEqual([item]);

    const patched = await send(h, 'PATCH', `${path}/assignments/${aid}`, {
      target: { '@odata.type': 'microsoft.graph.officeConfigurationGroupAssignmentTarget', groupId: 'g2' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...created.body, target: { '@odata.type': GROUP_TARGET, groupId: 'g2' } });
    expect((await send(h, 'GET', `${path}/assignments/${aid}`)).body).toEqual(patched.body);

    const del = await send(h, 'DELETE', `${path}/assignments/${aid}`);
    expect([del.status, del.text]).toEqual([204, '']);
    expectError(await send(h, 'GET', `${path}/assignments/${aid}`), 404, /has no assignment/);
    expectError(await send(h, 'DELETE', `${path}/assignments/${aid}`), 404);
    expect((await send(h, 'GET', `${path}/assignments`)).body.value).toEqual([]);
  });

  test('every key form, for the configuration and for the assignment, and a type cast before the navigation', async () => {
    const { h, id } = await withConfig();
    const aid = (await send(h, 'POST', `${COLLECTION}(id='${id}')/assignments`, assignment('k'))).body.id as string;
    const configs = [
      `${COLLECTION}/${id}`,
      `${COLLECTION}('${id}')`,
      `${COLLECTION}(id='${id}')`,
      `${COLLECTION}/${id}/microsoft.graph.windowsOfficeClientConfiguration`,
      `${COLLECTION}('${id}')/microsoft.graph.officeClientConfiguration`,
    ];
    for (const c of configs) {
      for (const a of [`/assignments/${aid}`, `/assignments('${aid}')`, `/assignments(id='${aid}')`]) {
        const res = await send(h, 'GET', c + a);
        expect([c + a, res.status, res.body.id]).toEqual([c + a, 200, aid]);
      }
      expect(groupsOf((await send(h, 'GET', `${c}/assignments`)).body.value)).toEqual(['k']);
    }
    const wrongCast = `${COLLECTION}/${id}/microsoft.graph.windowsOfficeClientSecurityConfiguration/assignments`;
    expectError(await send(h, 'GET', wrongCast), 404);
  });

  test('bodies are validated against the assignment request schema; unknown ids are 404; other methods 405', async () => {
    const { h, path } = await withConfig();
    expectError(await send(h, 'POST', `${path}/assignments`, { ...assignment('x'), colour: 1 }), 400, /'colour'/);
    expectError(
      await send(h, 'POST', `${path}/assignments`, { target: { '@odata.type': '#microsoft.graph.user' } }),
      400,
      /\/target/,
    );
    expectError(await send(h, 'POST', `${path}/assignments`, '{'), 400, /not valid JSON/);
    // A create needs its target (the create page's table; DERIVATION.md); an update names what it changes only.
    expectError(await send(h, 'POST', `${path}/assignments`, { '@odata.type': ASSIGNMENT_TYPE }), 400, /target/);
    const aid = (await send(h, 'POST', `${path}/assignments`, assignment('x'))).body.id as string;
    expectError(await send(h, 'PATCH', `${path}/assignments/${aid}`, { target: 3 }), 400, /\/target/);
    expect((await send(h, 'PATCH', `${path}/assignments/${aid}`, {})).status).toBe(200);
    expect((await send(h, 'GET', `${path}/assignments/${aid}`)).body.target).toEqual(assignment('x')['target']);
    for (const [method, sub] of [
      ['GET', '/assignments'],
      ['POST', '/assignments'],
      ['GET', `/assignments/${aid}`],
      ['PATCH', `/assignments/${aid}`],
      ['DELETE', `/assignments/${aid}`],
      ['POST', '/assign'],
    ] as const)
      expectError(await send(h, method, `${COLLECTION}/missing${sub}`, method === 'GET' ? undefined : {}), 404);
    expectError(await send(h, 'PATCH', `${path}/assignments/missing`, {}), 404, /no assignment/);
    const put = await send(h, 'PUT', `${path}/assignments`);
    expectError(put, 405);
    expect(put.headers['allow']).toBe('GET, POST');
    const postOne = await send(h, 'POST', `${path}/assignments/${aid}`, {});
    expect(postOne.headers['allow']).toBe('GET, PATCH, DELETE');
  });

  test('lists page by the page size, with $top, $count and $select', async () => {
    const { h, path } = await withConfig({ pageSize: 2 });
    for (const g of ['a', 'b', 'c', 'd', 'e']) await send(h, 'POST', `${path}/assignments`, assignment(g));
    const groups: unknown[] = [];
    let next: string | undefined = `${path}/assignments?$count=true`;
    let pages = 0;
    while (next !== undefined) {
      const res = await send(h, 'GET', next);
      expect(res.status).toBe(200);
      expect(res.body['@odata.count']).toBe(5);
      groups.push(...groupsOf(res.body.value));
      pages++;
      const link = res.body['@odata.nextLink'] as string | undefined;
      if (link !== undefined) expect(link).toMatch(new RegExp(`^http://[^/]+${path}/assignments\\?\\$count=true&`));
      next = link === undefined ? undefined : new URL(link).pathname + new URL(link).search;
    }
    expect([pages, groups]).toEqual([3, ['a', 'b', 'c', 'd', 'e']]);
    const top = await send(h, 'GET', `${path}/assignments?$top=4&$select=id`);
    expect(top.body.value).toHaveLength(4);
    expect(Object.keys(top.body.value[0] as Body).sort()).toEqual(['@odata.type', 'id']);
    expect(top.body['@odata.context']).toMatch(/\/assignments\(id\)$/);
    expectError(await send(h, 'GET', `${path}/assignments?$filter=x`), 400, /\$filter/);
    expectError(await send(h, 'GET', `${path}/assignments?$select=colour`), 400, /officeClientConfigurationAssignment/);
  });

  test('assignments sent with a create are listed, with the ids the 201 gave them', async () => {
    const { h, cfg, path } = await withConfig(
      {},
      { ...minimalBody(), assignments: [assignment('a'), assignment('b')] },
    );
    const listed = await send(h, 'GET', `${path}/assignments`);
    expect(listed.body.value).toEqual(cfg['assignments']);
    expect(specs.createResponse(cfg)).toBe(true);
  });
});

describe('assign', () => {
  test('replaces the assignments: assigned twice, only the second list is left (both action names)', async () => {
    const { h, path } = await withConfig();
    await send(h, 'POST', `${path}/assignments`, assignment('before'));
    const first = await send(h, 'POST', `${path}/assign`, {
      officeConfigurationAssignments: [assignment('a'), assignment('b')],
    });
    expect(first.status).toBe(200);
    expect(first.body['@odata.context']).toMatch(
      /\/\$metadata#Collection\(microsoft\.graph\.officeClientConfigurationAssignment\)$/,
    );
    expect(groupsOf(first.body.value)).toEqual(['a', 'b']);
    const second = await send(h, 'POST', `${path}/microsoft.graph.assign`, {
      officeConfigurationAssignments: [{ ...assignment('c'), id: 'client-id' }],
    });
    expect(second.status).toBe(200);
    expect(second.body.value).toEqual([{ ...assignment('c'), id: expect.stringMatching(UUID) }]);
    const listed = await send(h, 'GET', `${path}/assignments`);
    expect(listed.body.value).toEqual(second.body.value);
    for (const old of first.body.value as Body[])
      expectError(await send(h, 'GET', `${path}/assignments/${old['id'] as string}`), 404);
    expect((await send(h, 'GET', path)).body['assignments']).toEqual(second.body.value);
    const none = await send(h, 'POST', `${path}/assign`, { officeConfigurationAssignments: [] });
    expect([none.status, none.body.value]).toEqual([200, []]);
    expect((await send(h, 'GET', `${path}/assignments`)).body.value).toEqual([]);
  });

  test('a property that is no parameter, a missing or non-list parameter, or a bad item is a 400 naming it', async () => {
    const { h, path } = await withConfig();
    await send(h, 'POST', `${path}/assign`, { officeConfigurationAssignments: [assignment('kept')] });
    const cases: Array<[unknown, RegExp]> = [
      [{ officeConfigurationAssignments: [], colour: 1 }, /'colour'/],
      [{}, /required property 'officeConfigurationAssignments'/],
      [{ officeConfigurationAssignments: {} }, /\/officeConfigurationAssignments must be array/],
      [
        { officeConfigurationAssignments: [assignment('ok'), { target: 3 }] },
        /\/officeConfigurationAssignments\/1\/target/,
      ],
      [{ officeConfigurationAssignments: [{ ...assignment('x'), extra: 1 }] }, /'extra'/],
      ['[]', /JSON object/],
    ];
    for (const [body, message] of cases) expectError(await send(h, 'POST', `${path}/assign`, body), 400, message);
    expect(groupsOf((await send(h, 'GET', `${path}/assignments`)).body.value)).toEqual(['kept']);
    const annotated = await send(h, 'POST', `${path}/assign`, {
      '@odata.context': 'x',
      officeConfigurationAssignments: [],
    });
    expect(annotated.status).toBe(200);
    const get = await send(h, 'GET', `${path}/assign`);
    expectError(get, 405);
    expect(get.headers['allow']).toBe('POST');
  });
});

describe('updatePriorities', () => {
  const NAMES = [
    'microsoft.graph.updatePriorities',
    'updatePriorities',
    'microsoft.management.services.api.updatePriorities',
  ];

  async function three(
    options: ReferenceOptions = {},
  ): Promise<{ h: ReferenceHandler; ids: string[]; stamps: string[] }> {
    const h = await make(options);
    const made = [await createConfig(h, { ...minimalBody(), priority: 1 })];
    made.push(await createConfig(h, { ...minimalBody(), priority: 2 }));
    made.push(await createConfig(h, { ...minimalBody(), priority: 3 }));
    return { h, ids: made.map((c) => c['id'] as string), stamps: made.map((c) => c['lastModifiedDateTime'] as string) };
  }
  const priorityOf = async (h: ReferenceHandler, id: string): Promise<unknown> =>
    (await send(h, 'GET', `${COLLECTION}/${id}`)).body['priority'];

  test.each(NAMES)('swaps two priorities at once and answers 204 (%s)', async (name) => {
    const { h, ids, stamps } = await three();
    const [a = '', b = '', c = ''] = ids;
    const res = await send(h, 'POST', `${COLLECTION}/${name}`, {
      officeConfigurationPolicyIds: [a, b, c],
      officeConfigurationPriorities: [2, 1, 3],
    });
    expect([res.status, res.text]).toEqual([204, '']);
    expect([await priorityOf(h, a), await priorityOf(h, b), await priorityOf(h, c)]).toEqual([2, 1, 3]);
    const after = await Promise.all(ids.map(async (id) => (await send(h, 'GET', `${COLLECTION}/${id}`)).body));
    expect(Date.parse(after[0]?.['lastModifiedDateTime'] as string)).toBeGreaterThan(Date.parse(stamps[0] ?? ''));
    expect(Date.parse(after[1]?.['lastModifiedDateTime'] as string)).toBeGreaterThan(Date.parse(stamps[1] ?? ''));
    // Named with the priority it has: unchanged, lastModifiedDateTime too.
    expect(after[2]?.['lastModifiedDateTime']).toBe(stamps[2]);
  });

  test('a bad body is a 400 naming the problem, and nothing changes (all pairs are checked first)', async () => {
    const { h, ids } = await three();
    const [a = '', b = ''] = ids;
    const path = `${COLLECTION}/microsoft.graph.updatePriorities`;
    const cases: Array<[unknown, RegExp]> = [
      [{ officeConfigurationPolicyIds: [a, b], officeConfigurationPriorities: [5] }, /must pair up/],
      [
        { officeConfigurationPolicyIds: [a, a], officeConfigurationPriorities: [5, 6] },
        /\/officeConfigurationPolicyIds\/1 names/,
      ],
      [{ officeConfigurationPolicyIds: [a, 'nope'], officeConfigurationPriorities: [5, 6] }, /'nope'/],
      [
        { officeConfigurationPolicyIds: [a], officeConfigurationPriorities: [1.5] },
        /\/officeConfigurationPriorities\/0 must be an Int32/,
      ],
      [{ officeConfigurationPolicyIds: [a], officeConfigurationPriorities: [2147483648] }, /Int32/],
      [
        { officeConfigurationPolicyIds: [7], officeConfigurationPriorities: [5] },
        /\/officeConfigurationPolicyIds\/0 must be string/,
      ],
      [{ officeConfigurationPolicyIds: a, officeConfigurationPriorities: [5] }, /must be array/],
      [{ officeConfigurationPriorities: [5] }, /required property 'officeConfigurationPolicyIds'/],
      [{ officeConfigurationPolicyIds: [a], officeConfigurationPriorities: [5], extra: true }, /'extra'/],
    ];
    for (const [body, message] of cases) expectError(await send(h, 'POST', path, body), 400, message);
    expect([await priorityOf(h, a), await priorityOf(h, b)]).toEqual([1, 2]);
    const get = await send(h, 'GET', path);
    expectError(get, 405);
    expect(get.headers['allow']).toBe('POST');
    const empty = await send(h, 'POST', path, { officeConfigurationPolicyIds: [], officeConfigurationPriorities: [] });
    expect(empty.status).toBe(204);
  });
});

describe('priority clashes', () => {
  test('the reference stores a create or PATCH whose priority another configuration has, as sent', async () => {
    const h = await make();
    const a = await createConfig(h, { ...minimalBody(), priority: 7 });
    const b = await createConfig(h, { ...minimalBody(), priority: 7 });
    expect(b['priority']).toBe(7);
    const c = await createConfig(h, { ...minimalBody(), priority: 8 });
    const patched = await send(h, 'PATCH', `${COLLECTION}/${c['id'] as string}`, { priority: 7 });
    expect([patched.status, patched.body.priority]).toEqual([200, 7]);
    expect((await send(h, 'GET', `${COLLECTION}/${a['id'] as string}`)).body.priority).toBe(7);
  });

  test("priorityClash 'refuse': 409 for a clash on create, PATCH and updatePriorities; a swap and one's own priority pass", async () => {
    const h = await make({ priorityClash: 'refuse' });
    const a = (await createConfig(h, { ...minimalBody(), priority: 1 }))['id'] as string;
    const b = (await createConfig(h, { ...minimalBody(), priority: 2 }))['id'] as string;
    expectError(await send(h, 'POST', COLLECTION, { ...minimalBody(), priority: 1 }), 409, /priority 1/);
    expect((await send(h, 'POST', COLLECTION, minimalBody())).status).toBe(201);
    expectError(await send(h, 'PATCH', `${COLLECTION}/${b}`, { priority: 1 }), 409);
    expect((await send(h, 'PATCH', `${COLLECTION}/${a}`, { priority: 1, displayName: 'same' })).status).toBe(200);
    const path = `${COLLECTION}/updatePriorities`;
    const swap = await send(h, 'POST', path, {
      officeConfigurationPolicyIds: [a, b],
      officeConfigurationPriorities: [2, 1],
    });
    expect(swap.status).toBe(204);
    expectError(
      await send(h, 'POST', path, { officeConfigurationPolicyIds: [a], officeConfigurationPriorities: [1] }),
      409,
    );
    expect((await send(h, 'GET', `${COLLECTION}/${a}`)).body.priority).toBe(2);
    expect(() => createReferenceHandler({ priorityClash: 'maybe' as 'store' })).toThrow(/priorityClash/);
  });
});

describe('routes', () => {
  test('shapeAnswer is told which resource each answer addresses', async () => {
    const seen: string[] = [];
    const describe = (t: AnswerContext['target']): string =>
      t.kind === 'assignment' ? `assignment ${t.assignmentId}` : t.kind === 'action' ? `action ${t.action}` : t.kind;
    const h = await make({
      hooks: {
        shapeAnswer: (a, ctx) => {
          seen.push(`${ctx.method} ${describe(ctx.target)}`);
          return a;
        },
      },
    });
    const id = (await createConfig(h))['id'] as string;
    const aid = (await send(h, 'POST', `${COLLECTION}/${id}/assignments`, assignment('g'))).body.id as string;
    await send(h, 'GET', `${COLLECTION}/${id}/assignments/${aid}`);
    await send(h, 'POST', `${COLLECTION}/${id}/assign`, { officeConfigurationAssignments: [] });
    await send(h, 'POST', `${COLLECTION}/updatePriorities`, {
      officeConfigurationPolicyIds: [],
      officeConfigurationPriorities: [],
    });
    await send(h, 'GET', `${COLLECTION}/${id}/nothing`);
    expect(seen).toEqual([
      'POST collection',
      'POST assignments',
      `GET assignment ${aid}`,
      'POST action assign',
      'POST action updatePriorities',
      'GET none',
    ]);
  });

  test('a key with a doubled quote in parentheses names the key with one quote', async () => {
    const h = await make({ newId: () => "it's" });
    expect((await createConfig(h))['id']).toBe("it's");
    expect((await send(h, 'GET', `${COLLECTION}('it''s')`)).status).toBe(200);
    expect((await send(h, 'GET', `${COLLECTION}/it's`)).status).toBe(200);
    expect((await send(h, 'GET', `${COLLECTION}/it's/assignments`)).status).toBe(200);
  });
});
