import { MatchersV3 } from '@pact-foundation/pact';
import { loadSpecs, readExample } from '../specs/loader';
import { decodeStream } from '../specs/edm';
import { EXAMPLE_REQUEST_FILE, STREAM_PLACEHOLDER, exampleCreateBody } from './example';
import {
  AUTHORIZATION_PATTERN,
  buildInteractions,
  CREATE_TYPE,
  DEFAULT_SEED,
  EXAMPLE_AUTHORIZATION,
  type ContractInteraction,
} from './interactions';
import {
  BASE64_PATTERN,
  ID_PATTERN,
  JSON_CONTENT_TYPE_PATTERN,
  LOCATION_PATTERN,
  dateTimeOffsetPattern,
  odataTypePattern,
} from './matchers';
import { SAMPLE_SHAPES } from './samples';
import { STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES } from './states';

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

  it("holds the docs' example, a minimal create, one sample per shape and one invalid body", () => {
    expect(list.map((i) => i.key)).toEqual([
      'example',
      'minimal',
      ...SAMPLE_SHAPES.map((s) => `sample:${s.id}`),
      'invalid:wrong-json-type',
    ]);
    expect(new Set(list.map((i) => i.description)).size).toBe(list.length);
    for (const s of SAMPLE_SHAPES) expect(s.has(byKey(list, `sample:${s.id}`).request.body)).toBe(true);
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
    for (const i of list) expect(createRequest(i.request.body)).toBe(!i.key.startsWith('invalid:'));
  });

  it('names a provider state for every interaction', () => {
    for (const i of list)
      expect(i.states).toEqual([i.response.status === 201 ? STATE_ACCEPTS_CREATES : STATE_VALIDATES_BODIES]);
  });

  it('sends JSON with a placeholder bearer token matched by a regex, never a real one', () => {
    for (const i of list) {
      expect(i.request.method).toBe('POST');
      expect(i.request.path).toBe('/officeConfiguration/clientConfigurations');
      expect(i.request.headers['Content-Type']).toBe('application/json');
      const auth = regexOf(i.request.headers['Authorization']);
      expect(auth).toEqual({ regex: AUTHORIZATION_PATTERN, value: EXAMPLE_AUTHORIZATION });
    }
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

describe('matcher choices', () => {
  const list = buildInteractions({ seed: DEFAULT_SEED });
  const example = byKey(list, 'example');
  const sent = example.request.body;
  const expected = asRec(example.response.body);

  it('pins the top-level @odata.type exactly and echoes plain values exactly', () => {
    expect(expected['@odata.type']).toBe(CREATE_TYPE);
    for (const key of ['description', 'displayName', 'priority']) expect(expected[key]).toEqual(sent[key]);
    const summary = asRec(expected['userCheckinSummary']);
    expect(summary['succeededUserCount']).toBe(2);
    expect(summary['failedUserCount']).toBe(15);
  });

  it('matches what the provider decides: id, lastModifiedDateTime, Location, Content-Type', () => {
    expect(regexOf(expected['id']).regex).toBe(ID_PATTERN);
    expect(regexOf(expected['lastModifiedDateTime']).regex).toBe(dateTimeOffsetPattern());
    expect(regexOf(example.response.headers['Location']).regex).toBe(LOCATION_PATTERN);
    expect(regexOf(example.response.headers['Content-Type']).regex).toBe(JSON_CONTENT_TYPE_PATTERN);
  });

  it('matches DateTimeOffset by the OData grammar and Stream by base64, with the sent text as the example', () => {
    const status = asRec((expected['checkinStatuses'] as unknown[])[0]);
    const dto = regexOf(status['checkinDateTime']);
    expect(dto.value).toBe('2016-12-31T23:56:33.9571764-08:00');
    expect(dto.regex).toBe(dateTimeOffsetPattern());
    for (const key of ['userPreferencePayload', 'policyPayload']) {
      const m = regexOf(expected[key]);
      expect(m.value).toBe(sent[key]);
      expect(m.regex).toBe(BASE64_PATTERN);
    }
  });

  it("lets a nested @odata.type come back with or without '#'", () => {
    const summary = asRec(expected['userCheckinSummary']);
    const m = regexOf(summary['@odata.type']);
    expect(m.value).toBe('microsoft.graph.officeUserCheckinSummary');
    expect(m.regex).toBe(odataTypePattern('microsoft.graph.officeUserCheckinSummary'));
    const re = new RegExp(m.regex);
    expect(re.test('#microsoft.graph.officeUserCheckinSummary')).toBe(true);
    expect(re.test('microsoft.graph.officeUserCheckinSummary')).toBe(true);
    expect(re.test('#microsoft.graph.officeClientCheckinStatus')).toBe(false);
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
          else walk(v, asRec(want)[k]);
        }
        return;
      }
      if (sentValue === null) expect(want).toBeNull();
    };
    walk(nulls.request.body, nulls.response.body);
    expect(JSON.stringify(nulls.request.body)).toContain('null');
  });

  it('expects every sent value back: reifying the expected body gives the sent body plus id and lastModifiedDateTime', () => {
    for (const i of list.filter((x) => x.response.status === 201)) {
      const reified = MatchersV3.reify(i.response.body as never) as Rec;
      const dropNulls = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(dropNulls)
          : v && typeof v === 'object'
            ? Object.fromEntries(
                Object.entries(v)
                  .filter(([, x]) => x !== null)
                  .map(([k, x]) => [k, dropNulls(x)]),
              )
            : v;
      const { id, lastModifiedDateTime, ...echo } = reified;
      expect(typeof id).toBe('string');
      expect(typeof lastModifiedDateTime).toBe('string');
      expect(echo).toEqual({ ...(dropNulls(i.request.body) as Rec), '@odata.type': CREATE_TYPE });
    }
  });

  it('answers the invalid body with 400 and the OData error shape', () => {
    const invalid = list.find((i) => i.key.startsWith('invalid:'));
    expect(invalid?.response.status).toBe(400);
    const error = asRec(asRec(invalid?.response.body)['error']);
    expect(regexOf(error['code']).regex).toBe('^.+$');
    expect(asRec(error['message'])[MATCHER]).toBe('type');
  });

  it('can leave out Location and lastModifiedDateTime', () => {
    const bare = byKey(buildInteractions({ seed: DEFAULT_SEED, location: false, lastModified: false }), 'minimal');
    expect(bare.response.headers['Location']).toBeUndefined();
    expect(asRec(bare.response.body)['lastModifiedDateTime']).toBeUndefined();
  });
});

describe('the patterns', () => {
  it('DateTimeOffset: the OData grammar, so a provider normalising to UTC still matches', () => {
    const re = new RegExp(dateTimeOffsetPattern());
    for (const ok of [
      '2016-12-31T23:56:33.9571764-08:00',
      '2017-01-01T07:56:33.9571764Z',
      '2017-01-01T07:56:33.957Z',
      '2017-01-01T07:56Z',
      '2017-01-01T07:56:33.123456789012+14:00',
    ])
      expect(re.test(ok)).toBe(true);
    for (const bad of ['2016-12-31 23:56:33Z', '2016-12-31T23:56:33', '2016-13-01T00:00:00Z', ''])
      expect(re.test(bad)).toBe(false);
  });

  it('base64: standard alphabet with padding', () => {
    const re = new RegExp(BASE64_PATTERN);
    for (const ok of ['', 'eyJhIjoxfQ==', 'YWJj', 'YQ==']) expect(re.test(ok)).toBe(true);
    for (const bad of ['eyJhIjoxfQ', 'ab-_', '<Unknown Primitive Type Edm.Stream>']) expect(re.test(bad)).toBe(false);
  });

  it('Location: the created entity, by segment or by key', () => {
    const re = new RegExp(LOCATION_PATTERN);
    expect(re.test('http://127.0.0.1:1234/beta/officeConfiguration/clientConfigurations/abc-1')).toBe(true);
    expect(re.test("https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations('abc-1')")).toBe(true);
    expect(re.test('https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations')).toBe(false);
    expect(re.test('https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations/a/b')).toBe(false);
  });

  it('Content-Type: application/json with any parameters', () => {
    const re = new RegExp(JSON_CONTENT_TYPE_PATTERN);
    for (const ok of ['application/json', 'application/json; charset=utf-8', 'application/json;odata.metadata=minimal'])
      expect(re.test(ok)).toBe(true);
    for (const bad of ['text/plain; charset=utf-8', 'application/jsonx', 'application/problem+json'])
      expect(re.test(bad)).toBe(false);
  });

  it('id: any non-empty string', () => {
    const re = new RegExp(ID_PATTERN);
    expect(re.test('13a5ac73-ac73-13a5-73ac-a51373aca513')).toBe(true);
    expect(re.test('x')).toBe(true);
    expect(re.test('')).toBe(false);
  });
});
