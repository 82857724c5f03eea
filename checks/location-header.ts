import { asObject, isCreated, type Check } from './types';

export const locationHeader: Check = {
  id: 'location-header',
  rule: "A 201 carries a Location header naming the created entity (…/clientConfigurations/{id} or …/clientConfigurations('{id}')).",
  source: 'OData 4.01 Protocol 11.4.2 (MUST); the Graph example shows none: see specs/DERIVATION.md location-header',
  severity: (profile) => (profile === 'odata-strict' ? 'error' : 'warning'),
  appliesTo: isCreated,
  judge: (ex) => {
    const loc = ex.response.headers['location'];
    if (!loc) return ['the 201 response has no Location header'];
    const id = asObject(ex.response.json)?.['id'];
    if (typeof id !== 'string' || id === '') return [];
    let path: string;
    try {
      path = decodeURIComponent(new URL(loc, ex.request.url).pathname);
    } catch {
      return [`Location "${loc}" is not a URL`];
    }
    const ok = path.endsWith(`/clientConfigurations/${id}`) || path.endsWith(`/clientConfigurations('${id}')`);
    return ok ? [] : [`Location "${loc}" does not name the created entity ${id}`];
  },
};
