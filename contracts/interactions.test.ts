import { MatchersV3 } from '@pact-foundation/pact';
import { settingsFor } from '../checks/profiles';
import { BASE64_OR_URL_PATTERN } from '../specs/derive/schemas';
import { loadSpecs, readExample } from '../specs/loader';
import { decodeStream } from '../specs/edm';
import { EXAMPLE_REQUEST_FILE, STREAM_PLACEHOLDER, exampleCreateBody } from './example';
import {
  AUTHORIZATION_PATTERN,
  buildInteractions,
  CREATE_TYPE,
  DEFAULT_SEED,
  EXAMPLE_AUTHORIZATION,
  contractReading,
  type ContractInteraction,
} from './interactions';
import {
  BASE64_PATTERN,
  ID_PATTERN,
  JSON_CONTENT_TYPE_PATTERN,
  LOCATION_PATTERN,
  anyCase,
  dateTimeOffsetPattern,
  odataTypePattern,
} from './matchers';
import { PROFILES, readingFor } from './readings';
import { SAMPLE_SHAPES } from './samples';
import { STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES } from './states';

/** The lifecycle interactions' keys (lifecycle.ts), after the creates. */
const LIFECYCLE_KEYS = ['get', 'get-unknown', 'list-assignments', 'delete', 'patch', 'assign', 'update-priorities'];
const COLLECTION = '/officeConfiguration/clientConfigurations';
const isCreate = (i: ContractInteraction): boolean => i.request.method === 'POST' && i.request.path === COLLECTION;

type Rec = Record<string, unknown>;
const MATCHER = 'pact:matcher:type';

function byKey(list: ContractInteraction[], key: string): ContractInteraction {
  const found = list.find((i) => i.key === key);
  if (!found) throw new Error(`no interaction ${key}`);
  return found;
}

const asRec = (v: unknown): Rec => v as Rec;
const regexOf = (v: unknown): { regex: string; value: unknown } => {
  const m = asRec(v);
  expect(m[MATCHER]).toBe('regex');
  return { regex: m['regex'] as string, value: m['value'] };
};

describe('buildInteractions', () => {
  const list = buildInteractions({ seed: DEFAULT_SEED });

  it('is deterministic: the same seed gives the same interactions, another seed other samples', () => {
    expect(JSON.stringify(buildInteractions({ seed: DEFAULT_SEED }))).toBe(JSON.stringify(list));
    const other = buildInteractions({ seed: 12345 });
    expect(other.map((i) => i.key)).toEqual(list.map((i) => i.key));
    expect(JSON.stringify(byKey(other, 'sample:nulls').request.body)).not.toBe(
      JSON.stringify(byKey(list, 'sample:nulls').request.body),
    );
    expect(byKey(other, 'example')).toEqual(byKey(list, 'example'));
  });

  it("holds the docs' example, a minimal create, one sample per shape, one invalid body, then the lifecycle", () => {
    expect(list.map((i) => i.key)).toEqual([
      'example',
      'minimal',
      ...SAMPLE_SHAPES.map((s) => `sample:${s.id}`),
      'invalid:wrong-json-type',
      ...LIFECYCLE_KEYS,
    ]);
    expect(list.filter(isCreate).map((i) => i.key)).toEqual(
      list.map((i) => i.key).filter((k) => !LIFECYCLE_KEYS.includes(k)),
    );
    expect(new Set(list.map((i) => i.description)).size).toBe(list.length);
    for (const s of SAMPLE_SHAPES)
      expect(s.has(byKey(list, `sample:${s.id}`).request.body as Parameters<typeof s.has>[0])).toBe(true);
    expect(byKey(list, 'minimal').request.body).toEqual({ '@odata.type': CREATE_TYPE });
  });

  it('covers every shape for several seeds', () => {
    for (const seed of [2, 3, 42, -7, 2147483647]) {
      const keys = buildInteractions({ seed }).map((i) => i.key);
      for (const s of SAMPLE_SHAPES) expect(keys).toContain(`sample:${s.id}`);
    }
  });

  it('sends bodies the request schema accepts, except the invalid one, which it rejects', () => {
    const { createRequest } = loadSpecs();
    for (const i of list.filter(isCreate)) expect(createRequest(i.request.body)).toBe(!i.key.startsWith('invalid:'));
  });

  it('names a provider state for every interaction', () => {
    for (const i of list.filter(isCreate))
      expect(i.states).toEqual([i.response.status === 201 ? STATE_ACCEPTS_CREATES : STATE_VALIDATES_BODIES]);
    for (const i of list.filter((x) => !isCreate(x))) expect(i.states).toHaveLength(1);
  });

  it('names the reading in every description and comment; the profiles send the same requests', () => {
    const strict = buildInteractions({ seed: DEFAULT_SEED, profile: 'odata-strict' });
    for (const i of list) {
      expect(i.description).toMatch(/ \[graph-docs\]$/);
      expect(i.comments.join(' ')).toContain('Reading: graph-docs');
    }
    for (const i of strict) expect(i.description).toMatch(/ \[odata-strict\]$/);
    expect(strict.map((i) => i.request)).toEqual(list.map((i) => i.request));
    expect(strict.map((i) => i.description.replace(/ \[odata-strict\]$/, ''))).toEqual(
      list.map((i) => i.description.replace(/ \[graph-docs\]$/, '')),
    );
  });

  it('sends JSON with a placeholder bearer token matched by a regex, never a real one', () => {
    for (const i of list) {
      if (isCreate(i)) expect(i.request.headers['Content-Type']).toBe('application/json');
      const auth = regexOf(i.request.headers['Authorization']);
      expect(auth).toEqual({ regex: AUTHORIZATION_PATTERN, value: EXAMPLE_AUTHORIZATION });
    }
    expect(list.filter(isCreate)).toHaveLength(list.length - LIFECYCLE_KEYS.length);
  });
});

describe('readings', () => {
  it("follow the profiles: graph-docs expects neither Location nor a '#', odata-strict expects both", () => {
    expect(readingFor('graph-docs')).toEqual({
      profile: 'graph-docs',
      location: false,
      lastModified: false,
      typeHash: false,
      nestedTypes: false,
      streams: false,
      okWithoutBody: true,
    });
    expect(readingFor('odata-strict')).toEqual({
      profile: 'odata-strict',
      location: true,
      lastModified: false,
      typeHash: true,
      nestedTypes: false,
      streams: false,
      okWithoutBody: false,
    });
    for (const p of PROFILES) expect(readingFor(p).typeHash).toBe(settingsFor(p).typeHashRequired);
  });

  it('take overrides, and graph-docs is the default', () => {
    expect(contractReading({})).toEqual(readingFor('graph-docs'));
    expect(contractReading({ profile: 'odata-strict', location: false, streams: true })).toMatchObject({
      profile: 'odata-strict',
      location: false,
      streams: true,
      typeHash: true,
    });
    expect(contractReading({ location: undefined }).location).toBe(false);
  });
});

describe("the docs' example body", () => {
  it('replaces each Edm.Stream placeholder with standard base64 of JSON and keeps the rest', () => {
    const raw = readExample(EXAMPLE_REQUEST_FILE) as Rec;
    const body = exampleCreateBody();
    expect(JSON.stringify(body)).not.toContain(STREAM_PLACEHOLDER);
    for (const key of Object.keys(raw)) {
      if (raw[key] === STREAM_PLACEHOLDER) {
        const bytes = decodeStream(body[key] as string);
        expect(bytes).toBeDefined();
        expect(() => JSON.parse((bytes as Buffer).toString('utf8')) as unknown).not.toThrow();
        expect(new RegExp(BASE64_PATTERN).test(body[key] as string)).toBe(true);
      } else expect(body[key]).toEqual(raw[key]);
    }
  });
});

const STREAMS = ['userPreferencePayload', 'policyPayload'];

describe('matcher choices (graph-docs, the committed reading)', () => {
  const list = buildInteractions({ seed: DEFAULT_SEED });
  const example = byKey(list, 'example');
  const sent = asRec(example.request.body);
  const expected = asRec(example.response.body);

  it("matches the top-level @odata.type by the created type, '#' optional, and echoes plain values exactly", () => {
    const top = regexOf(expected['@odata.type']);
    expect(top).toEqual({ regex: odataTypePattern(CREATE_TYPE), value: CREATE_TYPE });
    const re = new RegExp(top.regex);
    expect(re.test(CREATE_TYPE)).toBe(true);
    expect(re.test(CREATE_TYPE.slice(1))).toBe(true);
    expect(re.test('#microsoft.graph.windowsOfficeClientSecurityConfiguration')).toBe(false);
    for (const key of ['description', 'displayName', 'priority']) expect(expected[key]).toEqual(sent[key]);
    const summary = asRec(expected['userCheckinSummary']);
    expect(summary['succeededUserCount']).toBe(2);
    expect(summary['failedUserCount']).toBe(15);
  });

  it('matches what the provider decides (id, Content-Type) and expects no Location and no lastModifiedDateTime', () => {
    expect(regexOf(expected['id']).regex).toBe(ID_PATTERN);
    expect(regexOf(example.response.headers['Content-Type']).regex).toBe(JSON_CONTENT_TYPE_PATTERN);
    for (const i of list.filter((x) => x.response.status === 201)) {
      expect(i.response.headers['Location']).toBeUndefined();
      expect(asRec(i.response.body)['lastModifiedDateTime']).toBeUndefined();
    }
  });

  it('matches DateTimeOffset by the OData grammar with the sent text as the example', () => {
    const status = asRec((expected['checkinStatuses'] as unknown[])[0]);
    const dto = regexOf(status['checkinDateTime']);
    expect(dto.value).toBe('2016-12-31T23:56:33.9571764-08:00');
    expect(dto.regex).toBe(dateTimeOffsetPattern());
  });

  it('sends the Stream properties but does not expect them back (a media link or absent is an answer too)', () => {
    for (const key of STREAMS) {
      expect(typeof sent[key]).toBe('string');
      expect(key in expected).toBe(false);
    }
  });

  it('expects no nested @odata.type (a service may leave it out)', () => {
    expect(asRec(sent['userCheckinSummary'])['@odata.type']).toBe('microsoft.graph.officeUserCheckinSummary');
    expect('@odata.type' in asRec(expected['userCheckinSummary'])).toBe(false);
    expect('@odata.type' in asRec((expected['checkinStatuses'] as unknown[])[0])).toBe(false);
  });

  it('leaves a property sent as null out of the expected body (null or absent), but keeps nulls in arrays', () => {
    const nulls = byKey(list, 'sample:nulls');
    const walk = (sentValue: unknown, want: unknown): void => {
      if (Array.isArray(sentValue)) {
        sentValue.forEach((v: unknown, i) => walk(v, (want as unknown[])[i]));
        return;
      }
      if (sentValue && typeof sentValue === 'object') {
        for (const [k, v] of Object.entries(sentValue)) {
          if (v === null) expect(k in asRec(want)).toBe(false);
          else if (!STREAMS.includes(k) && k !== '@odata.type') walk(v, asRec(want)[k]);
        }
        return;
      }
      if (sentValue === null) expect(want).toBeNull();
    };
    walk(nulls.request.body, nulls.response.body);
    expect(JSON.stringify(nulls.request.body)).toContain('null');
  });

  it('expects every other sent value back: reifying the expected body gives the sent body plus id', () => {
    // What graph-docs expects, computed here independently: nulls, Streams and nested @odata.type dropped.
    const project = (v: unknown, top: boolean): unknown =>
      Array.isArray(v)
        ? v.map((x: unknown) => project(x, false))
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([k, x]) => x !== null && !STREAMS.includes(k) && (top || k !== '@odata.type'))
                .map(([k, x]) => [k, project(x, false)]),
            )
          : v;
    for (const i of list.filter((x) => x.response.status === 201)) {
      const reified = MatchersV3.reify(i.response.body as never) as Rec;
      const { id, ...echo } = reified;
      expect(typeof id).toBe('string');
      expect(echo).toEqual({ ...(project(i.request.body, true) as Rec), '@odata.type': CREATE_TYPE });
    }
  });

  it('answers the invalid body with any 4xx (400 the example) and the OData error shape', () => {
    const invalid = list.find((i) => i.key.startsWith('invalid:'));
    expect(invalid?.response.status).toBe(400);
    expect(invalid?.response.statusClass).toBe('clientError');
    const error = asRec(asRec(invalid?.response.body)['error']);
    expect(regexOf(error['code']).regex).toBe('^.+$');
    expect(asRec(error['message'])[MATCHER]).toBe('type');
    expect(Object.keys(asRec(invalid?.response.body))).toEqual(['error']); // innerError and the rest may come too
  });
});

describe('matcher choices (odata-strict)', () => {
  const strict = buildInteractions({ seed: DEFAULT_SEED, profile: 'odata-strict' });
  const example = byKey(strict, 'example');
  const expected = asRec(example.response.body);

  it("pins the top-level @odata.type with its '#' and expects a Location header", () => {
    expect(expected['@odata.type']).toBe(CREATE_TYPE);
    for (const i of strict.filter((x) => x.response.status === 201))
      expect(regexOf(i.response.headers['Location']).regex).toBe(LOCATION_PATTERN);
  });

  it('expects neither lastModifiedDateTime nor Streams nor nested @odata.type (odata-strict does not demand them)', () => {
    expect(expected['lastModifiedDateTime']).toBeUndefined();
    for (const key of STREAMS) expect(key in expected).toBe(false);
    expect('@odata.type' in asRec(expected['userCheckinSummary'])).toBe(false);
  });

  it("on request: Streams by the response schema's base64-or-base64url pattern, the sent text as the example", () => {
    const withStreams = asRec(
      byKey(buildInteractions({ seed: DEFAULT_SEED, profile: 'odata-strict', streams: true }), 'example').response.body,
    );
    const sent = asRec(example.request.body);
    for (const key of STREAMS) {
      const m = regexOf(withStreams[key]);
      expect(m).toEqual({ regex: BASE64_OR_URL_PATTERN, value: sent[key] });
      const re = new RegExp(m.regex);
      expect(re.test(sent[key] as string)).toBe(true);
      expect(re.test((sent[key] as string).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))).toBe(true);
      expect(re.test('<Unknown Primitive Type Edm.Stream>')).toBe(false);
    }
  });

  it("on request: nested @odata.type with the '#' the profile requires, or optional in graph-docs", () => {
    const name = 'microsoft.graph.officeUserCheckinSummary';
    const nested = (profile: 'graph-docs' | 'odata-strict'): { regex: string; value: unknown } =>
      regexOf(
        asRec(
          asRec(byKey(buildInteractions({ seed: DEFAULT_SEED, profile, nestedTypes: true }), 'example').response.body)[
            'userCheckinSummary'
          ],
        )['@odata.type'],
      );
    const strictType = nested('odata-strict');
    expect(strictType).toEqual({ regex: odataTypePattern(name, true), value: `#${name}` });
    expect(new RegExp(strictType.regex).test(name)).toBe(false);
    expect(new RegExp(strictType.regex).test(`#${name}`)).toBe(true);
    const docsType = nested('graph-docs');
    expect(docsType).toEqual({ regex: odataTypePattern(name), value: name });
    expect(new RegExp(docsType.regex).test(name)).toBe(true);
    expect(new RegExp(docsType.regex).test(`#${name}`)).toBe(true);
    expect(new RegExp(docsType.regex).test('#microsoft.graph.officeClientCheckinStatus')).toBe(false);
  });

  it('can leave out Location, or require lastModifiedDateTime', () => {
    const bare = byKey(buildInteractions({ seed: DEFAULT_SEED, profile: 'odata-strict', location: false }), 'minimal');
    expect(bare.response.headers['Location']).toBeUndefined();
    const stamped = byKey(buildInteractions({ seed: DEFAULT_SEED, lastModified: true }), 'minimal');
    expect(regexOf(asRec(stamped.response.body)['lastModifiedDateTime']).regex).toBe(dateTimeOffsetPattern());
  });
});

describe('the patterns', () => {
  it('DateTimeOffset: the OData grammar, so a provider normalising to UTC or rounding still matches', () => {
    const re = new RegExp(dateTimeOffsetPattern());
    for (const ok of [
      '2016-12-31T23:56:33.9571764-08:00',
      '2017-01-01T07:56:33.9571764Z',
      '2017-01-01T07:56:33.957Z',
      '2017-01-01T07:56Z',
      '2017-01-01T07:56:33.123456789012+14:00',
      '2016-12-31T23:59:60Z', // a leap second: `second = zeroToFiftyNine / "60"`
    ])
      expect(re.test(ok)).toBe(true);
    for (const bad of [
      '2016-12-31 23:56:33Z',
      '2016-12-31T23:56:33',
      '2016-13-01T00:00:00Z',
      '2016-12-31T23:59:61Z',
      '',
    ])
      expect(re.test(bad)).toBe(false);
  });

  it('base64: standard alphabet with padding', () => {
    const re = new RegExp(BASE64_PATTERN);
    for (const ok of ['', 'eyJhIjoxfQ==', 'YWJj', 'YQ==']) expect(re.test(ok)).toBe(true);
    for (const bad of ['eyJhIjoxfQ', 'ab-_', '<Unknown Primitive Type Edm.Stream>']) expect(re.test(bad)).toBe(false);
  });

  it("Location: the created entity, by segment, by key or by named key, a type cast allowed (location-header's forms)", () => {
    const re = new RegExp(LOCATION_PATTERN);
    const base = 'https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations';
    for (const ok of [
      'http://127.0.0.1:1234/beta/officeConfiguration/clientConfigurations/abc-1',
      `${base}('abc-1')`,
      `${base}(id='abc-1')`,
      `${base}('it''s')`,
      `${base}/abc-1/microsoft.graph.windowsOfficeClientConfiguration`,
      `${base}('abc-1')/microsoft.graph.windowsOfficeClientConfiguration`,
      `${base}/abc-1/`,
      '/beta/officeConfiguration/clientConfigurations/abc-1',
    ])
      expect({ ok, matches: re.test(ok) }).toEqual({ ok, matches: true });
    for (const bad of [base, `${base}/a/b`, `${base}('')`, `${base}/a/windowsOfficeClientConfiguration`])
      expect({ bad, matches: re.test(bad) }).toEqual({ bad, matches: false });
  });

  it('Content-Type: application/json in any case with any parameters', () => {
    const re = new RegExp(JSON_CONTENT_TYPE_PATTERN);
    for (const ok of [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;odata.metadata=minimal',
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      'Application/JSON; charset=UTF-8',
    ])
      expect(re.test(ok)).toBe(true);
    for (const bad of [
      'text/plain; charset=utf-8',
      'application/jsonx',
      'application/problem+json',
      'applicationXjson',
    ])
      expect(re.test(bad)).toBe(false);
  });

  it('anyCase: letters in both cases, other characters escaped', () => {
    expect(anyCase('a.b')).toBe('[Aa]\\.[Bb]');
    expect(new RegExp(`^${anyCase('a+b/c')}$`).test('A+B/c')).toBe(true);
  });

  it('id: any non-empty string', () => {
    const re = new RegExp(ID_PATTERN);
    expect(re.test('13a5ac73-ac73-13a5-73ac-a51373aca513')).toBe(true);
    expect(re.test('x')).toBe(true);
    expect(re.test('')).toBe(false);
  });
});
