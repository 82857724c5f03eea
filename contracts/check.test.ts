import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../checks/types';
import { isSuiteError } from '../engine/errors';
import {
  checkContext,
  checkPacts,
  classifyCreateBody,
  documentedOperations,
  judgePact,
  type PactCheckFinding,
} from './check';
import { operationOf } from './check-context';
import { interactionIndex, validatorFindings, type ValidatorReport } from './check-openapi';
import { parseRulePath, readPactForCheck, ruleAt } from './check-pact';
import { formatCheckJunit, formatCheckMarkdown, formatCheckSummary } from './check-report';
import { PACT_CHECK_RULE_IDS, PACT_CHECK_RULES } from './check-rules';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from './defaults';

const COMMITTED = join(DEFAULT_PACT_DIR, pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER));
const COMMITTED_INTERACTIONS = (
  JSON.parse(readFileSync(COMMITTED, 'utf8')) as { interactions: Array<{ request: { method: string; path: string } }> }
).interactions;
/** The creates of the committed pact (POST to the collection); the rest are its lifecycle interactions. */
const COMMITTED_CREATES = COMMITTED_INTERACTIONS.filter(
  (i) => i.request.method === 'POST' && i.request.path === '/officeConfiguration/clientConfigurations',
).length;
const TYPE = '#microsoft.graph.windowsOfficeClientConfiguration';
const PATH = '/officeConfiguration/clientConfigurations';
const HEADERS = { 'Content-Type': 'application/json', Authorization: 'Bearer example-token' };
const JSON_HEADERS = { 'Content-Type': 'application/json' };
/** A regex that lets the '#' of the created type go, as contracts/matchers.ts writes it. */
const TYPE_RULE = { matchers: [{ match: 'regex', regex: '^#?microsoft\\.graph\\.windowsOfficeClientConfiguration$' }] };
const ID_RULE = { matchers: [{ match: 'regex', regex: '^.+$' }] };
const noValidator = async (files: string[]): Promise<ValidatorReport[]> =>
  files.map(() => ({ success: true, errors: [], warnings: [] }));

interface Res {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** V3 body rules by path; the top-level @odata.type and id rules are added unless `exact`. */
  rules?: Record<string, unknown>;
  exact?: boolean;
}

/** A V3 HTTP interaction: the request with HEADERS, the response with V3 matching rules. */
function interaction(description: string, method: string, path: string, body: unknown, res: Res): unknown {
  const defaultRules = res.exact ? {} : { "$['@odata.type']": TYPE_RULE, '$.id': ID_RULE };
  return {
    description,
    request: { method, path, headers: HEADERS, ...(body !== undefined ? { body } : {}) },
    response: {
      status: res.status,
      headers: res.headers ?? JSON_HEADERS,
      ...(res.body !== undefined ? { body: res.body } : {}),
      matchingRules: { body: { ...defaultRules, ...(res.rules ?? {}) } },
    },
  };
}

const create = (body: unknown, res: Res, description = 'a create'): unknown =>
  interaction(description, 'POST', PATH, body, res);
/** The expected 201 of a create body, as contracts/matchers.ts writes it (echo, the id; matchers by `interaction`). */
const created = (sent: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...sent,
  id: '13a5ac73-ac73-13a5-73ac-a51373aca513',
  ...extra,
});

describe('pact check', () => {
  let dir: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pact-check-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (data: unknown): string => {
    const file = join(dir, `p${n++}.json`);
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
    return file;
  };
  const pactOf = (interactions: unknown[], version = '3.0.0'): unknown => ({
    consumer: { name: 'consumer' },
    provider: { name: 'provider' },
    interactions,
    metadata: { pactSpecification: { version } },
  });
  const judge = (interactions: unknown[], profile: Profile = 'graph-docs', version?: string): PactCheckFinding[] =>
    judgePact(readPactForCheck(write(pactOf(interactions, version))), checkContext(profile)).findings;
  /** "severity rule" of each finding. */
  const kinds = (findings: PactCheckFinding[]): string[] => findings.map((f) => `${f.severity} ${f.rule}`);
  const only = (findings: PactCheckFinding[], rule: string): PactCheckFinding[] =>
    findings.filter((f) => f.rule === rule);

  const body = { '@odata.type': TYPE, displayName: 'Display Name value', priority: 8 };

  test('a minimal hand-written create with matchers has no finding', () => {
    expect(judge([create(body, { status: 201, body: created(body) })])).toEqual([]);
  });

  describe('the committed pact', () => {
    test('has no finding in graph-docs, and only odata-type-hash warnings in odata-strict', async () => {
      const docs = await checkPacts({ files: [COMMITTED], profile: 'graph-docs', validate: noValidator });
      expect(docs.findings).toEqual([]);
      expect({ exitCode: docs.exitCode, verdict: docs.verdict }).toEqual({ exitCode: 0, verdict: 'passed' });
      expect(docs.pacts[0]?.interactions).toBe(COMMITTED_INTERACTIONS.length);
      expect(COMMITTED_INTERACTIONS.length).toBeGreaterThan(COMMITTED_CREATES);
      const strict = await checkPacts({ files: [COMMITTED], profile: 'odata-strict', validate: noValidator });
      expect(new Set(kinds(strict.findings))).toEqual(new Set(['warning odata-type-hash']));
      expect(strict.exitCode).toBe(0);
    });

    test('results.json has run-like fields, one entry per rule, each with its source', async () => {
      const r = await checkPacts({ files: [COMMITTED], profile: 'graph-docs', validate: noValidator });
      expect(r.checks.map((c) => c.id)).toEqual([...PACT_CHECK_RULE_IDS]);
      for (const c of r.checks) expect(c.source.length).toBeGreaterThan(10);
      // create-status-201 judges the valid creates only, not the lifecycle interactions.
      expect(r.checks.find((c) => c.id === 'create-status-201')).toMatchObject({
        status: 'passed',
        cases: COMMITTED_CREATES - 1,
      });
      expect(r.checks.find((c) => c.id === 'invalid-body-4xx')).toMatchObject({ status: 'passed', cases: 1 });
      expect(r.summary).toMatchObject({ cases: COMMITTED_INTERACTIONS.length, failed: 0 });
      expect(r.pacts[0]?.results.every((x) => x.passed)).toBe(true);
    });
  });

  describe('documented-operation', () => {
    test('fires on an undocumented method, a /beta prefix and a message interaction; not on documented ones', () => {
      const f = judge([
        interaction('put', 'PUT', `${PATH}/1`, body, { status: 200, exact: true }),
        interaction('beta', 'POST', `/beta${PATH}`, body, { status: 201, body: created(body) }),
        interaction('get', 'GET', `${PATH}/1`, undefined, { status: 200, body: created(body) }),
        interaction('list', 'GET', PATH, undefined, { status: 200, body: { value: [] }, exact: true }),
        interaction('delete', 'DELETE', `${PATH}/1`, undefined, { status: 204, exact: true }),
      ]);
      expect(only(f, 'documented-operation').map((x) => x.interaction)).toEqual(['put', 'beta']);
      expect(only(f, 'documented-operation')[1]?.message).toMatch(
        /relative to the service root.*write \/officeConfiguration/,
      );
      expect(f.filter((x) => x.severity === 'error').map((x) => x.interaction)).toEqual(['put', 'beta']);
      const v4 = judge(
        [{ description: 'a message', type: 'Asynchronous/Messages', contents: { content: {} } }],
        'graph-docs',
        '4.0',
      );
      expect(kinds(v4)).toEqual(['error documented-operation']);
    });
  });

  describe('the documented operations', () => {
    const ctx = (): ReturnType<typeof checkContext> => checkContext('graph-docs');
    const UPDATE_PRIORITIES = `${PATH}/microsoft.graph.updatePriorities`;

    test('carry their kind and success schema from specs/generated/operations.ts', () => {
      const ops = documentedOperations();
      const find = (method: string, template: string) =>
        ops.find((o) => o.method === method && o.template === template);
      expect(find('POST', UPDATE_PRIORITIES)).toMatchObject({ kind: 'action', parameters: 0 });
      expect(find('POST', PATH)).toMatchObject({ kind: 'create', responseSchema: 'createResponse.schema.json' });
      expect(find('GET', `${PATH}/{id}/assignments`)).toMatchObject({
        kind: 'list',
        parameters: 1,
        responseSchema: 'officeClientConfigurationAssignmentCollection.schema.json',
      });
      expect(find('POST', `${PATH}/{id}/assign`)).toMatchObject({
        kind: 'action',
        responseSchema: 'assignResponse.schema.json',
      });
      expect(find('DELETE', `${PATH}/{id}`)).toMatchObject({ kind: 'delete' });
    });

    test('an action path is the action, not a collection and not an entity of that id', () => {
      expect(operationOf('POST', UPDATE_PRIORITIES, ctx()).place).toBe('action');
      // Its segment also fits {id}, but the literal template wins: no GET, PATCH or DELETE there.
      for (const method of ['GET', 'PATCH', 'DELETE'])
        expect(operationOf(method, UPDATE_PRIORITIES, ctx())).toEqual({});
      expect(operationOf('GET', `${PATH}/abc`, ctx()).place).toBe('item');
      expect(operationOf('POST', `${PATH}/abc/assign`, ctx()).place).toBe('action');
      expect(operationOf('GET', `${PATH}/abc/assignments`, ctx()).place).toBe('collection');
      expect(operationOf('POST', `${PATH}/abc/assignments`, ctx()).place).toBe('create-other');
      expect(operationOf('POST', PATH, ctx()).place).toBe('create');
    });

    test('updatePriorities is judged as an action (no create rule), its body not as a create body', () => {
      const priorities = { officeConfigurationPolicyIds: ['abc'], officeConfigurationPriorities: [3] };
      const f = judge([
        interaction('priorities', 'POST', UPDATE_PRIORITIES, priorities, { status: 204, exact: true }),
        interaction('get of that name', 'GET', UPDATE_PRIORITIES, undefined, { status: 200, body: created(body) }),
      ]);
      expect(kinds(f)).toEqual(['error documented-operation']);
      expect(f[0]?.interaction).toBe('get of that name');
    });

    test("every documented spelling of an action is that action: the page's request line and the bare name too", () => {
      const priorities = { officeConfigurationPolicyIds: ['abc'], officeConfigurationPriorities: [3] };
      const spellings = [
        'microsoft.graph.updatePriorities',
        'updatePriorities',
        'microsoft.management.services.api.updatePriorities',
      ];
      for (const segment of spellings) {
        expect(operationOf('POST', `${PATH}/${segment}`, ctx()).place).toBe('action');
        const f = judge([interaction(segment, 'POST', `${PATH}/${segment}`, priorities, { status: 204, exact: true })]);
        expect(kinds(f)).toEqual([]);
      }
      for (const segment of ['assign', 'microsoft.graph.assign'])
        expect(operationOf('POST', `${PATH}/abc/${segment}`, ctx()).place).toBe('action');
      // A spelling no source writes is not documented.
      expect(
        kinds(judge([interaction('x', 'POST', `${PATH}/other.updatePriorities`, priorities, { status: 204 })])),
      ).toContain('error documented-operation');
    });

    test("an assignment's target is judged against every target type when it names none", () => {
      const assignment = (target: Record<string, unknown>): unknown => ({ value: [{ id: 'a1', target }] });
      const f = judge([
        interaction('group', 'GET', `${PATH}/abc/assignments`, undefined, {
          status: 200,
          body: assignment({ groupId: 'g1' }),
          exact: true,
        }),
        interaction(
          'colour',
          'POST',
          `${PATH}/abc/assign`,
          { officeConfigurationAssignments: [] },
          {
            status: 200,
            body: assignment({ colour: 'red' }),
            exact: true,
          },
        ),
      ]);
      expect(f.map((x) => `${x.interaction}: ${x.severity} ${x.rule}`)).toEqual(['colour: error response-property']);
      expect(f[0]?.message).toContain('/value/0/target/colour');
    });
  });

  describe('create-status-201', () => {
    test('fires on 200 or 500 for a valid create; not on 201, a 4xx or the success class', () => {
      const f = judge([
        create(body, { status: 200, body: created(body) }, '200'),
        create(body, { status: 500, exact: true }, '500'),
        create(body, { status: 201, body: created(body) }, '201'),
        create(body, { status: 401, exact: true }, '401'),
      ]);
      expect(only(f, 'create-status-201').map((x) => x.interaction)).toEqual(['200', '500']);
      expect(only(f, 'create-status-201')[0]).toMatchObject({
        severity: 'error',
        source: expect.stringContaining('OData 4.01 Protocol 11.4.2 / the create page: 201 Created'),
      });
      const v4 = judge(
        [
          {
            description: 'success class',
            type: 'Synchronous/HTTP',
            request: {
              method: 'POST',
              path: PATH,
              headers: HEADERS,
              body: { content: body, contentType: 'application/json', encoded: false },
            },
            response: {
              status: 200,
              matchingRules: { status: { $: { matchers: [{ match: 'statusCode', status: 'success' }] } } },
            },
          },
        ],
        'graph-docs',
        '4.0',
      );
      expect(v4).toEqual([]);
    });
  });

  describe('create-body-valid and invalid-body-4xx', () => {
    const bad = { '@odata.type': TYPE, priority: 'high' };
    test('an invalid body expecting 201 is create-body-valid; expecting 500 or any error is invalid-body-4xx', () => {
      const f = judge([
        create(bad, { status: 201, body: created({ '@odata.type': TYPE }) }, '201'),
        create(bad, { status: 500, exact: true }, '500'),
        create(bad, { status: 400, body: { error: { code: 'badRequest', message: 'no' } }, exact: true }, '400'),
      ]);
      expect(kinds(f)).toEqual(['error create-body-valid', 'error invalid-body-4xx']);
      expect(f[0]?.message).toContain('/priority: must be integer');
      expect(f.map((x) => x.interaction)).toEqual(['201', '500']);
    });

    test('a body that is not an object, or no body, is invalid', () => {
      const f = judge([
        create([1], { status: 201, exact: true }, 'array'),
        create(undefined, { status: 400, exact: true }, 'none, refused'),
      ]);
      expect(kinds(f)).toEqual(['error create-body-valid']);
      expect(f[0]?.message).toContain('a JSON array');
    });

    test('classifyCreateBody repairs lenient faults and keeps the rest hard', () => {
      const ctx = checkContext('graph-docs');
      expect(classifyCreateBody(body, ctx)).toEqual({ valid: true, soft: [], hard: [] });
      const v = classifyCreateBody({ displayName: 'x', extra: 1, priority: 1.5 }, ctx);
      expect(v.soft.map((s) => s.kind).sort()).toEqual(['missing-odata-type', 'unknown-property']);
      expect(v.hard).toEqual(['/priority: must be integer', '/priority: must match format "int32"']);
    });
  });

  describe('lenient-body', () => {
    const unknown = { ...body, notAProperty: 1 };
    const noType = { displayName: 'x' };
    const longFraction = {
      '@odata.type': TYPE,
      checkinStatuses: [{ checkinDateTime: '2016-12-31T23:56:33.1234567890123Z' }],
    };
    test('graph-docs: a warning when a lenient body pins 201 or a 4xx; unknown property refused is quiet', () => {
      const f = judge([
        create(unknown, { status: 201, body: created(body) }, 'unknown 201'),
        create(unknown, { status: 400, exact: true }, 'unknown 400'),
        create(noType, { status: 201, body: created(noType, { '@odata.type': TYPE }) }, 'no type 201'),
        create(noType, { status: 400, exact: true }, 'no type 400'),
        create(longFraction, { status: 400, exact: true }, 'long fraction 400'),
      ]);
      expect(only(f, 'lenient-body').map((x) => `${x.severity} ${x.interaction}`)).toEqual([
        'warning unknown 201',
        'warning no type 201',
        'warning no type 400',
        'warning long fraction 400',
      ]);
      expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    });
    test('odata-strict: no leniency, so a missing @odata.type with 201 is create-body-valid', () => {
      const f = judge(
        [create(noType, { status: 201, body: created(noType, { '@odata.type': TYPE }) }, 'no type 201')],
        'odata-strict',
      );
      expect(kinds(f).filter((k) => k.startsWith('error'))).toEqual(['error create-body-valid']);
      expect(f[0]?.message).toContain('not a leniency of odata-strict');
    });
  });

  describe('response-property', () => {
    test('fires on a property the docs do not have, at any depth and in an error body; not on annotations', () => {
      const sent = { ...body, userCheckinSummary: { succeededUserCount: 1 } };
      const f = judge([
        create(sent, { status: 201, body: created(sent, { notInTheDocs: true }) }, 'top'),
        create(
          sent,
          { status: 201, body: created({ ...sent, userCheckinSummary: { succeededUserCount: 1, nope: 2 } }) },
          'nested',
        ),
        create(
          sent,
          { status: 201, body: created(sent, { '@odata.context': 'https://x/$metadata#y/$entity' }) },
          'annotation',
        ),
        create(
          { '@odata.type': TYPE, priority: 'x' },
          {
            status: 400,
            exact: true,
            body: { error: { code: 'badRequest', message: 'm', innerError: { date: 'd', 'request-id': 'r' } } },
          },
          'error body',
        ),
        create(
          { '@odata.type': TYPE, priority: 'x' },
          {
            status: 400,
            exact: true,
            body: { error: { code: 'badRequest', message: 'm' }, reason: 'x' },
          },
          'error body with extra',
        ),
      ]);
      expect(only(f, 'response-property').map((x) => `${x.interaction}: ${x.message.split(':')[0] ?? ''}`)).toEqual([
        'top: expected body /notInTheDocs',
        'nested: expected body /userCheckinSummary/nope',
        'error body with extra: expected body /reason',
      ]);
      expect(only(f, 'response-property')[0]?.severity).toBe('error');
      // No double report of an undeclared property as "not sent".
      expect(only(f, 'response-not-promised')).toEqual([]);
    });

    test('judges GET answers too: the entity and the collection', () => {
      const f = judge([
        interaction('get', 'GET', `${PATH}/1`, undefined, { status: 200, body: created(body, { nope: 1 }) }),
        interaction('list', 'GET', PATH, undefined, {
          status: 200,
          exact: true,
          body: { value: [{ ...body, id: '1', also: 2 }], '@odata.nextLink': 'x' },
        }),
      ]);
      expect(only(f, 'response-property').map((x) => x.message.split(':')[0])).toEqual([
        'expected body /nope',
        'expected body /value/0/also',
      ]);
    });
  });

  describe('response-echo', () => {
    const sent = {
      '@odata.type': TYPE,
      displayName: 'x',
      description: null,
      checkinStatuses: [{ deviceName: 'a' }, { deviceName: 'b' }],
    };
    test('fires where the expected answer contradicts what was sent', () => {
      const f = judge([
        create(sent, { status: 201, body: created({ ...sent, displayName: 'y', description: null }) }, 'other value'),
        create(sent, { status: 201, body: created({ ...sent, description: 'filled in' }) }, 'null sent'),
        create(
          sent,
          { status: 201, body: created({ ...sent, description: null, checkinStatuses: [{ deviceName: 'a' }] }) },
          'shorter array',
        ),
        create(sent, { status: 201, body: created({ ...sent, description: null, displayName: 1 }) }, 'other kind'),
        create(
          sent,
          {
            status: 201,
            body: created({ ...sent, description: null }),
            rules: { '$.displayName': { matchers: [{ match: 'regex', regex: '^[A-Z]+$' }] } },
          },
          'regex refuses the sent value',
        ),
      ]);
      expect(only(f, 'response-echo').map((x) => x.interaction)).toEqual([
        'other value',
        'null sent',
        'shorter array',
        'other kind',
        'regex refuses the sent value',
      ]);
      expect(only(f, 'response-echo').every((x) => x.severity === 'error')).toBe(true);
    });

    test('stays quiet on an exact echo, a null left out, a matcher that accepts the value, a type matcher', () => {
      const { description: _null, ...withoutNull } = sent;
      void _null;
      const f = judge([
        create(sent, { status: 201, body: created(withoutNull) }, 'echo'),
        create(
          sent,
          {
            status: 201,
            body: created({ ...withoutNull, displayName: 'anything', checkinStatuses: [{ deviceName: 'z' }] }),
            rules: {
              '$.displayName': { matchers: [{ match: 'type' }] },
              '$.checkinStatuses': { matchers: [{ match: 'type', min: 1 }] },
            },
          },
          'type matchers',
        ),
      ]);
      expect(f).toEqual([]);
    });

    test('the top-level @odata.type must name the type sent', () => {
      const f = judge([
        create(body, {
          status: 201,
          exact: true,
          body: created(body, { '@odata.type': '#microsoft.graph.windowsOfficeClientSecurityConfiguration' }),
          rules: { "$['@odata.type']": { matchers: [{ match: 'type' }] }, '$.id': ID_RULE },
        }),
      ]);
      expect(kinds(f)).toEqual([]);
      const g = judge([
        create(body, {
          status: 201,
          body: created(body, { '@odata.type': '#microsoft.graph.windowsOfficeClientSecurityConfiguration' }),
          exact: true,
          rules: { '$.id': ID_RULE },
        }),
      ]);
      expect(kinds(g)).toEqual(['error odata-type-annotation']);
      expect(g[0]?.message).toContain('the create sent #microsoft.graph.windowsOfficeClientConfiguration');
    });
  });

  describe('echo-exact-form and server-value-exact', () => {
    const sent = { '@odata.type': TYPE, checkinStatuses: [{ checkinDateTime: '2016-12-31T23:56:33.9571764-08:00' }] };
    test('an exact DateTimeOffset is a warning; another instant an error; the regex is quiet', () => {
      const f = judge([
        create(sent, { status: 201, body: created(sent) }, 'exact'),
        create(
          sent,
          {
            status: 201,
            body: created({ ...sent, checkinStatuses: [{ checkinDateTime: '2017-01-01T07:56:33.9571764Z' }] }),
          },
          'same instant in UTC',
        ),
        create(
          sent,
          {
            status: 201,
            body: created({ ...sent, checkinStatuses: [{ checkinDateTime: '2017-01-01T07:56:34Z' }] }),
          },
          'another instant',
        ),
        create(
          sent,
          {
            status: 201,
            body: created(sent),
            rules: { '$.checkinStatuses[*].checkinDateTime': { matchers: [{ match: 'regex', regex: '^\\d{4}-.+$' }] } },
          },
          'regex',
        ),
      ]);
      expect(kinds(f).map((k, i) => `${f[i]?.interaction}: ${k}`)).toEqual([
        'exact: warning echo-exact-form',
        'same instant in UTC: warning echo-exact-form',
        'another instant: error response-echo',
      ]);
    });

    test('an exact id is a warning; a matched one is quiet', () => {
      expect(kinds(judge([create(body, { status: 201, body: created(body) })]))).toEqual([]);
      const f = judge([
        create(body, { status: 201, body: created(body), exact: true, rules: { "$['@odata.type']": TYPE_RULE } }),
      ]);
      expect(kinds(f)).toEqual(['warning server-value-exact']);
    });
  });

  describe('response-not-promised', () => {
    const stream = 'eyJUaGVtZSI6IkNvbG9yZnVsIn0=';
    const sent = {
      '@odata.type': TYPE,
      policyPayload: stream,
      userCheckinSummary: { '@odata.type': '#microsoft.graph.officeUserCheckinSummary', failedUserCount: 1 },
    };
    test('warns on lastModifiedDateTime, a Stream inline, a nested @odata.type, an unsent property, a navigation', () => {
      const { policyPayload: _s, ...rest } = sent;
      void _s;
      const plain = { ...rest, userCheckinSummary: { failedUserCount: 1 } };
      const f = judge([
        create(sent, { status: 201, body: created(plain) }, 'as promised'),
        create(
          sent,
          {
            status: 201,
            body: created(plain, { lastModifiedDateTime: '2024-05-01T12:00:00Z' }),
            rules: { '$.lastModifiedDateTime': { matchers: [{ match: 'type' }] } },
          },
          'lastModified',
        ),
        create(sent, { status: 201, body: created({ ...plain, policyPayload: stream }) }, 'stream'),
        create(
          sent,
          { status: 201, body: created({ ...plain, userCheckinSummary: sent.userCheckinSummary }) },
          'nested type',
        ),
        create(sent, { status: 201, body: created(plain, { displayName: 'x' }) }, 'unsent'),
        create(sent, { status: 201, body: created(plain, { assignments: [] }) }, 'navigation'),
      ]);
      expect(only(f, 'response-not-promised').map((x) => x.interaction)).toEqual([
        'lastModified',
        'stream',
        'nested type',
        'unsent',
        'navigation',
      ]);
      expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    });
  });

  describe('location-header-expected', () => {
    const withLocation = { ...JSON_HEADERS, Location: `https://graph.microsoft.com/beta${PATH}/1` };
    test('an error in graph-docs, not judged in odata-strict', () => {
      const pact = [create(body, { status: 201, headers: withLocation, body: created(body) })];
      const docs = judge(pact);
      expect(kinds(docs)).toEqual(['error location-header-expected']);
      expect(docs[0]?.source).toContain('specs/DERIVATION.md location-header');
      expect(judge(pact, 'odata-strict').filter((x) => x.rule === 'location-header-expected')).toEqual([]);
      expect(judge([create(body, { status: 201, body: created(body) })])).toEqual([]);
    });
  });

  describe('odata-type-annotation and odata-type-hash', () => {
    test('a malformed value is an error', () => {
      const f = judge([
        create(body, {
          status: 201,
          body: created(body, { '@odata.type': 'not a type' }),
          exact: true,
          rules: { '$.id': ID_RULE },
        }),
      ]);
      expect(kinds(f)).toEqual(['error odata-type-annotation']);
    });

    test("graph-docs: exactly one form at the top is a warning; odata-strict: an expected form without '#' is an error", () => {
      const exactHash = create(body, { status: 201, body: created(body), exact: true, rules: { '$.id': ID_RULE } });
      const exactBare = create(body, {
        status: 201,
        body: created(body, { '@odata.type': 'microsoft.graph.windowsOfficeClientConfiguration' }),
        exact: true,
        rules: { '$.id': ID_RULE },
      });
      expect(kinds(judge([exactHash]))).toEqual(['warning odata-type-hash']);
      expect(kinds(judge([exactBare]))).toEqual(['warning odata-type-hash']);
      expect(kinds(judge([exactHash], 'odata-strict'))).toEqual([]);
      expect(kinds(judge([exactBare], 'odata-strict'))).toEqual(['error odata-type-annotation']);
      // The regex of contracts/matchers.ts accepts both forms: quiet in both profiles.
      const regex = create(body, { status: 201, body: created(body) });
      expect(judge([regex])).toEqual([]);
      expect(judge([regex], 'odata-strict')).toEqual([]);
    });

    test("odata-strict: a request @odata.type without '#' is a warning; graph-docs says nothing", () => {
      const sent = { ...body, userCheckinSummary: { '@odata.type': 'microsoft.graph.officeUserCheckinSummary' } };
      const i = create(sent, { status: 201, body: created(body) });
      expect(kinds(judge([i], 'odata-strict'))).toEqual(['warning odata-type-hash']);
      expect(judge([i])).toEqual([]);
    });
  });

  describe('openapi-slice (the validator report mapped to findings)', () => {
    const item = (code: string, message: string, location: string, type: 'error' | 'warning' = 'error') => ({
      code,
      message,
      type,
      mockDetails: { location, interactionDescription: 'x' },
    });
    test('errors stay errors, warnings warnings, an undecidable oneOf alone is a warning', () => {
      const report: ValidatorReport = {
        success: false,
        errors: [
          item('request.authorization.missing', 'Request Authorization header is missing', '[root].interactions[0]'),
          item(
            'response.body.incompatible',
            'Response body is incompatible: must match exactly one schema in oneOf',
            '[root].interactions[1].response.body',
          ),
          item(
            'request.body.incompatible',
            'Request body is incompatible: must be integer',
            '[root].interactions[2].request.body.priority',
          ),
          item(
            'request.body.incompatible',
            'Request body is incompatible: must match exactly one schema in oneOf',
            '[root].interactions[2].request.body',
          ),
        ],
        warnings: [
          item(
            'response.status.default',
            'matched default response',
            '[root].interactions[3].response.status',
            'warning',
          ),
        ],
      };
      expect(validatorFindings(report).map((f) => `${f.index} ${f.severity} ${f.code}`)).toEqual([
        '0 error request.authorization.missing',
        '1 warning response.body.incompatible',
        '2 error request.body.incompatible',
        '2 error request.body.incompatible',
        '3 warning response.status.default',
      ]);
      expect(interactionIndex('[root].interactions[12].request')).toBe(12);
      // A create body without @odata.type: the validator says so once per derived type; the readings judge it by the
      // profile (lenient-body), so neither is repeated here. The same finding twice is kept once.
      const twice = item(
        'request.body.incompatible',
        'Request body is incompatible: must be integer',
        '[root].interactions[0].request.body.priority',
      );
      const noType: ValidatorReport = {
        success: false,
        errors: [
          item(
            'request.body.incompatible',
            "Request body is incompatible: must have required property '@odata.type'",
            '[root].interactions[0].request.body',
          ),
          item(
            'request.body.incompatible',
            "Request body is incompatible: must have required property '@odata.type'",
            '[root].interactions[0].request.body',
          ),
          twice,
          twice,
        ],
        warnings: [],
      };
      expect(validatorFindings(noType).map((f) => `${f.index} ${f.severity} ${f.message}`)).toEqual([
        '0 error Request body is incompatible: must be integer',
      ]);
      expect(interactionIndex('[root]')).toBe(-1);
    });

    test('judgePact ties them to interactions under rule openapi-slice, with the validator code', () => {
      const file = write(pactOf([create(body, { status: 201, body: created(body) })]));
      const j = judgePact(readPactForCheck(file), checkContext('graph-docs'), {
        success: false,
        errors: [
          item('request.body.incompatible', 'bad', '[root].interactions[0].request.body.x'),
          item('spec', 'whole file', '[root]'),
        ],
        warnings: [],
      });
      expect(j.findings.map((f) => `${f.index} ${f.rule} ${f.code ?? ''} ${f.interaction}`)).toEqual([
        '-1 openapi-slice spec (the pact file)',
        '0 openapi-slice request.body.incompatible a create',
      ]);
      expect(j.findings[1]?.source).toContain('swagger-mock-validator');
    });
  });

  describe('bad input is a SuiteError (exit 2), never a finding', () => {
    const code = async (file: string): Promise<string> => {
      try {
        await checkPacts({ files: [file], profile: 'graph-docs', validate: noValidator });
        return 'no error';
      } catch (e) {
        return isSuiteError(e) ? `${e.code}${e.hint ? ' +hint' : ''}` : `not a SuiteError: ${String(e)}`;
      }
    };
    test.each([
      ['a missing file', () => join(dir, 'nope.json'), 'pact-file +hint'],
      ['not JSON', () => write('{"consumer": '), 'pact-file +hint'],
      ['JSON that is not a pact', () => write({ openapi: '3.0.3' }), 'pact-file +hint'],
      [
        'a message pact',
        () => write({ consumer: { name: 'c' }, provider: { name: 'p' }, messages: [] }),
        'pact-file +hint',
      ],
      ['no interactions', () => write(pactOf([])), 'pact-empty +hint'],
    ])('%s', async (_what, file, expected) => {
      expect(await code(file())).toBe(expected);
    });
  });

  describe('reading pacts', () => {
    test('parses matching-rule paths', () => {
      expect(parseRulePath('$')).toEqual([]);
      expect(parseRulePath("$.a[0].b['@odata.type']")).toEqual(['a', 0, 'b', '@odata.type']);
      expect(parseRulePath('$.a[*].*')).toEqual(['a', null, null]);
      expect(parseRulePath('a.b')).toBeUndefined();
      const rules = [
        { path: ['a', null, 'b'], expression: '', matchers: [{ match: 'regex' }], combine: 'AND' as const },
        { path: ['a'], expression: '', matchers: [{ match: 'type' }], combine: 'AND' as const },
      ];
      expect(ruleAt(rules, ['a', 3, 'b'])).toMatchObject({ inherited: false, rule: { path: ['a', null, 'b'] } });
      expect(ruleAt(rules, ['a', 3, 'c'])).toMatchObject({ inherited: true, rule: { path: ['a'] } });
    });

    test('reads V2 flat rules and V4 bodies (plain, base64 and JSON-encoded)', () => {
      const v2 = readPactForCheck(
        write({
          consumer: { name: 'c' },
          provider: { name: 'p' },
          metadata: { pactSpecification: { version: '2.0.0' } },
          interactions: [
            {
              description: 'd',
              request: { method: 'post', path: PATH, body },
              response: {
                status: 201,
                headers: { Location: 'x' },
                body: { id: '1' },
                matchingRules: {
                  '$.body.id': { match: 'regex', regex: '^.+$' },
                  '$.headers.Location': { regex: '.*' },
                },
              },
            },
          ],
        }),
      );
      const r = v2.interactions[0]?.response;
      expect(v2.interactions[0]?.request?.method).toBe('POST');
      expect(r?.bodyRules.map((x) => x.path)).toEqual([['id']]);
      expect(r?.headerRules['location']?.[0]?.match).toBe('regex');
      expect(r?.headers['location']).toBe('x');
      const v4 = readPactForCheck(
        write(
          pactOf(
            [
              {
                description: 'b64',
                type: 'Synchronous/HTTP',
                request: {
                  method: 'POST',
                  path: PATH,
                  body: {
                    content: Buffer.from(JSON.stringify(body)).toString('base64'),
                    contentType: 'application/json',
                    encoded: 'base64',
                  },
                },
                response: {
                  status: 201,
                  body: { content: JSON.stringify({ id: '1' }), contentType: 'application/json', encoded: 'JSON' },
                },
              },
            ],
            '4.0',
          ),
        ),
      );
      expect(v4.interactions[0]?.request?.body).toEqual(body);
      expect(v4.interactions[0]?.response?.body).toEqual({ id: '1' });
    });
  });

  describe('reports', () => {
    test('junit.xml, summary.md and the console name the rule and the source of each error', async () => {
      const file = write(pactOf([create(body, { status: 200, body: created(body) }, 'expects 200')]));
      const r = await checkPacts({ files: [file], profile: 'graph-docs', validate: noValidator });
      expect({ exitCode: r.exitCode, verdict: r.verdict }).toEqual({ exitCode: 1, verdict: 'failed' });
      const source = PACT_CHECK_RULES['create-status-201'].source;
      const junit = formatCheckJunit(r);
      expect(junit).toContain('failures="1"');
      expect(junit).toContain('type="create-status-201"');
      expect(junit).toContain('OData 4.01 Protocol 11.4.2 / the create page: 201 Created');
      const md = formatCheckMarkdown(r);
      expect(md).toContain('# Pact check: FAILED');
      expect(md).toContain('`create-status-201`');
      expect(formatCheckSummary(r).join('\n')).toContain(`error [create-status-201] a docs-valid create expects 200`);
      expect(formatCheckSummary(r).join('\n')).toContain(source);
    });
  });
});
