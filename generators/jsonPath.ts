/** Paths through a schema (steps) and through a value (keys), and copy-on-write edits along them. */

/** One step down a schema: a named property, any item of an array, or one branch of an anyOf/oneOf. */
export type Step = { prop: string } | { item: true } | { branch: number };

/** A concrete place in a value: property names and array indexes. */
export type Keys = ReadonlyArray<string | number>;

/** RFC 6901 pointer, escaped the way ajv writes instancePath. */
export function toPointer(keys: Keys): string {
  return keys.map((k) => '/' + String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The keys a schema path takes through a value that reaches it; `pick` chooses the array index (modulo the length).
 * Undefined when the value does not reach the path.
 */
export function keysAlong(value: unknown, steps: readonly Step[], pick: number): Keys | undefined {
  const keys: Array<string | number> = [];
  let at: unknown = value;
  for (const step of steps) {
    if ('branch' in step) continue;
    if ('item' in step) {
      if (!Array.isArray(at) || at.length === 0) return undefined;
      const i = pick % at.length;
      keys.push(i);
      at = at[i] as unknown;
    } else {
      if (typeof at !== 'object' || at === null || Array.isArray(at) || !(step.prop in at)) return undefined;
      keys.push(step.prop);
      at = (at as Record<string, unknown>)[step.prop];
    }
  }
  return keys;
}

function shallowCopy(v: unknown): Record<string | number, unknown> {
  return (Array.isArray(v) ? [...(v as unknown[])] : { ...(v as Record<string, unknown>) }) as Record<
    string | number,
    unknown
  >;
}

/**
 * A copy of `root` with `edit` applied to the container holding the last key. Only containers on the path are
 * copied: generated values may share structure with their shrinks, so they are never changed in place.
 */
export function editAt(
  root: unknown,
  keys: Keys,
  edit: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const last = keys[keys.length - 1];
  if (last === undefined) throw new Error('editAt: empty path');
  const top = shallowCopy(root);
  let parent = top;
  for (const k of keys.slice(0, -1)) {
    const child = shallowCopy(parent[k]);
    parent[k] = child;
    parent = child;
  }
  edit(parent, last);
  return top;
}

export function setAt(root: unknown, keys: Keys, value: unknown): unknown {
  return editAt(root, keys, (p, k) => {
    p[k] = value;
  });
}

export function removeAt(root: unknown, keys: Keys): unknown {
  return editAt(root, keys, (p, k) => {
    delete p[k];
  });
}

/** The value an RFC 6901 pointer names in `value` ('' is the value itself); undefined when it names nothing. */
export function valueAt(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let at: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
