import { toSchemaErrors } from '../specs/loader';
import type { Check } from './types';

export const errorShape: Check = {
  id: 'error-shape',
  rule: 'Every 4xx body is the OData error shape {"error":{"code","message"}} with a non-empty code.',
  source: 'OData JSON Format 4.01 section 21; Graph error responses',
  severity: () => 'error',
  appliesTo: (ex) => ex.response.status >= 400 && ex.response.status < 500,
  judge: (ex, ctx) => {
    if (ex.response.json === undefined) return [`the ${ex.response.status} body is not JSON`];
    if (ctx.specs.odataError(ex.response.json)) return [];
    return toSchemaErrors(ctx.specs.odataError.errors)
      .slice(0, 3)
      .map((e) => `the ${ex.response.status} body: ${e.pointer || '/'} ${e.message}`);
  },
};
