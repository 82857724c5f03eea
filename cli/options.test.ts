import fc from 'fast-check';
import { validCreateBody } from '../generators';
import { bodyConstraints } from '../engine/run';
import { SuiteError } from '../engine/errors';
import { MUTANT_NAMES } from '../targets/mutants';
import { CONFIG_KEYS, creatableTypes, resolveRunOptions, type RawRunOptions } from './options';

describe('generation options (flags and config file)', () => {
  test('flags win over the config file; defaults leave the generation unset', () => {
    expect(resolveRunOptions({}, undefined, {}).options.generation).toBeUndefined();
    const config = { maxFractionDigits: 7, streams: false, longStrings: false, types: ['any'] };
    expect(resolveRunOptions({}, config, {}).options.generation).toEqual({
      maxFractionDigits: 7,
      streams: false,
      longStrings: false,
      types: ['any'],
    });
    const flags = { maxFractionDigits: '3', types: 'windowsOfficeClientSecurityConfiguration' };
    expect(resolveRunOptions(flags, config, {}).options.generation).toEqual({
      maxFractionDigits: 3,
      streams: false,
      longStrings: false,
      types: ['windowsOfficeClientSecurityConfiguration'],
    });
  });

  test.each([
    [{ maxFractionDigits: '13' }, /max-fraction-digits must be a whole number from 0 to 12/],
    [{ types: 'windowsOfficeClient' }, /unknown creatable type "windowsOfficeClient"/],
    [{ streams: 'no' as unknown as boolean }, /"streams" must be true or false/],
  ])('refuses %j with a hint', (raw, message) => {
    expect(() => resolveRunOptions(raw, undefined, {})).toThrow(message);
  });

  test('the generators honour them: no streams, short fractions, every creatable type', () => {
    expect(creatableTypes().sort()).toEqual([
      'windowsOfficeClientConfiguration',
      'windowsOfficeClientSecurityConfiguration',
    ]);
    const bodies = fc.sample(
      validCreateBody(bodyConstraints({ streams: false, maxFractionDigits: 2, types: ['any'], longStrings: false })),
      { numRuns: 300, seed: 9 },
    );
    const text = JSON.stringify(bodies);
    expect(text).not.toMatch(/"(policyPayload|userPreferencePayload)"/);
    expect(text).not.toMatch(/:\d{2}\.\d{3,}(Z|[+-])/);
    expect(new Set(bodies.map((b) => b['@odata.type']))).toEqual(
      new Set([
        '#microsoft.graph.windowsOfficeClientConfiguration',
        '#microsoft.graph.windowsOfficeClientSecurityConfiguration',
      ]),
    );
    expect(Math.max(...bodies.map((b) => String(b['displayName'] ?? '').length))).toBeLessThan(1000);
    const defaults = JSON.stringify(fc.sample(validCreateBody(), { numRuns: 300, seed: 9 }));
    expect(defaults).toMatch(/"policyPayload"/);
  });
});

/** The SuiteError resolveRunOptions throws for these options (fails the test when it throws none). */
function refusal(flags: RawRunOptions, config?: RawRunOptions): SuiteError {
  try {
    resolveRunOptions(flags, config, {});
  } catch (e) {
    if (e instanceof SuiteError) return e;
    throw e;
  }
  throw new Error(`resolveRunOptions accepted ${JSON.stringify(flags)}`);
}

describe('--target: the service root only', () => {
  test.each([
    ['a query', 'https://graph.example.test/beta?$select=id', /query/],
    ['an empty query', 'https://graph.example.test/beta?', /query/],
    ['a fragment', 'https://graph.example.test/beta#x', /fragment/],
  ])('refuses %s: bad-target-url, with a hint naming the service root', (_what, target, why) => {
    const e = refusal({ target });
    expect(e.code).toBe('bad-target-url');
    expect(e.message).toMatch(why);
    expect(e.hint).toContain('service root');
    expect(e.hint).toMatch(/query options are the suite's to send/);
  });

  test.each([
    'https://alice:s3cr3t-pw@graph.example.test/beta',
    'https://alice@graph.example.test/beta',
    'http://:s3cr3t-pw@127.0.0.1:8080/beta',
    'https://alice:s3cr3t-pw@graph.example.test/beta?x=1',
  ])('refuses credentials in %s without printing them', (target) => {
    const e = refusal({ target });
    expect(e.code).toBe('bad-target-url');
    expect(e.message).toMatch(/credentials/);
    expect(e.hint).toMatch(/--token or GRAPH_TOKEN/);
    expect(`${e.message} ${e.hint ?? ''}`).not.toMatch(/s3cr3t-pw|alice/);
    expect(e.message).toContain('<redacted>@');
  });

  test('query values and the fragment are not printed (they may hold a signature); the hint names the root', () => {
    const e = refusal({ target: 'https://store.example.test/beta/?sv=2024&sig=T0P-S1GNATURE#tok-XYZ' });
    expect(`${e.message} ${e.hint ?? ''}`).not.toMatch(/T0P-S1GNATURE|tok-XYZ|2024/);
    expect(e.message).toContain('?sv=<redacted>&sig=<redacted>#<redacted>');
    expect(e.hint).toContain('--target https://store.example.test/beta/;');
  });

  test('from the config file too', () => {
    expect(refusal({}, { target: 'http://127.0.0.1:8080/beta?tenant=x' }).code).toBe('bad-target-url');
  });

  test('a plain service root passes, with or without a trailing slash', () => {
    for (const target of ['http://127.0.0.1:8080/beta', 'https://graph.example.test/beta/', 'http://localhost:1'])
      expect(resolveRunOptions({ target }, undefined, {}).options.target).toEqual({ kind: 'url', url: target });
  });

  test('a string that is not an http(s) URL is refused before anything starts, credentials hidden', () => {
    const e = refusal({ target: 'ftp://bob:hunter22@files.example.test/beta' });
    expect(e.code).toBe('bad-target-url');
    expect(e.message).not.toContain('hunter22');
    expect(refusal({ target: 'not a url' }).code).toBe('bad-target-url');
  });
});

describe('--mutant: a known name', () => {
  test('an unknown name is unknown-mutant with every known name in the hint', () => {
    const e = refusal({ mutant: 'nope' });
    expect(e.code).toBe('unknown-mutant');
    expect(e.message).toContain('"nope"');
    for (const name of MUTANT_NAMES) expect(e.hint).toContain(name);
  });

  test('a known name resolves', () => {
    expect(resolveRunOptions({ mutant: 'get-after-create' }, undefined, {}).mutant).toBe('get-after-create');
  });
});

describe('--secret-header / secretHeaders', () => {
  test('names -H headers whose values are secret; flags and config file are joined', () => {
    const r = resolveRunOptions(
      { header: ['X-Api-Secret: abc123', 'X-Tenant: t1'], secretHeader: ['X-Api-Secret'] },
      { headers: { 'X-Session-Ref': 'zz-top' }, secretHeaders: ['x-session-ref'] },
      {},
    );
    expect(r.options.secretHeaders?.slice().sort()).toEqual(['x-api-secret', 'x-session-ref']);
    expect(resolveRunOptions({ header: ['X-A: 1'] }, undefined, {}).options.secretHeaders).toBeUndefined();
  });

  test('a name that is not a header name is bad-header', () => {
    const e = refusal({ header: ['X-A: 1'], secretHeader: ['X A'] });
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('"X A"');
    expect(e.hint).toBeDefined();
    expect(refusal({}, { secretHeaders: 'X-A' as unknown as string[] }).code).toBe('bad-option');
  });

  test('a name no -H header has is refused (a typo would leave the secret in the reports)', () => {
    const e = refusal({ header: ['X-Api-Secret: abc123'], secretHeader: ['X-Api-Secrte'] });
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('X-Api-Secrte');
    expect(e.hint).toContain('-H');
  });

  test('secretHeaders is a config-file key', () => {
    expect(CONFIG_KEYS).toContain('secretHeaders');
  });
});

describe('waiting on a real service', () => {
  test('--max-throttle-wait and --read-back-wait reach the run options; bad values are refused', () => {
    const r = resolveRunOptions({ maxThrottleWait: '2500', readBackWait: '0' }, undefined, {});
    expect(r.options.throttle).toEqual({ maxWaitMs: 2500 });
    expect(r.options.readBackWaitMs).toBe(0);
    expect(() => resolveRunOptions({ readBackWait: '-1' }, undefined, {})).toThrow(/read-back-wait/);
    const d = resolveRunOptions({}, undefined, {});
    expect(d.options.throttle).toBeUndefined();
    expect(d.options.readBackWaitMs).toBeUndefined();
  });
});
