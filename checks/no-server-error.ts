import type { Check } from './types';

export const noServerError: Check = {
  id: 'no-server-error',
  rule: 'No request, valid or invalid, gets a 5xx.',
  source: 'RFC 9110 section 15.6 (5xx means the server failed); Graph error guidance',
  severity: () => 'error',
  appliesTo: () => true,
  judge: (ex) => (ex.response.status >= 500 ? [`answered ${ex.response.status} to a ${ex.kind} request`] : []),
};
