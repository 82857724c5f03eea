import { describeStatus, type Check } from './types';

export const status201: Check = {
  id: 'status-201',
  rule: 'A valid create answers 201 Created.',
  source: 'create page ("returns a 201 Created response code"); OData 4.01 Protocol 11.4.2',
  severity: () => 'error',
  appliesTo: (ex) => ex.kind === 'valid',
  judge: (ex) =>
    ex.response.status === 201
      ? []
      : [
          {
            message: `a valid create answered ${describeStatus(ex.response)}, expected 201`,
            expected: 201,
            actual: ex.response.status === 0 ? describeStatus(ex.response) : ex.response.status,
          },
        ],
};
