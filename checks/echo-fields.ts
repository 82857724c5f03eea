import { EchoComparer } from './compare';
import { settingsFor } from './profiles';
import { asObject, isCreated, type Check } from './types';

let comparer: EchoComparer | undefined;
let comparerFor: unknown;

/** One comparer per schema set: it only reads the schemas. */
export function getComparer(schemas: ReadonlyMap<string, Record<string, unknown>>): EchoComparer {
  if (!comparer || comparerFor !== schemas) {
    comparer = new EchoComparer(schemas);
    comparerFor = schemas;
  }
  return comparer;
}

export const echoFields: Check = {
  id: 'echo-fields',
  rule: "Every property sent comes back equal: DateTimeOffset by instant at the profile's precision (graph-docs 7 fractional digits, rounded or truncated; odata-strict 12), Stream by decoded bytes (base64 or base64url) or not inline at all, arrays in order, nested objects recursively; a null sent may come back null or absent.",
  source:
    'create page ("returns ... a windowsOfficeClientConfiguration object"); OData 4.01 Protocol 11.4.2 (the response contains the created entity); CSDL 4.01 section 7.2.3 (Precision); OData JSON Format 4.01 section 8.4 (stream properties as media links)',
  severity: () => 'error',
  appliesTo: isCreated,
  judge: (ex, ctx) => {
    const sent = asObject(ex.request.body);
    const got = asObject(ex.response.json);
    if (!sent) return [];
    if (!got) return ['the 201 body is not a JSON object'];
    const c = getComparer(ctx.specs.schemas);
    return c.compare(sent, got, c.schemaForType(sent['@odata.type'], 'request'), {
      skipReadOnly: true,
      missing: 'sent but not echoed',
      dateTimePrecision: settingsFor(ctx.profile).dateTimePrecision,
    });
  },
};
