import { isLenient } from './profiles';
import { describeStatus, type Check } from './types';

export const rejectsInvalid: Check = {
  id: 'rejects-invalid',
  rule: 'Each invalid body gets a 4xx (not 2xx, not 5xx).',
  source: 'OData 4.01 Protocol 9.1.4 / 11.4.2; specs/schemas request schemas',
  severity: () => 'error',
  // A body a conforming service may accept in this profile is judged by lenient-input instead (a warning).
  appliesTo: (ex, ctx) =>
    ex.kind === 'invalid' && ex.invalid?.expectation === 'reject' && !isLenient(ctx.profile, ex.invalid.leniency),
  judge: (ex) => {
    const s = ex.response.status;
    return s >= 400 && s < 500
      ? []
      : [
          `a body breaking "${ex.invalid?.rule ?? '?'}" at ${ex.invalid?.pointer || '/'} got ${describeStatus(ex.response)}, expected 4xx`,
        ];
  },
};
