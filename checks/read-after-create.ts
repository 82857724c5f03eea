import { getComparer } from './echo-fields';
import { asObject, describeStatus, isCreated, type Check } from './types';

export const readAfterCreate: Check = {
  id: 'read-after-create',
  rule: 'GET {collection}/{id} after a create returns 200 and the same entity.',
  source: 'get page (200 OK and the object); OData 4.01 Protocol 11.2',
  severity: () => 'error',
  appliesTo: (ex) =>
    isCreated(ex) &&
    typeof asObject(ex.response.json)?.['id'] === 'string' &&
    asObject(ex.response.json)?.['id'] !== '',
  judge: (ex, ctx) => {
    const rb = ex.readBack;
    if (!rb) return ['the entity was not read back (the GET was not sent)'];
    if (rb.response.status !== 200)
      return [`GET ${rb.request.url} answered ${describeStatus(rb.response)}, expected 200`];
    const created = asObject(ex.response.json) ?? {};
    const read = asObject(rb.response.json);
    if (!read) return [`GET ${rb.request.url} did not answer a JSON object`];
    if (read['id'] !== created['id'])
      return [`GET returned id ${JSON.stringify(read['id'])}, the create returned ${JSON.stringify(created['id'])}`];
    const c = getComparer(ctx.specs.schemas);
    return c.compare(created, read, c.schemaForType(created['@odata.type'], 'response'), {
      skipReadOnly: false,
      missing: 'in the 201 body but not in the GET',
    });
  },
};
