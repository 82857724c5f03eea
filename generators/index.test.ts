import { schemaFile } from './schema';
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
    // The docs' Relationships table lists one navigation property, and derive marks it in the schemas.
    for (const file of [
      'windowsOfficeClientConfiguration.request.schema.json',
      'officeClientConfiguration.schema.json',
    ])
      expect(generators.navigationProperties(schemaFile(file))).toEqual(['assignments']);
  });
});
