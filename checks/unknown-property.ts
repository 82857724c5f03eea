import { describeStatus, type Check } from './types';

export const unknownProperty: Check = {
  id: 'unknown-property',
  rule: 'A body with an undeclared property is rejected with a 4xx.',
  source: 'OData 4.01 JSON Format section 4.5 (undeclared properties only on open types); servers differ, so a warning',
  severity: () => 'warning',
  appliesTo: (ex) => ex.kind === 'invalid' && ex.invalid?.expectation === 'warn',
  skippedBecause: () => 'no case sent an undeclared property',
  // Undeclared properties may be ignored or refused: the case is judged as a warning, not a required rejection.
  replayAs: () => ({ kind: 'invalid', expectation: 'warn' }),
  judge: (ex) => {
    const s = ex.response.status;
    return s >= 400 && s < 500
      ? []
      : [
          `a body with the undeclared property ${ex.invalid?.pointer ?? '?'} got ${describeStatus(ex.response)}, expected 4xx`,
        ];
  },
};
