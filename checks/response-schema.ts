import { toSchemaErrors } from '../specs/loader';
import { isCreated, type Check } from './types';

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
      .map((e) => `${e.pointer || '/'}: ${e.message}`);
  },
};
