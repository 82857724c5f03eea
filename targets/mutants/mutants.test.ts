import request from 'supertest';
import { CHECK_IDS, LIFECYCLE_RULE_IDS } from '../../checks/types';
import { loadSpecs } from '../../specs/loader';
import { isDateTimeOffset, sameInstant, sameInstantAt } from '../../specs/edm';
import { createReferenceHandler } from '../reference/handler';
import { startServer, type RunningServer } from '../reference/server';
import { COLLECTION, exampleBody, minimalBody, SECURITY_TYPE, WINDOWS_TYPE } from '../testing';
import {
  CONSTANT_ID,
  dropUndeclared,
  findMutant,
  isHour24,
  isImpossibleDay,
  LONG_STRING_LIMIT,
  moveInstant,
  MUTANTS,
  STALE_LAST_MODIFIED,
  startMutant,
  type MutantSpec,
} from './index';

const specs = loadSpecs();
const TOKEN = 'mutant-test-token';
const AUTH = `Bearer ${TOKEN}`;
type Body = Record<string, unknown>;

const servers = new Map<string, RunningServer>();
let reference: RunningServer;

beforeAll(async () => {
  reference = await startServer(createReferenceHandler({ token: TOKEN }));
  for (const m of MUTANTS) servers.set(m.name, await startServer(m.createHandler({ token: TOKEN })));
});
afterAll(async () => {
  await Promise.all([reference, ...servers.values()].map((s) => s.close()));
});

const server = (name: string): RunningServer => {
  const s = servers.get(name);
  if (!s) throw new Error(`no server for ${name}`);
  return s;
};

const post = (s: RunningServer, body: unknown): request.Test =>
  request(s.server)
    .post(COLLECTION)
    .set('authorization', AUTH)
    .set('content-type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));

const get = (s: RunningServer, id: string): request.Test =>
  request(s.server)
    .get(`${COLLECTION}/${encodeURIComponent(id)}`)
    .set('authorization', AUTH);

/** Posts the same body to the reference and to the mutant. */
async function both(name: string, body: unknown): Promise<[request.Response, request.Response]> {
  return [await post(reference, body), await post(server(name), body)];
}

const checkins = (body: Body): Body[] => body['checkinStatuses'] as Body[];

/** The docs' example with its checkinDateTime replaced. */
function withDate(date: string): Body {
  const example = exampleBody();
  return { ...example, checkinStatuses: [{ ...checkins(example)[0], checkinDateTime: date }] };
}

/** A body that triggers every input-dependent fault at once. */
function richBody(): Body {
  const example = exampleBody();
  const first = checkins(example)[0] ?? {};
  return {
    ...example,
    '@odata.type': 'microsoft.graph.windowsOfficeClientConfiguration',
    displayName: 'Überblick — 設定',
    description: 'd'.repeat(300),
    checkinStatuses: [first, { ...first, userId: 'second', checkinDateTime: '2024-06-01T12:00:00Z' }],
  };
}

/** Any request, with the token; a body is sent as JSON. */
/** Every id of the collection read in pages of 2 (Prefer: odata.maxpagesize=2), nextLinks followed. */
async function smallPageIds(s: RunningServer): Promise<unknown[]> {
  const ids: unknown[] = [];
  let path: string | undefined = COLLECTION;
  while (path !== undefined) {
    const body = (await call(s, 'GET', path).set('prefer', 'odata.maxpagesize=2')).body as {
      value: Body[];
      '@odata.nextLink'?: string;
    };
    ids.push(...body.value.map((e) => e['id']));
    const next = body['@odata.nextLink'];
    path = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
  }
  return ids;
}

/** Reads the collection and follows its nextLinks, `max` pages at most: each page's item count and nextLink. */
async function followLinks(s: RunningServer, max: number): Promise<Array<{ items: number; next: string | undefined }>> {
  const pages: Array<{ items: number; next: string | undefined }> = [];
  let path: string | undefined = COLLECTION;
  while (path !== undefined && pages.length < max) {
    const body = (await call(s, 'GET', path)).body as { value: unknown[]; '@odata.nextLink'?: string };
    const next = body['@odata.nextLink'];
    pages.push({ items: body.value.length, next });
    path = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
  }
  return pages;
}

function call(
  s: RunningServer,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): request.Test {
  const r = request(s.server)
    [method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path)
    .set('authorization', AUTH);
  return body === undefined ? r : r.set('content-type', 'application/json').send(JSON.stringify(body));
}

const ASSIGNMENT_TYPE = '#microsoft.graph.officeClientConfigurationAssignment';
const assignment = (groupId: string): Body => ({
  '@odata.type': ASSIGNMENT_TYPE,
  target: { '@odata.type': '#microsoft.graph.officeConfigurationGroupAssignmentTarget', groupId },
});
const groupsOf = (res: request.Response): unknown[] =>
  ((res.body as { value: Body[] }).value ?? []).map((a) => (a['target'] as Body)['groupId']);
const listedIds = async (s: RunningServer): Promise<unknown[]> =>
  ((await call(s, 'GET', COLLECTION)).body as { value: Body[] }).value.map((e) => e['id']);

/** Creates a configuration and answers its path. */
async function configPath(s: RunningServer, body: Body = exampleBody()): Promise<string> {
  const res = await post(s, body);
  expect(res.status).toBe(201);
  return `${COLLECTION}/${res.body.id as string}`;
}

/** Runs a scenario on the reference and on the mutant. */
async function onBoth<T>(name: string, scenario: (s: RunningServer) => Promise<T>): Promise<[T, T]> {
  return [await scenario(reference), await scenario(server(name))];
}

/** The status of an updatePriorities (of a new configuration) sent to each spelling of the action, in order. */
async function prioritiesAt(s: RunningServer, spellings: readonly string[]): Promise<number[]> {
  const path = await configPath(s);
  const body = {
    officeConfigurationPolicyIds: [path.slice(path.lastIndexOf('/') + 1)],
    officeConfigurationPriorities: [9],
  };
  const statuses: number[] = [];
  for (const segment of spellings) statuses.push((await call(s, 'POST', `${COLLECTION}/${segment}`, body)).status);
  return statuses;
}

/** One targeted assertion per mutant: the reference does the right thing, the mutant shows its fault. */
const PROBES: Record<string, (name: string) => Promise<void>> = {
  'patch-drops-unnamed': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s);
      const patched = await call(s, 'PATCH', path, { displayName: 'renamed' });
      return { patched, read: await call(s, 'GET', path) };
    });
    for (const r of [ref, mut])
      expect(r.patched.body).toMatchObject({ displayName: 'renamed', description: 'Description value' });
    expect(ref.read.body).toMatchObject({ displayName: 'renamed', description: 'Description value', priority: 8 });
    expect(mut.read.body['displayName']).toBe('renamed');
    expect(mut.read.body).not.toHaveProperty('description');
    expect(mut.read.body).not.toHaveProperty('priority');
    expect(mut.read.body['@odata.type']).toBe(WINDOWS_TYPE);
  },
  'update-priorities-unrouted': async (name) => {
    const spellings = [
      'microsoft.graph.updatePriorities',
      'updatePriorities',
      'microsoft.management.services.api.updatePriorities',
    ];
    const [ref, mut] = await onBoth(name, (s) => prioritiesAt(s, spellings));
    expect(ref).toEqual([204, 204, 204]);
    expect(mut).toEqual([405, 405, 405]);
  },
  'update-priorities-bare-only': async (name) => {
    const [ref, mut] = await onBoth(name, (s) =>
      prioritiesAt(s, ['microsoft.graph.updatePriorities', 'updatePriorities']),
    );
    expect(ref).toEqual([204, 204]);
    expect(mut).toEqual([405, 204]);
  },
  'stale-read-after-patch': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s);
      const patched = await call(s, 'PATCH', path, { displayName: 'renamed' });
      const id = path.slice(path.lastIndexOf('/') + 1);
      const listed = ((await call(s, 'GET', COLLECTION)).body.value as Body[]).find((e) => e['id'] === id);
      return { patched, read: await call(s, 'GET', path), listed };
    });
    for (const r of [ref, mut]) {
      expect(r.patched.body['displayName']).toBe('renamed');
      expect(r.listed?.['displayName']).toBe('renamed');
    }
    expect(ref.read.body['displayName']).toBe('renamed');
    expect(mut.read.status).toBe(200);
    expect(mut.read.body['displayName']).toBe('Display Name value');
    expect(mut.read.body['lastModifiedDateTime']).not.toBe(mut.patched.body['lastModifiedDateTime']);
  },
  'delete-leaves-listed': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const id = path.slice(path.lastIndexOf('/') + 1);
      const del = await call(s, 'DELETE', path);
      return {
        id,
        del,
        read: await call(s, 'GET', path),
        listed: await listedIds(s),
        again: await call(s, 'DELETE', path),
      };
    });
    for (const r of [ref, mut]) expect([r.del.status, r.read.status, r.again.status]).toEqual([204, 404, 404]);
    expect(ref.listed).not.toContain(ref.id);
    expect(mut.listed).toContain(mut.id);
  },
  'lagging-delete-leaves-listed': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const id = path.slice(path.lastIndexOf('/') + 1);
      const patch = await call(s, 'PATCH', path, { displayName: 'after the patch' });
      const first = await call(s, 'GET', path);
      const second = await call(s, 'GET', path);
      const del = await call(s, 'DELETE', path);
      return { id, patch, first, second, del, read: await call(s, 'GET', path), listed: await listedIds(s) };
    });
    const names = (r: typeof ref) => [r.first.body['displayName'], r.second.body['displayName']];
    // The lag: the first read after a PATCH shows the entity as it was, the next one the change.
    for (const r of [ref, mut]) expect(r.patch.status).toBe(200);
    expect(names(ref)).toEqual(['after the patch', 'after the patch']);
    expect(names(mut)).toEqual([minimalBody()['displayName'], 'after the patch']);
    // The fault: deleted (a GET is 404), yet listed.
    for (const r of [ref, mut]) expect([r.del.status, r.read.status]).toEqual([204, 404]);
    expect(ref.listed).not.toContain(ref.id);
    expect(mut.listed).toContain(mut.id);
  },
  'page-boundary-skips': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const path = await configPath(s, minimalBody());
        ids.push(path.slice(path.lastIndexOf('/') + 1));
      }
      return { ids, whole: await listedIds(s), small: await smallPageIds(s) };
    });
    for (const r of [ref, mut]) expect(r.whole).toEqual(expect.arrayContaining(r.ids));
    expect(ref.small).toEqual(ref.whole);
    // Pages of 2: each page after the first lost its first entity.
    expect(mut.small.length).toBeLessThan(mut.whole.length);
  },
  'list-never-ends': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      await configPath(s, minimalBody());
      return followLinks(s, 3);
    });
    // The servers are shared by the probes: the first page holds what they created so far.
    expect(ref).toEqual([{ items: expect.any(Number), next: undefined }]);
    expect(mut.map((p) => p.items > 0)).toEqual([true, false, false]);
    // Every link differs: only the page budget can tell that this list does not end.
    expect(new Set(mut.map((p) => p.next)).size).toBe(3);
  },
  'list-next-link-loops': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      await configPath(s, minimalBody());
      return followLinks(s, 3);
    });
    // The servers are shared by the probes: the first page holds what they created so far.
    expect(ref).toEqual([{ items: expect.any(Number), next: undefined }]);
    expect(mut.map((p) => p.items > 0)).toEqual([true, false, false]);
    expect(mut[1]?.next).toBe(mut[2]?.next);
  },
  'delete-keeps-readable': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const id = path.slice(path.lastIndexOf('/') + 1);
      const del = await call(s, 'DELETE', path);
      return { id, del, read: await call(s, 'GET', path), listed: await listedIds(s) };
    });
    expect([ref.del.status, ref.read.status]).toEqual([204, 404]);
    expect([mut.del.status, mut.read.status]).toEqual([204, 200]);
    expect(mut.listed).toContain(mut.id);
    expect((await call(server(name), 'DELETE', `${COLLECTION}/missing`)).status).toBe(404);
  },
  'assign-appends': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      await call(s, 'POST', `${path}/assign`, { officeConfigurationAssignments: [assignment('a')] });
      const second = await call(s, 'POST', `${path}/assign`, { officeConfigurationAssignments: [assignment('b')] });
      return { second, listed: await call(s, 'GET', `${path}/assignments`) };
    });
    for (const r of [ref, mut]) expect([r.second.status, groupsOf(r.second)]).toEqual([200, ['b']]);
    expect(groupsOf(ref.listed)).toEqual(['b']);
    expect(groupsOf(mut.listed)).toEqual(['a', 'b']);
  },
  'update-priorities-first-only': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const a = await configPath(s, { ...minimalBody(), priority: 1 });
      const b = await configPath(s, { ...minimalBody(), priority: 2 });
      const idOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
      const res = await call(s, 'POST', `${COLLECTION}/microsoft.graph.updatePriorities`, {
        officeConfigurationPolicyIds: [idOf(a), idOf(b)],
        officeConfigurationPriorities: [2, 1],
      });
      return { res, after: [(await call(s, 'GET', a)).body['priority'], (await call(s, 'GET', b)).body['priority']] };
    });
    for (const r of [ref, mut]) expect(r.res.status).toBe(204);
    expect(ref.after).toEqual([2, 1]);
    expect(mut.after).toEqual([2, 2]);
  },
  'priority-clash-with-itself': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, { ...minimalBody(), priority: 5 });
      return {
        same: await call(s, 'PATCH', path, { priority: 5 }),
        other: await call(s, 'PATCH', path, { priority: 6 }),
      };
    });
    expect([ref.same.status, ref.other.status]).toEqual([200, 200]);
    expect([mut.same.status, mut.other.status]).toEqual([409, 200]);
    expect(specs.odataError(mut.same.body)).toBe(true);
  },
  'assignment-patch-ignored': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const made = await call(s, 'POST', `${path}/assignments`, assignment('g1'));
      const one = `${path}/assignments/${made.body.id as string}`;
      const patched = await call(s, 'PATCH', one, { target: assignment('g2')['target'] });
      return { patched, read: await call(s, 'GET', one) };
    });
    for (const r of [ref, mut])
      expect([r.patched.status, (r.patched.body.target as Body)['groupId']]).toEqual([200, 'g2']);
    expect((ref.read.body.target as Body)['groupId']).toBe('g2');
    expect((mut.read.body.target as Body)['groupId']).toBe('g1');
  },
  'assignment-target-dropped': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const made = await call(s, 'POST', `${path}/assignments`, assignment('g1'));
      return { made, read: await call(s, 'GET', `${path}/assignments/${made.body.id as string}`) };
    });
    for (const r of [ref, mut]) expect([r.made.status, (r.made.body.target as Body)['groupId']]).toEqual([201, 'g1']);
    expect((ref.read.body.target as Body)['groupId']).toBe('g1');
    expect(mut.read.body.target).toBeUndefined();
  },
  'allow-header-missing': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => call(s, 'POST', await configPath(s, minimalBody()), {}));
    for (const r of [ref, mut]) expect(r.status).toBe(405);
    expect(ref.headers['allow']).toBe('GET, PATCH, DELETE');
    expect(mut.headers['allow']).toBeUndefined();
  },
  'patch-not-validated': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const patched = await call(s, 'PATCH', path, { priority: 'high' });
      return { patched, read: await call(s, 'GET', path) };
    });
    expect(ref.patched.status).toBe(400);
    expect(ref.read.body['priority']).not.toBe('high');
    expect(mut.patched.status).toBe(200);
    expect(mut.read.body['priority']).toBe('high');
  },
  'patch-null-ignored': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, { ...minimalBody(), displayName: 'Display Name value' });
      const patched = await call(s, 'PATCH', path, { displayName: null, description: 'new' });
      return { patched, read: await call(s, 'GET', path) };
    });
    for (const r of [ref, mut]) expect(r.patched.body).toMatchObject({ displayName: null, description: 'new' });
    expect(ref.read.body['displayName'] ?? null).toBeNull();
    expect(mut.read.body['displayName']).toBe('Display Name value');
    expect(mut.read.body['description']).toBe('new');
  },
  'patch-answers-202': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      const patched = await call(s, 'PATCH', path, { description: 'patched' });
      return { patched, read: await call(s, 'GET', path) };
    });
    expect(ref.patched.status).toBe(200);
    expect(mut.patched.status).toBe(202);
    // Applied all the same: only the status is wrong.
    for (const r of [ref, mut]) expect(r.read.body['description']).toBe('patched');
  },
  'assign-answers-bare-array': async (name) => {
    const [ref, mut] = await onBoth(name, async (s) => {
      const path = await configPath(s, minimalBody());
      return call(s, 'POST', `${path}/assign`, { officeConfigurationAssignments: [assignment('g1')] });
    });
    expect(specs.assignResponse(ref.body)).toBe(true);
    expect(Array.isArray(mut.body)).toBe(true);
    expect(specs.assignResponse(mut.body)).toBe(false);
  },
  'refuses-negative-priority': async (name) => {
    const [ref, mut] = await both(name, { ...minimalBody(), priority: -12345 });
    expect(ref.status).toBe(201);
    expect(mut.status).toBe(409);
  },
  'create-answers-201': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.status).toBe(201);
    expect(mut.status).toBe(200);
  },
  'create-returns-id': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(typeof ref.body.id).toBe('string');
    expect(mut.status).toBe(201);
    expect(mut.body).not.toHaveProperty('id');
    expect(specs.createResponse(mut.body)).toBe(false);
  },
  'ids-are-unique': async (name) => {
    const a = await post(server(name), minimalBody());
    const b = await post(server(name), minimalBody());
    expect(a.body.id).toBe(CONSTANT_ID);
    expect(b.body.id).toBe(CONSTANT_ID);
    expect(a.headers['location']).toMatch(new RegExp(`/clientConfigurations/${CONSTANT_ID}$`));
    expect((await get(server(name), CONSTANT_ID)).status).toBe(404);
    const [r1, r2] = [await post(reference, minimalBody()), await post(reference, minimalBody())];
    expect(r1.body.id).not.toBe(r2.body.id);
  },
  'echo-description': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.body.description).toBe('Description value');
    expect(mut.body).not.toHaveProperty('description');
    expect((await get(server(name), mut.body.id as string)).body).not.toHaveProperty('description');
  },
  'echo-priority-as-number': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.body.priority).toBe(8);
    expect(mut.body.priority).toBe('8');
    expect(specs.createResponse(mut.body)).toBe(false);
  },
  'checkin-datetime-format': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(checkins(ref.body as Body)[0]?.['checkinDateTime']).toBe('2016-12-31T23:56:33.9571764-08:00');
    const got = checkins(mut.body as Body)[0]?.['checkinDateTime'] as string;
    expect(got).toBe('2016-12-31 23:56:33.9571764-08:00');
    expect(isDateTimeOffset(got)).toBe(false);
  },
  'checkin-datetime-instant': async (name) => {
    const [, mut] = await both(name, exampleBody());
    const got = checkins(mut.body as Body)[0]?.['checkinDateTime'] as string;
    expect(isDateTimeOffset(got)).toBe(true);
    expect(sameInstant(got, '2016-12-31T23:56:33.9571764-08:00')).toBe(false);
  },
  'odata-type-names-created-type': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.body['@odata.type']).toBe(WINDOWS_TYPE);
    expect(mut.body['@odata.type']).toBe(SECURITY_TYPE);
    expect(specs.createResponse(mut.body)).toBe(true);
    const [, back] = await both(name, { ...exampleBody(), '@odata.type': SECURITY_TYPE });
    expect(back.body['@odata.type']).toBe(WINDOWS_TYPE);
  },
  'odata-type-present': async (name) => {
    const [, mut] = await both(name, exampleBody());
    expect(mut.status).toBe(201);
    expect(mut.body).not.toHaveProperty('@odata.type');
  },
  'odata-type-with-hash': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.body['@odata.type']).toBe(WINDOWS_TYPE);
    expect(mut.body['@odata.type']).toBe('microsoft.graph.windowsOfficeClientConfiguration');
    expect(specs.createResponse(mut.body)).toBe(true);
  },
  'nested-odata-type-declared': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect((ref.body.userCheckinSummary as Body)['@odata.type']).toBe('#microsoft.graph.officeUserCheckinSummary');
    expect((mut.body.userCheckinSummary as Body)['@odata.type']).toBe('#microsoft.graph.officeClientCheckinStatus');
  },
  'no-500-on-non-ascii': async (name) => {
    const [ref, mut] = await both(name, { ...minimalBody(), displayName: 'Überblick' });
    expect(ref.status).toBe(201);
    expect(mut.status).toBe(500);
    expect((await post(server(name), { ...minimalBody(), displayName: 'Ueberblick' })).status).toBe(201);
    // Validation still comes first: an invalid non-ASCII body is a 400, not a 500.
    expect((await post(server(name), { ...minimalBody(), displayName: 'Ü', priority: 'x' })).status).toBe(400);
  },
  'validate-create-body': async (name) => {
    const [ref, mut] = await both(name, { ...minimalBody(), priority: 'high', colour: 'blue' });
    expect(ref.status).toBe(400);
    expect(mut.status).toBe(201);
    expect(mut.body.priority).toBe('high');
    expect((await post(server(name), { displayName: 'no type' })).status).toBe(201);
    expect((await post(server(name), '{"@odata.type":')).status).toBe(400);
    expect((await post(server(name), '[]')).status).toBe(400);
  },
  'json-content-type': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.headers['content-type']).toMatch(/^application\/json/);
    expect(mut.status).toBe(201);
    expect(mut.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((JSON.parse(mut.text) as Body)['id']).toEqual(expect.any(String));
  },
  'echo-all-array-items': async (name) => {
    const [ref, mut] = await both(name, richBody());
    expect(checkins(ref.body as Body)).toHaveLength(2);
    expect(checkins(mut.body as Body)).toHaveLength(1);
  },
  'echo-long-strings': async (name) => {
    const [ref, mut] = await both(name, richBody());
    expect(ref.body.description).toHaveLength(300);
    expect(mut.body.description).toHaveLength(LONG_STRING_LIMIT);
  },
  'location-header-present': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(ref.headers['location']).toBeDefined();
    expect(mut.status).toBe(201);
    expect(mut.headers['location']).toBeUndefined();
  },
  'last-modified-current': async (name) => {
    const [ref, mut] = await both(name, exampleBody());
    expect(Math.abs(Date.parse(ref.body.lastModifiedDateTime as string) - Date.now())).toBeLessThan(60_000);
    expect(mut.body.lastModifiedDateTime).toBe(STALE_LAST_MODIFIED);
  },
  'auth-enforced': async (name) => {
    const noToken = (s: RunningServer): request.Test => request(s.server).post(COLLECTION).send(minimalBody());
    expect((await noToken(reference)).status).toBe(401);
    expect((await noToken(server(name))).status).toBe(201);
    const wrong = await request(server(name).server)
      .post(COLLECTION)
      .set('authorization', 'Bearer wrong')
      .send(minimalBody());
    expect(wrong.status).toBe(201);
  },
  'odata-error-shape': async (name) => {
    const [ref, mut] = await both(name, { ...minimalBody(), priority: 'high' });
    expect(ref.status).toBe(400);
    expect(specs.odataError(ref.body)).toBe(true);
    expect(mut.status).toBe(400);
    expect(specs.odataError(mut.body)).toBe(false);
    expect(mut.body).toEqual({ message: expect.stringContaining('/priority'), status: 400 });
  },
  'location-unreadable': async (name) => {
    const created = await post(server(name), exampleBody());
    const location = created.headers['location'] as string;
    expect(location).toMatch(/\/clientConfigurations\('[^']+'\)$/);
    const path = new URL(location).pathname;
    expect((await request(server(name).server).get(path).set('authorization', AUTH)).status).toBe(404);
    expect((await get(server(name), created.body.id as string)).status).toBe(200);
    const ref = await post(reference, exampleBody());
    const refPath = new URL(ref.headers['location'] as string).pathname;
    expect((await request(reference.server).get(refPath).set('authorization', AUTH)).status).toBe(200);
  },
  'security-stored-as-windows': async (name) => {
    const body = { ...exampleBody(), '@odata.type': SECURITY_TYPE };
    const [ref, mut] = await both(name, body);
    expect(ref.body['@odata.type']).toBe(SECURITY_TYPE);
    expect(mut.body['@odata.type']).toBe(WINDOWS_TYPE);
    const [, plain] = await both(name, exampleBody());
    expect(plain.body['@odata.type']).toBe(WINDOWS_TYPE);
  },
  'keeps-client-id': async (name) => {
    const body = { ...exampleBody(), id: 'chosen-by-the-client' };
    const [ref, mut] = await both(name, body);
    expect(ref.status).toBe(201);
    expect(ref.body.id).not.toBe('chosen-by-the-client');
    expect(mut.body.id).toBe('chosen-by-the-client');
  },
  'rejects-with-404': async (name) => {
    const [ref, mut] = await both(name, { ...exampleBody(), priority: 'high' });
    expect(ref.status).toBe(400);
    expect(mut.status).toBe(404);
    expect(mut.body.error.code).toEqual(expect.any(String));
  },
  'get-after-create': async (name) => {
    const created = await post(server(name), exampleBody());
    expect(created.status).toBe(201);
    expect((await get(server(name), created.body.id as string)).status).toBe(404);
    const ref = await post(reference, exampleBody());
    expect((await get(reference, ref.body.id as string)).body).toEqual(ref.body);
  },
  'dates-milliseconds': async (name) => {
    const body = withDate('2016-12-31T23:56:33.9571764-08:00');
    const [ref, mut] = await both(name, body);
    expect(checkins(ref.body as Body)[0]?.['checkinDateTime']).toBe('2016-12-31T23:56:33.9571764-08:00');
    expect(checkins(mut.body as Body)[0]?.['checkinDateTime']).toBe('2016-12-31T23:56:33.957-08:00');
    const back = await get(server(name), mut.body.id as string);
    expect(checkins(back.body as Body)[0]?.['checkinDateTime']).toBe('2016-12-31T23:56:33.957-08:00');
    expect(sameInstantAt('2016-12-31T23:56:33.9571764-08:00', '2016-12-31T23:56:33.957-08:00', 7)).toBe(false);
  },
  'dates-fewer-digits': async (name) => {
    const [, mut] = await both(name, withDate('2016-12-31T23:56:33.9571764-08:00'));
    expect(checkins(mut.body as Body)[0]?.['checkinDateTime']).toBe('2016-12-31T23:56:33.957176-08:00');
    expect(sameInstantAt('2016-12-31T23:56:33.9571764-08:00', '2016-12-31T23:56:33.957176-08:00', 7)).toBe(false);
    // Six digits or fewer come back as sent.
    const [, short] = await both(name, withDate('2016-12-31T23:56:33.957176-08:00'));
    expect(checkins(short.body as Body)[0]?.['checkinDateTime']).toBe('2016-12-31T23:56:33.957176-08:00');
  },
  'get-returns-another-type': async (name) => {
    const created = await post(server(name), exampleBody());
    expect(created.body['@odata.type']).toBe(WINDOWS_TYPE);
    const back = await get(server(name), created.body.id as string);
    expect(back.status).toBe(200);
    expect(back.body['@odata.type']).toBe(SECURITY_TYPE);
    const security = await post(server(name), { ...exampleBody(), '@odata.type': SECURITY_TYPE });
    expect((await get(server(name), security.body.id as string)).body['@odata.type']).toBe(WINDOWS_TYPE);
  },
  'accepts-hour-24': async (name) => {
    const [ref, mut] = await both(name, withDate('2021-03-01T24:10:00Z'));
    expect(ref.status).toBe(400);
    expect(mut.status).toBe(201);
    expect(checkins(mut.body as Body)[0]?.['checkinDateTime']).toBe('2021-03-01T24:10:00Z');
    // Only hour 24 gets through: other impossible values, and hour 24 with another fault, are still refused.
    expect((await post(server(name), withDate('2021-02-30T10:00:00Z'))).status).toBe(400);
    expect((await post(server(name), withDate('2021-03-01T24:60:00Z'))).status).toBe(400);
    expect((await post(server(name), { ...withDate('2021-03-01T24:10:00Z'), priority: 'x' })).status).toBe(400);
    expect(isHour24('2021-03-01T24:10:00.5+01:00')).toBe(true);
    expect(isHour24('2021-03-01T23:10:00Z')).toBe(false);
  },
  'accepts-feb-30': async (name) => {
    for (const date of ['2021-02-30T00:00:00Z', '2021-04-31T12:00:00-08:00', '2023-02-29T00:00Z']) {
      const [ref, mut] = await both(name, withDate(date));
      expect(ref.status).toBe(400);
      expect(mut.status).toBe(201);
    }
    expect((await post(server(name), withDate('2021-01-32T00:00:00Z'))).status).toBe(400);
    expect((await post(server(name), withDate('2021-02-10T24:00:00Z'))).status).toBe(400);
    expect(isImpossibleDay('2024-02-29T00:00:00Z')).toBe(false);
    expect(isImpossibleDay('2021-06-31T00:00:00Z')).toBe(true);
  },
  'reject-unknown-properties': async (name) => {
    const [ref, mut] = await both(name, { ...exampleBody(), colour: 'blue' });
    expect(ref.status).toBe(400);
    expect(mut.status).toBe(201);
    expect(mut.body).not.toHaveProperty('colour');
    // Every other rule still holds.
    expect((await post(server(name), { ...exampleBody(), priority: 'high' })).status).toBe(400);
  },
};

describe('the mutant catalog', () => {
  // Catalogue lint: these two read only what the mutants declare; breaks.test.ts and the mutant matrix hold the
  // declarations to what the checks really fail.
  test('catalogue lint: at least 15 mutants with unique kebab-case names, a description and known, distinct breaks', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(15);
    const names = MUTANTS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of MUTANTS) {
      expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.description.length).toBeGreaterThan(10);
      expect(new Set(m.breaks).size).toBe(m.breaks.length);
      for (const id of m.breaks) expect(CHECK_IDS).toContain(id);
      const lifecycle = m.lifecycle?.breaks ?? [];
      expect(new Set(lifecycle).size).toBe(lifecycle.length);
      for (const id of lifecycle) expect(LIFECYCLE_RULE_IDS).toContain(id);
      expect(['always', 'some-inputs']).toContain(m.trigger);
    }
  });

  test('catalogue lint: every mutant breaks at least one POST check or one lifecycle rule', () => {
    const idle = MUTANTS.filter((m) => m.breaks.length === 0 && (m.lifecycle?.breaks.length ?? 0) === 0);
    expect(idle.map((m) => m.name)).toEqual([]);
  });

  test('catalogue lint: a lifecycle mutant breaks no POST check (it passes the whole POST corpus)', () => {
    const lifecycle = MUTANTS.filter((m) => m.lifecycle !== undefined);
    expect(lifecycle.length).toBeGreaterThanOrEqual(8);
    for (const m of lifecycle) expect([m.name, m.breaks]).toEqual([m.name, []]);
  });

  test('catalogue lint: every lifecycle rule about state (not status or schema) is declared broken by a mutant', () => {
    const broken = new Set(MUTANTS.flatMap((m) => m.lifecycle?.breaks ?? []));
    const stateRules = LIFECYCLE_RULE_IDS.filter((id) => id !== 'lifecycle-status' && id !== 'lifecycle-schema');
    expect(stateRules.filter((id) => !broken.has(id))).toEqual([]);
  });

  test('catalogue lint: every check is declared broken by at least one mutant', () => {
    const broken = new Set(MUTANTS.flatMap((m) => m.breaks));
    expect([...CHECK_IDS].filter((id) => !broken.has(id))).toEqual([]);
  });

  test('every mutant has a targeted probe', () => {
    expect(Object.keys(PROBES).sort()).toEqual(MUTANTS.map((m) => m.name).sort());
  });

  test('findMutant and startMutant refuse an unknown name', async () => {
    expect(findMutant('no-such-mutant')).toBeUndefined();
    await expect(startMutant('no-such-mutant')).rejects.toThrow(/unknown mutant "no-such-mutant"/);
  });

  test('startMutant serves the mutant on 127.0.0.1', async () => {
    const s = await startMutant('create-answers-201', { basePath: '/beta' });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/beta$/);
      const res = await request(s.server).post(`/beta${COLLECTION}`).send(minimalBody());
      expect(res.status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('each mutant shows its fault where the reference does not', () => {
  test.each(MUTANTS.map((m): [string, MutantSpec] => [m.name, m]))('%s', async (name) => {
    const probe = PROBES[name];
    if (!probe) throw new Error(`no probe for ${name}`);
    await probe(name);
  });
});

describe('input-dependent mutants answer a body that does not trigger them like the reference', () => {
  const strip = (b: Body): Body => {
    // The server-set values differ between two servers: the id, the time and the context URL (its port).
    const { id: _id, lastModifiedDateTime: _lm, '@odata.context': _ctx, ...rest } = b;
    return rest;
  };
  test.each(MUTANTS.filter((m) => m.trigger === 'some-inputs').map((m) => [m.name]))('%s', async (name) => {
    const [ref, mut] = await both(name, minimalBody());
    expect(mut.status).toBe(ref.status);
    expect(mut.headers['content-type']).toBe(ref.headers['content-type']);
    expect(strip(mut.body as Body)).toEqual(strip(ref.body as Body));
    expect((await get(server(name), mut.body.id as string)).body).toEqual(mut.body);
  });
});

describe('fault helpers', () => {
  test('moveInstant always names another, well-formed instant', () => {
    for (const t of [
      '2016-12-31T23:56:33.9571764-08:00',
      '2024-06-01T12:00:00Z',
      '2024-06-01T12:00+00:00',
      '0001-01-01T00:00:00-00:00',
    ]) {
      const moved = moveInstant(t);
      expect(isDateTimeOffset(moved)).toBe(true);
      expect(sameInstant(moved, t)).toBe(false);
    }
  });

  test('dropUndeclared keeps declared properties and annotations at every level, and drops the rest safely', () => {
    const body = JSON.parse(
      `{"@odata.type":"${WINDOWS_TYPE}","x@y":1,"colour":1,"__proto__":{"polluted":true},` +
        `"userCheckinSummary":{"failedUserCount":1,"extra":2},` +
        `"checkinStatuses":[{"userId":"u","extra":3,"constructor":4}],` +
        `"assignments":[{"target":{"@odata.type":"#microsoft.graph.officeConfigurationGroupAssignmentTarget","groupId":"g","extra":5}}]}`,
    ) as Body;
    expect(dropUndeclared(body)).toEqual({
      '@odata.type': WINDOWS_TYPE,
      'x@y': 1,
      userCheckinSummary: { failedUserCount: 1 },
      checkinStatuses: [{ userId: 'u' }],
      assignments: [
        { target: { '@odata.type': '#microsoft.graph.officeConfigurationGroupAssignmentTarget', groupId: 'g' } },
      ],
    });
    expect(({} as Body)['polluted']).toBeUndefined();
  });
});
