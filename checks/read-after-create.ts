import { getComparer } from './echo-fields';
import { settingsFor } from './profiles';
import { asObject, describeStatus, isCreated, type Check, type Verdict } from './types';

const bare = (t: unknown): unknown => (typeof t === 'string' ? t.replace(/^#/, '') : t);

export const readAfterCreate: Check = {
  id: 'read-after-create',
  rule: "GET {collection}/{id} after a create returns 200 and the same entity: the same type (@odata.type; odata-strict also requires it to be there) and the same values, compared like echo-fields at the profile's precision.",
  source:
    'get page (200 OK and the object); OData 4.01 Protocol 11.2; OData JSON Format 4.01 section 4.5.3 (the type annotation appears when the instance is of a derived type)',
  severity: () => 'error',
  appliesTo: (ex) =>
    isCreated(ex) &&
    typeof asObject(ex.response.json)?.['id'] === 'string' &&
    asObject(ex.response.json)?.['id'] !== '',
  skippedBecause: () => 'no 2xx create answer carried an id to read back',
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
    const settings = settingsFor(ctx.profile);
    const out: Verdict[] = [];
    const createdType = created['@odata.type'];
    const readType = read['@odata.type'];
    if (readType === undefined) {
      if (settings.readBackTypeRequired && createdType !== undefined)
        out.push(
          `GET answered no @odata.type; the 201 body named ${JSON.stringify(createdType)} (required in ${ctx.profile})`,
        );
    } else if (createdType !== undefined && bare(readType) !== bare(createdType))
      out.push(
        `GET answered @odata.type ${JSON.stringify(readType)}, the 201 body named ${JSON.stringify(createdType)}`,
      );
    const c = getComparer(ctx.specs.schemas);
    out.push(
      ...c.compare(created, read, c.schemaForType(createdType, 'response'), {
        skipReadOnly: false,
        missing: 'in the 201 body but not in the GET',
        dateTimePrecision: settings.dateTimePrecision,
      }),
    );
    return out;
  },
};
