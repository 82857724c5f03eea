import { asObject, isCreated, type Check } from './types';

export const serverAssignedId: Check = {
  id: 'server-assigned-id',
  rule: 'The 201 body has a non-empty string id, different for every create in the run.',
  source: 'officeClientConfiguration resource page (id is the key); specs/DERIVATION.md required-table-lists-id',
  severity: () => 'error',
  appliesTo: isCreated,
  // Its rule is about ids across creates: a replayed case is sent twice.
  replaySends: 2,
  judge: (ex, ctx) => {
    const id = asObject(ex.response.json)?.['id'];
    if (id === undefined) return ['the 201 body has no id'];
    if (typeof id !== 'string' || id.length === 0)
      return [`the 201 body's id is ${JSON.stringify(id)}, expected a non-empty string`];
    const first = ctx.seenIds.get(id);
    return first === undefined ? [] : [`id "${id}" was already returned for case ${first}`];
  },
};
