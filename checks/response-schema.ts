import { toSchemaErrors } from '../specs/loader';
import { isCreated, type Check, type Finding } from './types';

/** The value a JSON pointer names in a JSON value (undefined when there is none). */
export function valueAt(value: unknown, pointer: string): unknown {
  let at = value;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export const responseSchema: Check = {
  id: 'response-schema',
  rule: 'The 201 body validates against the derived response schema (specs/schemas/createResponse.schema.json).',
  source: 'windowsOfficeClientConfiguration resource page; OpenAPI slice; specs/DERIVATION.md',
  severity: () => 'error',
  appliesTo: isCreated,
  judge: (ex, ctx) => {
    if (ex.response.json === undefined) return ['the 201 body is not JSON'];
    if (ctx.specs.createResponse(ex.response.json)) return [];
    return toSchemaErrors(ctx.specs.createResponse.errors)
      .slice(0, 5)
      .map((e): Finding => {
        const f: Finding = { message: `${e.pointer || '/'}: ${e.message}`, pointer: e.pointer, expected: e.message };
        const actual = valueAt(ex.response.json, e.pointer);
        if (actual !== undefined) f.actual = actual;
        return f;
      });
  },
};
