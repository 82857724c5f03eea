import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validate } from '@readme/openapi-parser';
import { OPENAPI_FILE } from './loader';

describe('specs/openapi.yaml', () => {
  const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, unknown>> };

  test('passes a real OpenAPI validator', async () => {
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
    expect(result.valid).toBe(true);
  });

  test('has the collection and item operations', () => {
    expect(Object.keys(doc.paths['/officeConfiguration/clientConfigurations'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/officeConfiguration/clientConfigurations/{id}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'patch',
    ]);
  });
});
