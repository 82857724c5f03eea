import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validate } from '@readme/openapi-parser';
import { OPENAPI_FILE } from './loader';

describe('specs/openapi.yaml', () => {
  const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const ROOT = '/officeConfiguration/clientConfigurations';
  interface Op {
    operationId: string;
    requestBody?: { content: Record<string, { schema: { $ref: string } }> };
    responses: Record<
      string,
      { description?: string; $ref?: string; content?: Record<string, { schema: { $ref: string } }> }
    >;
  }
  const op = (path: string, method: string): Op => {
    const found = doc.paths[path]?.[method] as Op | undefined;
    if (!found) throw new Error(`openapi.yaml has no ${method} ${path}`);
    return found;
  };
  const codes = (o: Op): string[] => Object.keys(o.responses).sort();
  const ref = (media?: Record<string, { schema: { $ref: string } }>): string | undefined =>
    media?.['application/json']?.schema.$ref.replace('#/components/schemas/', '');

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

  test('has the assignments, assign and updatePriorities operations', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      ROOT,
      `${ROOT}/microsoft.graph.updatePriorities`,
      `${ROOT}/{id}`,
      `${ROOT}/{id}/assign`,
      `${ROOT}/{id}/assignments`,
      `${ROOT}/{id}/assignments/{assignmentId}`,
      `${ROOT}/{id}/microsoft.graph.assign`,
    ]);
    expect(Object.keys(doc.paths[`${ROOT}/{id}/assignments`] ?? {}).sort()).toEqual(['get', 'parameters', 'post']);
    expect(Object.keys(doc.paths[`${ROOT}/{id}/assignments/{assignmentId}`] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'patch',
    ]);
  });

  test('the new operations answer what the sources allow, with the error answers of the others', () => {
    const A = `${ROOT}/{id}/assignments`;
    const errors = ['400', '401', '404', 'default'];
    expect(codes(op(A, 'get'))).toEqual(['200', ...errors]);
    expect(ref(op(A, 'get').responses['200']?.content)).toBe('officeClientConfigurationAssignmentCollection');
    expect(codes(op(A, 'post'))).toEqual(['201', '400', '401', '404', '413', '415', 'default']);
    expect(ref(op(A, 'post').requestBody?.content)).toBe('officeClientConfigurationAssignmentCreateRequest');
    expect(ref(op(A, 'post').responses['201']?.content)).toBe('officeClientConfigurationAssignment');
    const item = `${A}/{assignmentId}`;
    expect(codes(op(item, 'get'))).toEqual(['200', ...errors]);
    expect(codes(op(item, 'patch'))).toEqual(['200', '204', ...errors]);
    expect(ref(op(item, 'patch').responses['200']?.content)).toBe('officeClientConfigurationAssignment');
    expect(op(item, 'patch').responses['204']?.content).toBeUndefined();
    expect(codes(op(item, 'delete'))).toEqual(['200', '204', ...errors]);
    const priorities = op(`${ROOT}/microsoft.graph.updatePriorities`, 'post');
    expect(codes(priorities)).toEqual(['200', '204', ...errors]);
    expect(ref(priorities.requestBody?.content)).toBe('updatePrioritiesRequest');
    expect(priorities.responses['200']?.content).toBeUndefined();
    for (const o of [op(A, 'get'), op(item, 'delete'), priorities])
      for (const e of errors) expect(o.responses[e]?.$ref).toBe('#/components/responses/error');
  });

  test('both assign paths carry the same operation, under two operationIds', () => {
    const plain = op(`${ROOT}/{id}/assign`, 'post');
    const qualified = op(`${ROOT}/{id}/microsoft.graph.assign`, 'post');
    expect({ ...plain, operationId: '' }).toEqual({ ...qualified, operationId: '' });
    expect(plain.operationId).not.toBe(qualified.operationId);
    expect(ref(plain.requestBody?.content)).toBe('assignRequest');
    expect(codes(plain)).toEqual(['200', '400', '401', '404', 'default']);
    expect(ref(plain.responses['200']?.content)).toBe('assignResponse');
  });

  test('operationIds are unique', () => {
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.entries(item)
        .filter(([k]) => k !== 'parameters')
        .map(([, v]) => (v as Op).operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
