import { clashAllows } from './lifecycle';
import { describeStatus, type Check } from './types';

export const status201: Check = {
  id: 'status-201',
  rule: 'A valid create answers 201 Created.',
  source: 'create page ("returns a 201 Created response code"); OData 4.01 Protocol 11.4.2',
  severity: () => 'error',
  // A 409 for a priority an earlier create of the run took is a refusal the --priority-clash reading may allow (the
  // pages: the priority "should be unique"); it is then not this rule's to judge.
  appliesTo: (ex, ctx) =>
    ex.kind === 'valid' && !(ex.priorityClash && clashAllows(ctx.priorityClash ?? 'either', 'refused')),
  judge: (ex) =>
    ex.response.status === 201
      ? []
      : [
          {
            message: `a valid create answered ${describeStatus(ex.response)}, expected 201${ex.priorityClash ? ' (its priority was taken by an earlier create; --priority-clash store demands it is stored)' : ''}`,
            expected: 201,
            actual: ex.response.status === 0 ? describeStatus(ex.response) : ex.response.status,
          },
        ],
};
