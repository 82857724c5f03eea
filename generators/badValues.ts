/** Values that break one rule at one spot; which spot is the caller's choice (from the schema). */
import fc from 'fast-check';
import { INT32_MAX, INT32_MIN } from '../specs/edm';
import { streamPayload } from './streamPayload';
import { typeFamily, type JsonType, type SchemaInfo } from './schema';

/** Fresh copies, so no two cases share a mutable object. */
const fresh = <T>(...values: T[]): fc.Arbitrary<T> =>
  fc.constantFrom(...values).map((v) => (typeof v === 'object' ? (JSON.parse(JSON.stringify(v)) as T) : v));

const BY_TYPE: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fresh('5', 'true', '', '[]', '2016-12-31'),
  integer: fresh(0, 1, -1, 42, 1483228593),
  number: fresh(0.5, -2.25),
  boolean: fc.boolean(),
  object: fresh({}, { value: 1 }, { '@odata.type': '#microsoft.graph.officeUserCheckinSummary' }),
  array: fresh([], ['x'], [1, 2]),
};

/**
 * A non-null value of a JSON type the slot does not allow. Non-integral numbers are left to int32-fraction, so an
 * Int32 slot gets strings, booleans, objects or arrays. Undefined when the slot allows every type.
 */
export function wrongJsonType(info: SchemaInfo): fc.Arbitrary<unknown> | undefined {
  const allowed = new Set<JsonType>(info.types);
  if (allowed.has('number')) allowed.add('integer');
  if (allowed.has('integer')) allowed.add('number');
  const candidates = (Object.keys(BY_TYPE) as JsonType[]).filter((t) => !allowed.has(t)).map((t) => BY_TYPE[t]);
  return candidates.length > 0 ? fc.oneof(...candidates) : undefined;
}

/** Integers just past either Int32 bound, far past them, and beyond 2^53. */
export function int32Overflow(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(INT32_MAX + 1, INT32_MIN - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e20),
    fc.integer({ min: INT32_MAX + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: INT32_MIN - 1 }),
  );
}

/** Finite numbers inside the Int32 range that are not integers, so only the fraction is wrong. */
export function nonIntegral(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0.5, 1.5, -1.5, 2147483646.5, -2147483647.5, 1e-7, 3.14159),
    fc.double({ min: INT32_MIN, max: INT32_MAX, noNaN: true }).filter((x) => !Number.isInteger(x)),
  );
}

const OUTSIDE_BOTH_ALPHABETS = ['!', '*', '.', '$', '%', '?', '@', '~', 'é', '"', ':', '{', '\\'];

/**
 * Stream texts no base64 decoder should accept: the docs' placeholder, the JSON sent unencoded, a data: URI, and
 * valid base64 with a character from outside both the standard and the URL alphabet. Whitespace, '-' and '_' are
 * left out on purpose: lenient decoders (and base64url, the OpenAPI slice's format) accept them.
 */
export function invalidBase64(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant('<Unknown Primitive Type Edm.Stream>'),
    streamPayload().map((v) => v.json),
    streamPayload().map((v) => `data:application/json;base64,${v.text}`),
    fc.tuple(streamPayload(), fc.constantFrom(...OUTSIDE_BOTH_ALPHABETS), fc.nat()).map(([v, ch, i]) => {
      const at = i % (v.text.length + 1);
      return v.text.slice(0, at) + ch + v.text.slice(at);
    }),
  );
}

const identifier = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/);

/** @odata.type values that name no type any schema defines (checked against `known`, names without '#'). */
export function unknownTypeName(known: ReadonlySet<string>): fc.Arbitrary<string> {
  const names = [...known];
  const ns = (n: string): string => n.slice(0, n.lastIndexOf('.') + 1);
  const short = (n: string): string => n.slice(n.lastIndexOf('.') + 1);
  return fc
    .oneof(
      fc.constantFrom('#microsoft.graph.somethingElse', '#microsoft.graph.', '#', ''),
      fc
        .tuple(fc.constantFrom(...names), fc.constantFrom('V2', 'Base', 'Collection', 's'))
        .map(([n, s]) => `#${n}${s}`),
      fc.tuple(fc.constantFrom(...names), identifier).map(([n, id]) => `#${ns(n)}${id}`),
      fc.constantFrom(...names).map((n) => `#contoso.other.${short(n)}`),
    )
    .filter((v) => !known.has(v.replace(/^#/, '')));
}

/**
 * Defined type names outside the family of the slot's enum (not the declared type, not its base, not a type derived
 * from either), with or without '#'. Undefined when there is none.
 */
export function mismatchedTypeName(
  known: ReadonlySet<string>,
  allowed: readonly unknown[],
): fc.Arbitrary<string> | undefined {
  const ok = typeFamily(allowed.filter((v): v is string => typeof v === 'string'));
  const others = [...known].filter((n) => !ok.has(n));
  if (others.length === 0) return undefined;
  return fc.tuple(fc.constantFrom(...others), fc.boolean()).map(([n, hash]) => (hash ? `#${n}` : n));
}
