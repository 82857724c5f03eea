import fc from 'fast-check';
import { createRedactor, encodedForms, isSecretHeader, REDACTED, runSecrets } from './redact';

const SECRET = 'tok-5ecret-value';
const OTHER = 'x-api-secret-2';

/** The redactor as it was before it became copy-on-write: a full copy of everything. The oracle. */
function copyingRedactor(secrets: string[]): (v: unknown) => unknown {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  const standard = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
  const credentialParts = ['key', 'apikey', 'token', 'secret', 'password', 'passwd', 'session', 'signature'];
  const sensitive = {
    has: (name: string): boolean =>
      standard.has(name) ||
      name.includes('api-key') ||
      name.split(/[-_]/).some((p) => credentialParts.includes(p) || p === 'credential' || p === 'credentials'),
  };
  const scrub = (text: string): string => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
  const header = (value: string): string => {
    const scheme = /^(\w+)\s+/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  };
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key && sensitive.has(key.toLowerCase()) ? header(value) : scrub(value);
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[scrub(k)] = walk(v, k);
      return out;
    }
    return value;
  };
  return (v) => walk(v);
}

/** Strings that often hold a secret, a header name or __proto__. */
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(SECRET, OTHER, `Bearer ${SECRET}`, 'Bearer <redacted>', 'authorization', 'Cookie', '__proto__'),
  fc.tuple(fc.string(), fc.constantFrom(SECRET, OTHER), fc.string()).map((parts) => parts.join('')),
);
const key = fc.oneof(
  text,
  fc.constantFrom('authorization', 'Set-Cookie', 'x-api-key', 'proxy-authorization', 'cookie', '__proto__'),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true });
      return o;
    }),
  ),
}));

describe('createRedactor', () => {
  test('gives what the copying redactor gave, for any JSON-like value (own __proto__ keys included)', () => {
    for (const secrets of [[SECRET, OTHER], [SECRET], []]) {
      const redact = createRedactor(secrets);
      const oracle = copyingRedactor(secrets);
      fc.assert(
        fc.property(tree, (value) => {
          const before = JSON.stringify(value);
          const got = redact(value);
          const want = oracle(value);
          expect(JSON.stringify(got)).toBe(JSON.stringify(want));
          expect(got).toEqual(want);
          expect(JSON.stringify(value)).toBe(before); // the input is never changed
        }),
        { numRuns: 400, seed: 20240601 },
      );
    }
  });

  test('returns the same object when there is nothing to redact, and copies only the path to a change', () => {
    const redact = createRedactor([SECRET]);
    const body = { a: [1, 'two', { b: null }], c: { d: 'e' } };
    expect(redact(body)).toBe(body);
    const rec = { headers: { authorization: `Bearer ${SECRET}`, accept: 'application/json' }, body };
    const out = redact(rec);
    expect(out).not.toBe(rec);
    expect(out.headers).toEqual({ authorization: `Bearer ${REDACTED}`, accept: 'application/json' });
    expect(out.body).toBe(body);
    expect(rec.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  test('secrets in keys, nested strings and arrays are replaced; an own __proto__ key is handled as before', () => {
    const redact = createRedactor([SECRET]);
    const parsed = JSON.parse(`{"x":[{"${SECRET}":"a ${SECRET} b"}],"__proto__":{"polluted":"${SECRET}"}}`) as object;
    const out = redact(parsed);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out).toEqual(copyingRedactor([SECRET])(parsed));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('class instances and null-prototype objects are copied into plain objects, as before', () => {
    class Box {
      constructor(readonly v: string) {}
    }
    const redact = createRedactor([SECRET]);
    const bare = Object.assign(Object.create(null) as object, { k: 'v' });
    const out = redact({ box: new Box('plain'), bare });
    expect(out.box).not.toBeInstanceOf(Box);
    expect(out.box).toEqual({ v: 'plain' });
    expect(Object.getPrototypeOf(out.bare)).toBe(Object.prototype);
  });
});

describe('which headers are secrets', () => {
  test('credential headers by name, and the ones the user marks; other -H values are data', () => {
    for (const name of [
      'Authorization',
      'Cookie',
      'x-api-key',
      'api-key',
      'Ocp-Apim-Subscription-Key',
      'X-Auth-Token',
      'x_session_id',
    ])
      expect([name, isSecretHeader(name)]).toEqual([name, true]);
    for (const name of ['ConsistencyLevel', 'x-ms-client-request-id', 'Prefer', 'monkey', 'tokenizer'])
      expect([name, isSecretHeader(name)]).toEqual([name, false]);
    expect(isSecretHeader('X-Tenant', ['x-tenant'])).toBe(true);
  });

  test('-H "ConsistencyLevel: eventual" is not scrubbed; a credential header and a marked one are', () => {
    const secrets = runSecrets({
      token: 'tok-123456',
      headers: { ConsistencyLevel: 'eventual', 'x-api-key': 'k-987654', 'x-tenant': 'contoso-tenant' },
      secretHeaders: ['X-Tenant'],
    });
    const redact = createRedactor(secrets, ['X-Tenant']);
    const text = 'level eventual, key k-987654, tenant contoso-tenant, token tok-123456';
    expect(redact(text)).toBe(`level eventual, key ${REDACTED}, tenant ${REDACTED}, token ${REDACTED}`);
    expect(redact({ 'x-tenant': 'contoso-tenant', consistencylevel: 'eventual' })).toEqual({
      'x-tenant': REDACTED,
      consistencylevel: 'eventual',
    });
  });

  test('the credential after a scheme is scrubbed wherever it appears alone', () => {
    const redact = createRedactor(runSecrets({ headers: { 'Proxy-Authorization': 'Basic dXNlcjpwYXNz' } }));
    expect(redact('echoed dXNlcjpwYXNz')).toBe(`echoed ${REDACTED}`);
  });
});

describe('encoded forms of a secret', () => {
  const token = 'eyJ0+tok/en="q"?&ü';
  const forms = {
    plain: token,
    percent: encodeURIComponent(token),
    percentLower: encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    base64: Buffer.from(token).toString('base64'),
    base64NoPad: Buffer.from(token).toString('base64').replace(/=+$/, ''),
    base64url: Buffer.from(token).toString('base64url'),
    json: JSON.stringify(token).slice(1, -1),
  };

  test.each(Object.entries(forms))('a target echoing the token %s-encoded is scrubbed', (_, form) => {
    const redact = createRedactor([token]);
    const echoed = { text: `echo: ${form} (end)`, [form]: 'as a key', nested: [`x${form}y`] };
    const out = JSON.stringify(redact(echoed));
    for (const f of Object.values(forms)) expect(out).not.toContain(f);
    expect(out).toContain(REDACTED);
  });

  test('every form is listed once per secret, none shorter than 4 characters', () => {
    expect(new Set(encodedForms(token)).size).toBeGreaterThanOrEqual(6);
    expect(encodedForms('abcd')).toEqual(expect.arrayContaining(['abcd', 'YWJjZA==', 'YWJjZA']));
  });
});
