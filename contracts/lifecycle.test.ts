import { MatchersV3 } from '@pact-foundation/pact';
import { OPERATIONS } from '../specs/generated/operations';
import { loadSpecs } from '../specs/loader';
import { AUTHORIZATION_PATTERN, buildInteractions, DEFAULT_SEED, type ContractInteraction } from './interactions';
import {
  ASSIGNED_GROUP_ID,
  derivedTypePattern,
  derivedTypes,
  EXAMPLE_PRIORITY,
  EXAMPLE_UNKNOWN_ID,
  GROUP_TARGET_TYPE,
  PATCHED_DISPLAY_NAME,
  UPDATE_PRIORITIES_PATH,
} from './lifecycle';
import { EXAMPLE_ID, ID_PATTERN, JSON_CONTENT_TYPE_PATTERN } from './matchers';
import {
  STATE_CONFIGURATION_ASSIGNED,
  STATE_CONFIGURATION_EXISTS,
  STATE_NO_CONFIGURATION,
  STATE_ID_SEGMENT,
  PROVIDER_STATES,
} from './states';

type Rec = Record<string, unknown>;
const MATCHER = 'pact:matcher:type';
const C = '/officeConfiguration/clientConfigurations';
const asRec = (v: unknown): Rec => v as Rec;
const reify = <T>(v: unknown): T => MatchersV3.reify(v as never) as T;

const docs = buildInteractions({ seed: DEFAULT_SEED });
const strict = buildInteractions({ seed: DEFAULT_SEED, profile: 'odata-strict' });
const byKey = (list: ContractInteraction[], key: string): ContractInteraction => {
  const found = list.find((i) => i.key === key);
  if (!found) throw new Error(`no interaction ${key}`);
  return found;
};

/** The documented operation a method and a concrete path address (the template with the fewest parameters). */
function documented(method: string, path: string): (typeof OPERATIONS)[number] | undefined {
  const fits = OPERATIONS.filter((o) =>
    new RegExp(`^${o.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  const fewest = Math.min(...fits.map((o) => (o.path.match(/\{/g) ?? []).length));
  return fits.find((o) => o.method === method && (o.path.match(/\{/g) ?? []).length === fewest);
}

describe('the lifecycle interactions', () => {
  const lifecycle = docs.filter((i) => !(i.request.method === 'POST' && i.request.path === C));

  it('each names one provider state, sends the placeholder token, and addresses a documented operation', () => {
    expect(lifecycle.map((i) => [i.key, i.states])).toEqual([
      ['get', [STATE_CONFIGURATION_EXISTS]],
      ['get-unknown', [STATE_NO_CONFIGURATION]],
      ['list-assignments', [STATE_CONFIGURATION_ASSIGNED]],
      ['delete', [STATE_CONFIGURATION_EXISTS]],
      ['patch', [STATE_CONFIGURATION_EXISTS]],
      ['assign', [STATE_CONFIGURATION_EXISTS]],
      ['update-priorities', [STATE_CONFIGURATION_EXISTS]],
    ]);
    for (const i of lifecycle) {
      expect(PROVIDER_STATES).toContain(i.states[0]);
      expect(asRec(i.request.headers['Authorization'])['regex']).toBe(AUTHORIZATION_PATTERN);
      const op = documented(i.request.method, reify<string>(i.request.path));
      expect({ key: i.key, documented: op !== undefined }).toEqual({ key: i.key, documented: true });
      // The status the pact writes (the example) is one the operation documents, or the 404 of an unknown id.
      if (i.response.status < 400) expect(op?.statuses).toContain(i.response.status);
      for (const s of i.response.statuses ?? []) expect(op?.statuses).toContain(s);
    }
  });

  it("takes the configuration's id from the provider state: `${idSegment}` in the path, the docs' id as the example", () => {
    const get = byKey(docs, 'get');
    expect(asRec(get.request.path)).toMatchObject({
      [MATCHER]: 'type',
      'pact:generator:type': 'ProviderState',
      expression: `${C}/\${${STATE_ID_SEGMENT}}`,
      value: `${C}/${EXAMPLE_ID}`,
    });
    expect(asRec(byKey(docs, 'list-assignments').request.path)['expression']).toBe(`${C}/\${idSegment}/assignments`);
    expect(asRec(byKey(docs, 'assign').request.path)['expression']).toBe(`${C}/\${idSegment}/assign`);
    expect(reify<string>(byKey(docs, 'get-unknown').request.path)).toBe(`${C}/${EXAMPLE_UNKNOWN_ID}`);
    // updatePriorities is bound to the collection: its path is fixed, the id and the priority are in its body.
    const priorities = byKey(docs, 'update-priorities');
    expect(priorities.request.path).toBe(UPDATE_PRIORITIES_PATH);
    const body = asRec(priorities.request.body);
    expect((body['officeConfigurationPolicyIds'] as Rec[])[0]).toMatchObject({
      expression: '${id}',
      value: EXAMPLE_ID,
    });
    expect((body['officeConfigurationPriorities'] as Rec[])[0]).toMatchObject({
      expression: '${priority}',
      value: EXAMPLE_PRIORITY,
    });
  });

  it('sends bodies the request schemas accept', () => {
    const specs = loadSpecs();
    expect(specs.patchRequest(reify(byKey(docs, 'patch').request.body))).toBe(true);
    expect(specs.assignRequest(reify(byKey(docs, 'assign').request.body))).toBe(true);
    expect(specs.updatePrioritiesRequest(reify(byKey(docs, 'update-priorities').request.body))).toBe(true);
    for (const key of ['get', 'get-unknown', 'list-assignments', 'delete'])
      expect(byKey(docs, key).request.body).toBeUndefined();
  });

  it('expects example answers the response schemas accept', () => {
    const specs = loadSpecs();
    expect(specs.entity(reify(byKey(docs, 'get').response.body))).toBe(true);
    expect(specs.assignmentCollection(reify(byKey(docs, 'list-assignments').response.body))).toBe(true);
    expect(specs.assignResponse(reify(byKey(docs, 'assign').response.body))).toBe(true);
    expect(specs.odataError(reify(byKey(docs, 'get-unknown').response.body))).toBe(true);
  });

  it('a read: 200 JSON, @odata.type any derived type by regex, the id by ^.+$, the rest by type', () => {
    const get = byKey(docs, 'get');
    expect(get.response.status).toBe(200);
    expect(asRec(get.response.headers['Content-Type'])['regex']).toBe(JSON_CONTENT_TYPE_PATTERN);
    const body = asRec(get.response.body);
    expect(asRec(body['id'])['regex']).toBe(ID_PATTERN);
    expect(asRec(body['displayName'])[MATCHER]).toBe('type');
    expect(asRec(body['priority'])[MATCHER]).toBe('integer');
    const type = new RegExp(asRec(body['@odata.type'])['regex'] as string);
    expect(derivedTypes().sort()).toEqual([
      'microsoft.graph.windowsOfficeClientConfiguration',
      'microsoft.graph.windowsOfficeClientSecurityConfiguration',
    ]);
    for (const t of derivedTypes()) {
      expect(type.test(t)).toBe(true);
      expect(type.test(`#${t}`)).toBe(true);
    }
    expect(type.test('#microsoft.graph.officeClientConfiguration')).toBe(false);
    const strictType = new RegExp(derivedTypePattern(true));
    expect(strictType.test('microsoft.graph.windowsOfficeClientConfiguration')).toBe(false);
    expect(asRec(asRec(byKey(strict, 'get').response.body)['@odata.type'])['regex']).toBe(derivedTypePattern(true));
  });

  it('an update expects 200 or 204 in both profiles, and no body (a pact cannot expect "this body, or none")', () => {
    for (const reading of [docs, strict]) {
      const patch = byKey(reading, 'patch');
      expect(patch.request.method).toBe('PATCH');
      expect(patch.request.headers['Prefer']).toBeUndefined();
      expect(patch.request.body).toEqual({ displayName: PATCHED_DISPLAY_NAME });
      expect({ status: patch.response.status, statuses: patch.response.statuses, body: patch.response.body }).toEqual({
        status: 204,
        statuses: [200, 204],
        body: undefined,
      });
    }
    expect(byKey(docs, 'patch').comments.join(' ')).toMatch(/MAY ignore the preference/);
  });

  it('a delete and updatePriorities: 204 or 200 without a body in graph-docs, exactly 204 in odata-strict', () => {
    for (const key of ['delete', 'update-priorities']) {
      const d = byKey(docs, key);
      expect({ key, status: d.response.status, statuses: d.response.statuses, body: d.response.body }).toEqual({
        key,
        status: 204,
        statuses: [200, 204],
        body: undefined,
      });
      expect(d.response.headers).toEqual({});
      const s = byKey(strict, key);
      expect({ key, status: s.response.status, statuses: s.response.statuses }).toEqual({
        key,
        status: 204,
        statuses: undefined,
      });
    }
  });

  it('assign: one group target sent, 200 with exactly that one assignment in value, the group echoed', () => {
    const assign = byKey(docs, 'assign');
    expect(assign.request.body).toEqual({
      officeConfigurationAssignments: [{ target: { '@odata.type': GROUP_TARGET_TYPE, groupId: ASSIGNED_GROUP_ID } }],
    });
    const value = asRec(assign.response.body)['value'] as Rec[];
    expect(Array.isArray(value)).toBe(true); // an array, not an eachLike: exactly one assignment comes back
    expect(value).toHaveLength(1);
    expect(asRec(value[0]?.['id'])['regex']).toBe(ID_PATTERN);
    expect(value[0]?.['target']).toEqual({ groupId: ASSIGNED_GROUP_ID });
  });

  it('the assignments list: an OData collection of at least one assignment; an unknown id: 404 with the OData error', () => {
    const list = asRec(asRec(byKey(docs, 'list-assignments').response.body)['value']);
    expect(list).toMatchObject({ [MATCHER]: 'type', min: 1 });
    const unknown = byKey(docs, 'get-unknown');
    expect(unknown.response.status).toBe(404);
    expect(unknown.response.statusClass).toBeUndefined();
    expect(Object.keys(asRec(unknown.response.body))).toEqual(['error']);
  });
});
