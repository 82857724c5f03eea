import { describeStatus, type Check } from './types';

export const authRequired: Check = {
  id: 'auth-required',
  rule: 'With a token configured, a request with no token and one with a wrong token both get 401.',
  source: 'create page request headers (Authorization: Bearer, required); RFC 6750 section 3.1',
  severity: () => 'error',
  appliesTo: (ex) => ex.kind === 'auth-missing' || ex.kind === 'auth-wrong',
  skippedBecause: () => 'no token configured (--token or GRAPH_TOKEN), so there is nothing to withhold',
  // A saved case sent no token (auth-missing) or a wrong one (auth-wrong): replay sends it the same way.
  replayAs: ({ request }) => ({ kind: request.headers['authorization'] ? 'auth-wrong' : 'auth-missing' }),
  judge: (ex) =>
    ex.response.status === 401
      ? []
      : [
          `a request with ${ex.kind === 'auth-missing' ? 'no' : 'a wrong'} token got ${describeStatus(ex.response)}, expected 401`,
        ],
};
