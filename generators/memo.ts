/** Build-once caches: arbitraries are built per distinct constraints, never per sample. */

/** JSON text with object keys sorted, so `{ a, b }` and `{ b, a }` share a cache entry. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Wraps a builder so each distinct (JSON) constraints object is built once per process; no constraints = `{}`. */
export function memoize<C extends object, T>(build: (constraints: C) => T): (constraints?: C) => T {
  const cache = new Map<string, T>();
  return (constraints?: C) => {
    const c = constraints ?? ({} as C);
    const key = stableKey(c);
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = build(c);
      cache.set(key, hit);
    }
    return hit;
  };
}
