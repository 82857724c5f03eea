import * as generators from './index';

describe('generators/index', () => {
  test('exports the public API by name', () => {
    for (const name of [
      'validCreateBody',
      'invalidCreateBody',
      'arbitraryFromSchema',
      'dateTimeOffset',
      'streamPayload',
      'int32',
      'graphString',
      'odataTypeAnnotation',
    ] as const) {
      expect(typeof generators[name]).toBe('function');
    }
    expect(generators.INVALID_RULES.length).toBeGreaterThan(10);
    expect(generators.NAVIGATION_PROPERTIES).toEqual(['assignments']);
  });
});
