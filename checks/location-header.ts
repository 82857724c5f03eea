import { asObject, isCreated, type Check } from './types';

/** A type-cast segment: a qualified type name (OData URL Conventions 4.01 section 4.11, "addressing derived types"). */
const TYPE_CAST = /^\/[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/**
 * Whether a decoded path addresses the entity: key as a segment (`/clientConfigurations/{id}`, URL Conventions 4.01
 * section 4.3.6), in parentheses (`('{id}')`) or named (`(id='{id}')`, section 4.3.1), optionally followed by a
 * type-cast segment naming the entity's type.
 */
export function namesEntity(path: string, id: string): boolean {
  const quoted = `'${id.replace(/'/g, "''")}'`;
  for (const key of [`/${id}`, `(${quoted})`, `(id=${quoted})`]) {
    const at = path.lastIndexOf(`/clientConfigurations${key}`);
    if (at < 0) continue;
    const rest = path.slice(at + `/clientConfigurations${key}`.length).replace(/\/$/, '');
    if (rest === '' || TYPE_CAST.test(rest)) return true;
  }
  return false;
}

function baseFor(url: string): string {
  try {
    return new URL(url).origin === 'null' ? 'http://target.invalid/' : url;
  } catch {
    return 'http://target.invalid/';
  }
}

export const locationHeader: Check = {
  id: 'location-header',
  rule: "A 201 carries a Location header naming the created entity (…/clientConfigurations/{id}, …('{id}') or …(id='{id}'), a type-cast segment allowed after it).",
  source:
    'OData 4.01 Protocol 11.4.2 (MUST); OData URL Conventions 4.01 sections 4.3.1, 4.3.6 and 4.11 (key forms, type cast); the Graph example shows none: see specs/DERIVATION.md location-header',
  severity: (profile) => (profile === 'odata-strict' ? 'error' : 'warning'),
  appliesTo: isCreated,
  judge: (ex) => {
    const loc = ex.response.headers['location'];
    if (!loc) return ['the 201 response has no Location header'];
    const id = asObject(ex.response.json)?.['id'];
    if (typeof id !== 'string' || id === '') return [];
    let path: string;
    try {
      // A relative reference is a valid Location (RFC 9110 section 10.2.2); an in-process target's recorded URL
      // (app:<label>/...) cannot serve as a base, so a neutral one stands in.
      path = decodeURIComponent(new URL(loc, baseFor(ex.request.url)).pathname);
    } catch {
      return [`Location "${loc}" is not a URL`];
    }
    return namesEntity(path, id) ? [] : [`Location "${loc}" does not name the created entity ${id}`];
  },
};
