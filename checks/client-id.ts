import { asObject, describeStatus, isSuccess, type Check } from './types';

export const clientId: Check = {
  id: 'client-id',
  rule: 'A create body carrying an id the client chose is either refused with a 4xx or created under an id the server assigns (the client id ignored), never stored under the client id.',
  source:
    "Graph OpenAPI (microsoft.graph.entity id: 'Read-only.', i.e. computed by the service); OData 4.01 Protocol 11.4.2 (a non-insertable property sent anyway: the service MUST ignore it or fail the request); specs/DERIVATION.md required-table-lists-id",
  severity: () => 'error',
  // A 5xx or no answer is no-server-error's to judge.
  appliesTo: (ex) => ex.kind === 'client-id' && ex.response.status >= 200 && ex.response.status < 500,
  replayAs: () => ({ kind: 'client-id' }),
  judge: (ex) => {
    const s = ex.response.status;
    if (s >= 400 && s < 500) return [];
    if (!isSuccess(s))
      return [`the body with a client-chosen id got ${describeStatus(ex.response)}, expected 2xx or 4xx`];
    const id = asObject(ex.response.json)?.['id'];
    return id === ex.clientId
      ? [`the server stored the entity under the client-chosen id ${JSON.stringify(id)} instead of assigning one`]
      : [];
  },
};
