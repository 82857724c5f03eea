import { asObject, describeStatus, isSuccess, type Check } from './types';

export const locationReadable: Check = {
  id: 'location-readable',
  rule: 'When a 201 carries a Location under the service root, a GET of it (sent once per run) answers 2xx with the created entity (the same id).',
  source:
    'RFC 9110 section 15.3.2 (201: the new resource is identified by the Location header) and 10.2.2; OData 4.01 Protocol 11.4.2 (Location: the edit URL of the created entity)',
  severity: () => 'error',
  appliesTo: (ex) => ex.locationRead !== undefined,
  judge: (ex) => {
    const read = ex.locationRead;
    if (!read) return [];
    const location = ex.response.headers['location'] ?? '';
    if (!isSuccess(read.response.status))
      return [
        `GET of the Location "${location}" answered ${describeStatus(read.response)}, expected 2xx with the entity`,
      ];
    const want = asObject(ex.response.json)?.['id'];
    const got = asObject(read.response.json)?.['id'];
    if (got !== want)
      return [
        `GET of the Location "${location}" returned id ${JSON.stringify(got)}, the create returned ${JSON.stringify(want)}`,
      ];
    return [];
  },
};
