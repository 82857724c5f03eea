import { loadSpecs, readExample } from '../specs/loader';
import { defaultRegistry, CheckRegistry, BUILTIN_CHECKS } from './registry';
import { CHECK_IDS, type CheckContext, type CheckId, type Exchange } from './types';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const request = JSON.parse(
  JSON.stringify(readExample('windowsofficeclientconfiguration-create.request.json')).replace(
    /"<Unknown Primitive Type Edm\.Stream>"/g,
    JSON.stringify(b64('{"a":1}')),
  ),
) as Record<string, unknown>;
const ID = '13a5ac73-ac73-13a5-73ac-a51373aca513';
const created: Record<string, unknown> = { ...request, id: ID, lastModifiedDateTime: new Date().toISOString() };
const URL0 = 'http://127.0.0.1:1/officeConfiguration/clientConfigurations';

function exchange(over: Partial<Exchange> = {}, body: Record<string, unknown> = created, status = 201): Exchange {
  return {
    caseId: 'v0',
    kind: 'valid',
    request: { method: 'POST', url: URL0, headers: {}, body: request, text: JSON.stringify(request) },
    response: {
      status,
      headers: { 'content-type': 'application/json', location: `${URL0}/${ID}` },
      text: JSON.stringify(body),
      json: body,
      durationMs: 1,
    },
    readBack: {
      request: { method: 'GET', url: `${URL0}/${ID}`, headers: {} },
      response: { status: 200, headers: {}, text: JSON.stringify(body), json: body, durationMs: 1 },
    },
    ...over,
  };
}

function ctx(over: Partial<CheckContext> = {}): CheckContext {
  return {
    profile: 'graph-docs',
    specs: loadSpecs(),
    runStartedAt: Date.now() - 1000,
    now: Date.now,
    seenIds: new Map(),
    ...over,
  };
}

function judge(id: CheckId, ex: Exchange, c: CheckContext = ctx()): string[] | 'n/a' {
  const check = defaultRegistry().get(id);
  if (!check) throw new Error(id);
  return check.appliesTo(ex, c) ? check.judge(ex, c) : 'n/a';
}

const withBody = (patch: Record<string, unknown>): Exchange => exchange({}, { ...created, ...patch });
const shifted = {
  ...(request['checkinStatuses'] as Array<Record<string, unknown>>)[0],
  checkinDateTime: '2017-01-01T07:56:33.9571764Z',
};

describe('registry', () => {
  test('has every check id once, and refuses a duplicate', () => {
    expect(defaultRegistry().ids().sort()).toEqual([...CHECK_IDS].sort());
    const first = BUILTIN_CHECKS[0];
    if (!first) throw new Error('no checks');
    expect(() => new CheckRegistry().register(first).register(first)).toThrow(/already registered/);
  });
});

describe('each check passes a conforming exchange and fails one that breaks its rule', () => {
  const cases: Array<[CheckId, Exchange, Exchange]> = [
    ['status-201', exchange(), exchange({}, created, 200)],
    [
      'content-type',
      exchange(),
      exchange({ response: { ...exchange().response, headers: { 'content-type': 'text/plain' } } }),
    ],
    ['response-schema', exchange(), withBody({ priority: '8' })],
    ['echo-fields', exchange(), withBody({ displayName: 'other' })],
    [
      'echo-fields',
      withBody({ checkinStatuses: [shifted] }),
      withBody({ checkinStatuses: [{ ...shifted, checkinDateTime: '2017-01-01T07:56:34Z' }] }),
    ],
    [
      'echo-fields',
      withBody({ policyPayload: Buffer.from('{"a":1}').toString('base64url') }),
      withBody({ policyPayload: b64('{"a":2}') }),
    ],
    ['echo-fields', exchange(), withBody({ checkinStatuses: [] })],
    ['server-assigned-id', exchange(), withBody({ id: '' })],
    [
      'checkin-datetime',
      exchange(),
      withBody({ checkinStatuses: [{ ...shifted, checkinDateTime: '12/31/2016 23:56' }] }),
    ],
    [
      'odata-type',
      exchange(),
      withBody({ '@odata.type': '#microsoft.graph.windowsOfficeClientSecurityConfiguration' }),
    ],
    [
      'odata-type',
      exchange(),
      withBody({
        userCheckinSummary: {
          '@odata.type': '#microsoft.graph.officeClientCheckinStatus',
          succeededUserCount: 2,
          failedUserCount: 15,
        },
      }),
    ],
    ['no-server-error', exchange(), exchange({}, created, 503)],
    [
      'read-after-create',
      exchange(),
      exchange({
        readBack: { request: exchange().request, response: { status: 404, headers: {}, text: '', durationMs: 1 } },
      }),
    ],
    ['last-modified', exchange(), withBody({ lastModifiedDateTime: '2000-01-01T00:00:00Z' })],
    [
      'location-header',
      exchange(),
      exchange({ response: { ...exchange().response, headers: { 'content-type': 'application/json' } } }),
    ],
  ];
  test.each(cases)('%s', (id, good, bad) => {
    expect(judge(id, good)).toEqual([]);
    const msgs = judge(id, bad);
    expect(msgs).not.toBe('n/a');
    expect((msgs as string[]).length).toBeGreaterThan(0);
  });

  test('server-assigned-id fails an id already returned in the run', () => {
    expect(judge('server-assigned-id', exchange(), ctx({ seenIds: new Map([[ID, 'v7']]) }))).toEqual([
      `id "${ID}" was already returned for case v7`,
    ]);
  });

  const invalid = (
    status: number,
    expectation: 'reject' | 'warn',
    json: unknown = { error: { code: 'badRequest', message: 'no' } },
  ): Exchange =>
    exchange({
      kind: 'invalid',
      invalid: { rule: 'x', pointer: '/priority', expectation },
      response: { status, headers: {}, text: JSON.stringify(json), json, durationMs: 1 },
    });

  test('rejects-invalid, unknown-property, error-shape', () => {
    expect(judge('rejects-invalid', invalid(400, 'reject'))).toEqual([]);
    expect(judge('rejects-invalid', invalid(201, 'reject'))).toHaveLength(1);
    expect(judge('rejects-invalid', invalid(500, 'reject'))).toHaveLength(1);
    expect(judge('rejects-invalid', invalid(201, 'warn'))).toBe('n/a');
    expect(judge('unknown-property', invalid(400, 'warn'))).toEqual([]);
    expect(judge('unknown-property', invalid(201, 'warn'))).toHaveLength(1);
    expect(judge('error-shape', invalid(400, 'reject'))).toEqual([]);
    expect(judge('error-shape', invalid(400, 'reject', { message: 'plain' }))).toHaveLength(1);
  });

  test('auth-required', () => {
    expect(judge('auth-required', exchange({ kind: 'auth-missing' }, created, 401))).toEqual([]);
    expect(judge('auth-required', exchange({ kind: 'auth-wrong' }, created, 201))).toHaveLength(1);
  });

  test('profiles: odata-strict demands "#" on nested @odata.type and makes location-header an error', () => {
    const strict = ctx({ profile: 'odata-strict' });
    expect(judge('odata-type', exchange())).toEqual([]);
    expect((judge('odata-type', exchange(), strict) as string[]).join()).toContain('lacks the leading "#"');
    expect(defaultRegistry().get('location-header')?.severity('odata-strict')).toBe('error');
    expect(defaultRegistry().get('location-header')?.severity('graph-docs')).toBe('warning');
  });

  test('a null sent may come back null or absent, but not as a value', () => {
    const sentNull = exchange({ request: { ...exchange().request, body: { ...request, description: null } } });
    expect(
      judge('echo-fields', {
        ...sentNull,
        response: { ...sentNull.response, json: { ...created, description: null } },
      }),
    ).toEqual([]);
    const { description: _d, ...without } = created;
    expect(judge('echo-fields', { ...sentNull, response: { ...sentNull.response, json: without } })).toEqual([]);
    expect(
      judge('echo-fields', { ...sentNull, response: { ...sentNull.response, json: { ...created, description: 'x' } } }),
    ).toHaveLength(1);
  });
});
