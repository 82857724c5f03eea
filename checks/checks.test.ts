import { loadSpecs, readExample } from '../specs/loader';
import { defaultRegistry, CheckRegistry, BUILTIN_CHECKS } from './registry';
import { CHECK_IDS, messageOf, type CheckContext, type CheckId, type Exchange } from './types';

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

/** The check's messages (findings reduced to their message), or 'n/a' when it does not apply. */
function judge(id: CheckId, ex: Exchange, c: CheckContext = ctx()): string[] | 'n/a' {
  const check = defaultRegistry().get(id);
  if (!check) throw new Error(id);
  return check.appliesTo(ex, c) ? check.judge(ex, c).map(messageOf) : 'n/a';
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

describe('calibrated readings: what a conforming server may do passes, what breaks the rule still fails', () => {
  const strict = ctx({ profile: 'odata-strict' });
  const sentDate = '2016-12-31T23:56:33.123456789012-07:00';
  const checkin = (checkinDateTime: string): Record<string, unknown> => ({ ...shifted, checkinDateTime });
  const sentWith = (d: string): Exchange => {
    const body = { ...request, checkinStatuses: [checkin(d)] };
    return exchange({ request: { ...exchange().request, body, text: JSON.stringify(body) } });
  };
  const answered = (ex: Exchange, patch: Record<string, unknown>): Exchange => {
    const json = { ...created, ...patch };
    return { ...ex, response: { ...ex.response, json, text: JSON.stringify(json) } };
  };

  test('echo-fields compares DateTimeOffsets at the profile precision: rounding and truncation pass at 7', () => {
    const ex = sentWith(sentDate);
    const rounded = answered(ex, { checkinStatuses: [checkin('2017-01-01T06:56:33.1234568Z')] });
    const truncated = answered(ex, { checkinStatuses: [checkin('2016-12-31T23:56:33.1234567-07:00')] });
    const millis = answered(ex, { checkinStatuses: [checkin('2017-01-01T06:56:33.123Z')] });
    const micros = answered(ex, { checkinStatuses: [checkin('2017-01-01T06:56:33.123456Z')] });
    expect(judge('echo-fields', rounded)).toEqual([]);
    expect(judge('echo-fields', truncated)).toEqual([]);
    expect((judge('echo-fields', millis) as string[]).join()).toContain('not the same instant at 7 fractional digits');
    expect(judge('echo-fields', micros)).toHaveLength(1);
    // odata-strict compares at the ABNF's 12 digits: a rounded answer is a difference there.
    expect(judge('echo-fields', rounded, strict)).toHaveLength(1);
    expect(judge('echo-fields', answered(ex, { checkinStatuses: [checkin(sentDate)] }), strict)).toEqual([]);
  });

  test('the same text is the same value even when it is no DateTimeOffset; another text that is none fails', () => {
    const odd = '2016-12-31 23:56:33Z';
    const ex = sentWith(odd);
    expect(judge('echo-fields', answered(ex, { checkinStatuses: [checkin(odd)] }))).toEqual([]);
    expect((judge('echo-fields', answered(ex, { checkinStatuses: [checkin('x')] })) as string[]).join()).toContain(
      'not an Edm.DateTimeOffset',
    );
  });

  test('a Stream may come back absent, null, as a media link or as base64url; other bytes still fail', () => {
    const { policyPayload: _p, ...absent } = created;
    const linkOnly = { ...absent, 'policyPayload@odata.mediaReadLink': `${URL0}/${ID}/policyPayload` };
    for (const json of [absent, linkOnly, { ...created, policyPayload: null }])
      for (const id of ['echo-fields', 'read-after-create'] as const) {
        const ex = exchange({}, json);
        expect([id, judge(id, ex)]).toEqual([id, []]);
      }
    expect(
      judge('response-schema', withBody({ policyPayload: Buffer.from('{"a":1}?>').toString('base64url') })),
    ).toEqual([]);
    expect(judge('echo-fields', withBody({ policyPayload: b64('{"a":2}') }))).toHaveLength(1);
  });

  test("read-after-create compares the read-back's type; a missing one fails only in odata-strict", () => {
    const readAs = (json: Record<string, unknown>): Exchange =>
      exchange({
        readBack: {
          request: exchange().request,
          response: { status: 200, headers: {}, text: JSON.stringify(json), json, durationMs: 1 },
        },
      });
    const sibling = readAs({ ...created, '@odata.type': '#microsoft.graph.windowsOfficeClientSecurityConfiguration' });
    expect((judge('read-after-create', sibling) as string[]).join()).toContain('GET answered @odata.type');
    expect(
      judge(
        'read-after-create',
        readAs({ ...created, '@odata.type': 'microsoft.graph.windowsOfficeClientConfiguration' }),
      ),
    ).toEqual([]);
    const { '@odata.type': _t, ...untyped } = created;
    expect(judge('read-after-create', readAs(untyped))).toEqual([]);
    expect(judge('read-after-create', readAs(untyped), strict)).toHaveLength(1);
  });

  test('a top-level @odata.type without "#" passes graph-docs and fails odata-strict; another type fails both', () => {
    const noHash = withBody({ '@odata.type': 'microsoft.graph.windowsOfficeClientConfiguration' });
    expect(judge('odata-type', noHash)).toEqual([]);
    expect((judge('odata-type', noHash, strict) as string[]).join()).toContain('lacks the leading "#"');
    const other = withBody({ '@odata.type': 'microsoft.graph.windowsOfficeClientSecurityConfiguration' });
    expect(judge('odata-type', other)).toHaveLength(1);
  });

  test('location-header: key as segment, in parentheses or named, with a type cast; not another entity', () => {
    const at = (location: string): Exchange =>
      exchange({ response: { ...exchange().response, headers: { 'content-type': 'application/json', location } } });
    const root = 'http://127.0.0.1:1/beta/officeConfiguration/clientConfigurations';
    for (const loc of [
      `${root}/${ID}`,
      `${root}('${ID}')`,
      `${root}(id='${ID}')`,
      `${root}/${ID}/microsoft.graph.windowsOfficeClientConfiguration`,
      `${root}('${ID}')/microsoft.graph.windowsOfficeClientConfiguration`,
    ])
      expect([loc, judge('location-header', at(loc), strict)]).toEqual([loc, []]);
    const inProcess = (location: string): Exchange => {
      const ex = at(location);
      return { ...ex, request: { ...ex.request, url: 'app:reference/officeConfiguration/clientConfigurations' } };
    };
    expect(judge('location-header', inProcess(`/officeConfiguration/clientConfigurations/${ID}`), strict)).toEqual([]);
    expect(judge('location-header', inProcess(`/officeConfiguration/clientConfigurations/x`), strict)).toHaveLength(1);
    for (const loc of [`${root}/other`, `${root}/${ID}/policyPayload/x`, `${root}/${ID}x`, `${root}('${ID}')x`])
      expect([loc, (judge('location-header', at(loc), strict) as string[]).length]).toEqual([loc, 1]);
  });

  test('lenient-input judges what graph-docs allows at warning level; odata-strict leaves it to rejects-invalid', () => {
    const lenient = (status: number): Exchange =>
      exchange({
        kind: 'invalid',
        invalid: { rule: 'not-json', pointer: '', expectation: 'reject', leniency: 'json-single-quoted-strings' },
        response: { status, headers: {}, text: '{}', json: {}, durationMs: 1 },
      });
    expect(judge('lenient-input', lenient(400))).toEqual([]);
    expect((judge('lenient-input', lenient(201)) as string[]).join()).toContain('single-quoted strings');
    expect(judge('rejects-invalid', lenient(201))).toBe('n/a');
    expect(judge('lenient-input', lenient(201), strict)).toBe('n/a');
    expect(judge('rejects-invalid', lenient(201), strict)).toHaveLength(1);
    expect(defaultRegistry().get('lenient-input')?.severity('graph-docs')).toBe('warning');
  });
});

describe('what checks declare for replay', () => {
  const registry = defaultRegistry();
  const req = (headers: Record<string, string>) => ({
    request: { method: 'POST', url: 'http://t/x', headers },
    invalid: false,
  });
  test('auth-required replays a missing or a wrong token as saved; client-id and unknown-property keep their kind', () => {
    expect(registry.get('auth-required')?.replayAs?.(req({}))).toEqual({ kind: 'auth-missing' });
    expect(registry.get('auth-required')?.replayAs?.(req({ authorization: 'Bearer x' }))).toEqual({
      kind: 'auth-wrong',
    });
    expect(registry.get('client-id')?.replayAs?.(req({}))).toEqual({ kind: 'client-id' });
    expect(registry.get('unknown-property')?.replayAs?.(req({}))).toEqual({ kind: 'invalid', expectation: 'warn' });
    expect(registry.get('echo-fields')?.replayAs).toBeUndefined();
    expect(registry.get('server-assigned-id')?.replaySends).toBe(2);
  });
});
