import { isLenient } from './profiles';
import { type Check } from './types';

/** Statuses that say "this body is wrong": the ones a malformed create body should get. */
export const BODY_REJECTION_STATUSES: readonly number[] = [400, 413, 415, 422];

export const rejectionStatus: Check = {
  id: 'rejection-status',
  rule: 'An invalid body refused with a 4xx gets one that blames the body: 400, 413, 415 or 422 (a 404, 405 or 401 points at the URL or the token, not the body).',
  source:
    'RFC 9110 sections 15.5.1 (400), 15.5.14 (413), 15.5.16 (415), 15.5.21 (422); Microsoft Graph error responses (400 Bad Request for a malformed request); a warning: any 4xx is a rejection',
  severity: () => 'warning',
  appliesTo: (ex, ctx) =>
    ex.kind === 'invalid' &&
    ex.invalid?.expectation === 'reject' &&
    !isLenient(ctx.profile, ex.invalid.leniency) &&
    ex.response.status >= 400 &&
    ex.response.status < 500,
  judge: (ex) =>
    BODY_REJECTION_STATUSES.includes(ex.response.status)
      ? []
      : [
          `a body breaking "${ex.invalid?.rule ?? '?'}" got ${ex.response.status}; a malformed body is answered 400, 413, 415 or 422`,
        ],
};
