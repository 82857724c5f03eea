import fc from 'fast-check';
import { stableKey } from './memo';
import type { Step } from './jsonPath';
import {
  ODATA_TYPE,
  branchesOf,
  deref,
  dispatchOf,
  infoOf,
  isObject,
  propertiesOf,
  requiredOf,
  schemaFile,
  type JsonType,
  type Schema,
  type SchemaInfo,
} from './schema';
import { int32 } from './int32';
import { dateTimeOffset } from './dateTimeOffset';
import { streamPayload } from './streamPayload';
import { graphString } from './graphString';
import { odataTypeAnnotation, type ODataTypeSpelling } from './odataTypeAnnotation';

export interface ArbitraryFromSchemaConstraints {
  /** Properties of the root object never generated (navigation properties, say). */
  omitProperties?: readonly string[];
  /**
   * Generate readOnly properties (id, lastModifiedDateTime) too; default false, since a client never sends them.
   * A readOnly property the schema requires (response schemas require id) is generated either way.
   */
  includeReadOnly?: boolean;
  /** Properties of the root object always present with this value (the create body's @odata.type). */
  fixed?: Readonly<Record<string, unknown>>;
  /** A path every value reaches: properties on it are present, arrays on it non-empty, anyOf branches chosen. */
  reach?: readonly Step[];
  /** Spelling of @odata.type annotations below the root fixed ones; default 'any'. */
  odataType?: ODataTypeSpelling;
  /** Longest generated array; default 3 (the schemas set no maxItems; longer arrays only cost time). */
  maxItems?: number;
  /** Let strings run to thousands of characters; default true. */
  longStrings?: boolean;
  /** Most fractional-second digits in generated DateTimeOffsets (0 to 12); default 12, the ABNF's limit. */
  maxFractionDigits?: number;
}

type Arb = fc.Arbitrary<unknown>;
type Constraints = ArbitraryFromSchemaConstraints;

/** Stands for "key left out" inside the record tuple; never escapes. */
const ABSENT: unique symbol = Symbol('absent');

const cache = new WeakMap<Schema, Map<string, Arb>>();
const inProgress = new WeakMap<Schema, Set<string>>();

/**
 * A fast-check arbitrary for every value a JSON Schema (2020-12, as specs/ derives them) accepts, built once per
 * schema and constraints. `schema` is a schema object or a file name in specs/schemas. Handles $ref by file name,
 * type lists with null, enum/const, integers (Int32 by format or bounds), strings (date-time and base64 by their
 * format/contentEncoding), arrays, objects (required vs optional, readOnly left out) and anyOf/oneOf; a root with an
 * if/then dispatch (createRequest) yields each `then` schema with its discriminator fixed. Throws on a format or
 * construct it cannot honour, so a spec change is noticed rather than silently mis-generated.
 */
export function arbitraryFromSchema(schema: Schema | string, constraints: Constraints = {}): Arb {
  return build(typeof schema === 'string' ? schemaFile(schema) : schema, constraints);
}

function build(schema: Schema, c: Constraints): Arb {
  const key = stableKey(c);
  let perSchema = cache.get(schema);
  if (!perSchema) cache.set(schema, (perSchema = new Map()));
  const hit = perSchema.get(key);
  if (hit) return hit;
  let busy = inProgress.get(schema);
  if (!busy) inProgress.set(schema, (busy = new Set()));
  if (busy.has(key)) throw new Error(`arbitraryFromSchema: recursive schema ${String(schema['$id'] ?? '')}`);
  busy.add(key);
  try {
    const arb = create(schema, c);
    perSchema.set(key, arb);
    return arb;
  } finally {
    busy.delete(key);
  }
}

/** Constraints for a nested value: root-only options dropped, the rest of the path kept. */
function inner(c: Constraints, reach: readonly Step[] | undefined): Constraints {
  return {
    ...(c.odataType !== undefined ? { odataType: c.odataType } : {}),
    ...(c.maxItems !== undefined ? { maxItems: c.maxItems } : {}),
    ...(c.longStrings !== undefined ? { longStrings: c.longStrings } : {}),
    ...(c.maxFractionDigits !== undefined ? { maxFractionDigits: c.maxFractionDigits } : {}),
    ...(c.includeReadOnly !== undefined ? { includeReadOnly: c.includeReadOnly } : {}),
    ...(reach && reach.length > 0 ? { reach } : {}),
  };
}

function create(schema: Schema, c: Constraints): Arb {
  if (typeof schema['$ref'] === 'string') return build(deref(schema), c);
  const [next, ...rest] = c.reach ?? [];
  const branches = branchesOf(schema);
  if (branches) {
    if (next && 'branch' in next) {
      const chosen = branches[next.branch];
      if (!chosen) throw new Error(`arbitraryFromSchema: no branch ${next.branch}`);
      return build(chosen, inner(c, rest));
    }
    if (next) throw new Error('arbitraryFromSchema: a path through anyOf/oneOf must name the branch');
    return fc.oneof(...branches.map((b) => build(b, inner(c, undefined))));
  }
  if (next && 'branch' in next) throw new Error('arbitraryFromSchema: branch step on a schema without anyOf/oneOf');
  const dispatch = dispatchOf(schema);
  if (dispatch.length > 0) return dispatched(schema, c);
  if ('const' in schema) return fc.constant(schema['const']);
  const info = infoOf(schema);
  if (info.enum) return fc.constantFrom(...info.enum);
  const wanted: readonly JsonType[] = !next ? info.types : 'item' in next ? ['array'] : ['object'];
  const arbs = info.types.filter((t) => wanted.includes(t)).map((t) => typed(t, schema, info, c, next, rest));
  if (arbs.length === 0 && !info.nullable) throw new Error(`arbitraryFromSchema: nothing to generate (or reach)`);
  const first = arbs[0];
  const value: Arb = arbs.length === 0 ? fc.constant(null) : arbs.length === 1 && first ? first : fc.oneof(...arbs);
  return info.nullable && !next && arbs.length > 0 ? fc.option(value, { nil: null, freq: 5 }) : value;
}

/** createRequest style: `allOf: [{ if: { properties: { k: { enum } } }, then }]`, one arbitrary per listed value. */
function dispatched(schema: Schema, c: Constraints): Arb {
  const own = propertiesOf(schema);
  const arbs: Arb[] = [];
  for (const d of dispatchOf(schema)) {
    const allowed = own[d.key]?.['enum'];
    for (const v of d.values) {
      if (Array.isArray(allowed) && !allowed.includes(v)) continue;
      if (c.odataType === 'hash' && d.key === ODATA_TYPE && !v.startsWith('#')) continue;
      if (c.odataType === 'bare' && d.key === ODATA_TYPE && v.startsWith('#')) continue;
      arbs.push(build(deref(d.then), { ...c, fixed: { ...c.fixed, [d.key]: v } }));
    }
  }
  return fc.oneof(...arbs);
}

function typed(t: JsonType, s: Schema, info: SchemaInfo, c: Constraints, next: Step | undefined, rest: Step[]): Arb {
  const num = (k: string): number | undefined => (typeof s[k] === 'number' ? s[k] : undefined);
  switch (t) {
    case 'object':
      return objectOf(s, c, next, rest);
    case 'array':
      return arrayOf(s, c, next !== undefined, rest);
    case 'string':
      return stringOf(s, info, c);
    case 'integer':
      if (info.int32) return int32({ ...optional('min', num('minimum')), ...optional('max', num('maximum')) });
      return fc.integer({
        min: Math.max(num('minimum') ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
        max: Math.min(num('maximum') ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        ...optional('min', num('minimum')),
        ...optional('max', num('maximum')),
      });
    case 'boolean':
      return fc.boolean();
  }
}

function optional<K extends string>(k: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [k]: v } as Record<K, number>);
}

function stringOf(s: Schema, info: SchemaInfo, c: Constraints): Arb {
  if (info.format !== undefined) {
    // The loader defines `date-time` as Edm.DateTimeOffset, which is richer than RFC 3339.
    if (info.format === 'date-time')
      return dateTimeOffset(c.maxFractionDigits !== undefined ? { maxFractionDigits: c.maxFractionDigits } : {}).map(
        (v) => v.text,
      );
    throw new Error(`arbitraryFromSchema: no generator for string format "${info.format}"`);
  }
  if (info.contentEncoding !== undefined) {
    if (info.contentEncoding === 'base64') return streamPayload().map((v) => v.text);
    throw new Error(`arbitraryFromSchema: no generator for contentEncoding "${info.contentEncoding}"`);
  }
  const minLength = typeof s['minLength'] === 'number' ? s['minLength'] : undefined;
  const maxLength = typeof s['maxLength'] === 'number' ? s['maxLength'] : undefined;
  if (typeof s['pattern'] === 'string') {
    const arb = fc.stringMatching(new RegExp(s['pattern'], 'u'));
    return minLength === undefined && maxLength === undefined
      ? arb
      : arb.filter((v) => [...v].length >= (minLength ?? 0) && [...v].length <= (maxLength ?? Infinity));
  }
  return graphString({
    ...optional('minLength', minLength),
    ...optional('maxLength', maxLength),
    ...(c.longStrings === false ? { long: false } : {}),
  });
}

function arrayOf(s: Schema, c: Constraints, reaching: boolean, rest: Step[]): Arb {
  const items = s['items'];
  if (!isObject(items) || 'prefixItems' in s) throw new Error('arbitraryFromSchema: only `items` arrays are supported');
  const minLength = Math.max(typeof s['minItems'] === 'number' ? s['minItems'] : 0, reaching ? 1 : 0);
  const declaredMax = typeof s['maxItems'] === 'number' ? s['maxItems'] : Infinity;
  const maxLength = Math.max(minLength, Math.min(declaredMax, c.maxItems ?? 3));
  const item = build(items, inner(c, reaching ? rest : undefined));
  return s['uniqueItems'] === true
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => stableKey(v) })
    : fc.array(item, { minLength, maxLength });
}

function objectOf(s: Schema, c: Constraints, next: Step | undefined, rest: Step[]): Arb {
  const props = propertiesOf(s);
  const required = new Set(requiredOf(s));
  const omit = new Set(c.omitProperties ?? []);
  const fixed = c.fixed ?? {};
  const reached = next && 'prop' in next ? next.prop : undefined;
  const names: string[] = [];
  const arbs: Arb[] = [];
  const add = (name: string, arb: Arb, always: boolean): void => {
    names.push(name);
    // Optional keys are left out half the time; the shrinker drops them first, which keeps counterexamples small.
    arbs.push(always ? arb : fc.option(arb, { nil: ABSENT, freq: 2 }));
  };
  for (const name of Object.keys(fixed)) if (!(name in props)) add(name, fc.constant(fixed[name]), true);
  for (const [name, ps] of Object.entries(props)) {
    if (name in fixed) {
      add(name, fc.constant(fixed[name]), true);
      continue;
    }
    if (omit.has(name) || (infoOf(ps).readOnly && c.includeReadOnly !== true && !required.has(name))) {
      if (name === reached) throw new Error(`arbitraryFromSchema: cannot reach left-out property ${name}`);
      continue;
    }
    const isReached = name === reached;
    const always = required.has(name) || isReached;
    const typeNames = name === ODATA_TYPE ? deref(ps)['enum'] : undefined;
    if (Array.isArray(typeNames) && typeNames.every((n) => typeof n === 'string')) {
      if (c.odataType === 'absent' && !always) continue;
      add(name, odataTypeAnnotation(typeNames, { spelling: c.odataType ?? 'any' }), always);
    } else {
      add(name, build(ps, inner(c, isReached ? rest : undefined)), always);
    }
  }
  if (reached !== undefined && !(reached in props) && !(reached in fixed))
    throw new Error(`arbitraryFromSchema: no property ${reached} to reach`);
  return fc.tuple(...arbs).map((values) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== ABSENT) out[names[i] as string] = v;
    }
    return out;
  });
}
