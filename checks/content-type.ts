import { isCreated, type Check } from './types';

/** `application/json` with optional parameters (odata.metadata=minimal, charset=utf-8, ...). */
const JSON_TYPE = /^application\/json\s*(;.*)?$/i;

export const contentType: Check = {
  id: 'content-type',
  rule: 'The 201 body is labelled application/json (parameters allowed).',
  source: 'create page example response; OData JSON Format 4.01 section 3',
  severity: () => 'error',
  appliesTo: isCreated,
  judge: (ex) => {
    const ct = ex.response.headers['content-type'];
    if (ct === undefined) return ['the 201 response has no Content-Type header'];
    return JSON_TYPE.test(ct.trim()) ? [] : [`the 201 response is labelled "${ct}", expected application/json`];
  },
};
