import fc from 'fast-check';
import { validCreateBody } from '../generators';
import { bodyConstraints } from '../engine/run';
import { creatableTypes, resolveRunOptions } from './options';

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
