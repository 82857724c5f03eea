/** JSON helpers of the reference implementation: nothing here recurses, and nothing writes through a prototype. */

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own, enumerable property. Unlike `obj[key] = value` or Object.assign, a key such as `__proto__` becomes a
 * plain own property and never reaches the object's prototype.
 */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A shallow copy made of own properties only (safe for `__proto__` keys), optionally leaving some keys out. */
export function copyOwn(source: JsonObject, omit: ReadonlyArray<string> = []): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(source)) if (!omit.includes(key)) setOwn(out, key, source[key]);
  return out;
}

/** Reads an own property only (never an inherited one such as `constructor`). */
export function getOwn(source: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

export function hasOwn(source: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(source, key);
}

/**
 * The deepest nesting of arrays and objects in a JSON text, counted without parsing (a single loop, so a text of a
 * million `[` cannot overflow the stack). Brackets inside strings do not count. Malformed text gives some number;
 * JSON.parse judges the syntax afterwards.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return max;
}
