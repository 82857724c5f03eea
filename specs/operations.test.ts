import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  ASSIGN_PARAMETERS,
  ASSIGN_SEGMENTS,
  ASSIGNMENTS_SEGMENT,
  COLLECTION_PATH,
  OPERATIONS,
  UPDATE_PRIORITIES_PARAMETERS,
  UPDATE_PRIORITIES_SEGMENTS,
} from './generated/operations';
import { loadSpecs, OPENAPI_FILE } from './loader';

describe('specs/generated/operations.ts', () => {
  const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  };

  test('names the segments and parameters the pages and the slice give', () => {
    expect(COLLECTION_PATH).toBe('/officeConfiguration/clientConfigurations');
    expect(ASSIGNMENTS_SEGMENT).toBe('assignments');
    expect(ASSIGN_SEGMENTS).toEqual(['assign', 'microsoft.graph.assign']);
    expect(UPDATE_PRIORITIES_SEGMENTS).toEqual([
      'microsoft.graph.updatePriorities',
      'updatePriorities',
      'microsoft.management.services.api.updatePriorities',
    ]);
    expect(ASSIGN_PARAMETERS).toEqual(['officeConfigurationAssignments']);
    expect(UPDATE_PRIORITIES_PARAMETERS).toEqual(['officeConfigurationPolicyIds', 'officeConfigurationPriorities']);
  });

  test('lists exactly the operations of openapi.yaml, with their operationIds and success codes', () => {
    const inDoc = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => method !== 'parameters')
        .map(([method, o]) => ({
          key: `${method.toUpperCase()} ${path}`,
          operationId: o.operationId,
          statuses: Object.keys(o.responses ?? {})
            .filter((c) => /^2\d\d$/.test(c))
            .map(Number),
        })),
    );
    const listed = OPERATIONS.map((o) => ({
      key: `${o.method} ${o.path}`,
      operationId: o.operationId,
      statuses: [...o.statuses],
    }));
    const byKey = (a: { key: string }, b: { key: string }): number => a.key.localeCompare(b.key);
    expect(listed.sort(byKey)).toEqual(inDoc.sort(byKey));
  });

  test('every schema file it names is compiled by the loader', () => {
    const { schemas } = loadSpecs();
    for (const o of OPERATIONS)
      for (const file of [o.requestSchema, o.responseSchema].filter((f): f is string => f !== undefined))
        expect([o.operationId, schemas.has(file)]).toEqual([o.operationId, true]);
  });

  test('every documented operation names the pages it comes from', () => {
    for (const o of OPERATIONS) expect(o.pages.length).toBeGreaterThan(0);
    const assign = OPERATIONS.filter((o) => o.kind === 'action' && o.path.endsWith('assign'));
    expect(assign.map((o) => o.path.split('/').pop())).toEqual([...ASSIGN_SEGMENTS].sort());
  });
});
