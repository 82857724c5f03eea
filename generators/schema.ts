/**
 * Read-only access to the derived JSON Schemas for the builders: `$ref` resolution by file name (how derive writes
 * refs), a summary of what a schema node allows, and the create body's @odata.type dispatch. Nothing here knows a
 * property by name except the `@odata.type` annotation, whose name OData fixes.
 */
import { loadSpecs, NAVIGATION_KEYWORD } from '../specs/loader';
import { INT32_MAX, INT32_MIN } from '../specs/edm';

export type Schema = Readonly<Record<string, unknown>>;
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export const CREATE_REQUEST_FILE = 'createRequest.schema.json';
export const ODATA_TYPE = '@odata.type';
const ALL_TYPES: readonly JsonType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array'];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The schema stored under a file name in specs/schemas (via loadSpecs, so the validators see the same objects). */
export function schemaFile(file: string): Schema {
  const s = loadSpecs().schemas.get(file);
  if (!s) throw new Error(`generators: specs/schemas/${file} does not exist`);
  return s;
}

/** Follows `$ref`s ("file.schema.json" or "file.schema.json#/json/pointer") until a schema without one. */
export function deref(schema: Schema): Schema {
  let s = schema;
  for (let hops = 0; typeof s['$ref'] === 'string'; hops++) {
    if (hops > 32) throw new Error('generators: $ref chain longer than 32 hops');
    const ref = s['$ref'];
    const hash = ref.indexOf('#');
    const file = (hash < 0 ? ref : ref.slice(0, hash)).split('/').pop() ?? '';
    if (file === '') throw new Error(`generators: $ref "${ref}" is local; derive writes refs by file name`);
    let target: unknown = schemaFile(file);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    for (const seg of pointer.split('/').slice(1)) {
      target = isObject(target) ? target[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (!isObject(target)) throw new Error(`generators: $ref "${ref}" does not resolve`);
    s = target;
  }
  return s;
}

export function branchesOf(schema: Schema): readonly Schema[] | undefined {
  const list = schema['anyOf'] ?? schema['oneOf'];
  return Array.isArray(list) ? (list as Schema[]) : undefined;
}

export function propertiesOf(schema: Schema): Readonly<Record<string, Schema>> {
  const p = schema['properties'];
  return isObject(p) ? (p as Record<string, Schema>) : {};
}

/** The properties of an object schema that are navigation properties (relationships), as derive marks them. */
export function navigationProperties(schema: Schema): string[] {
  return Object.entries(propertiesOf(schema))
    .filter(([, p]) => p[NAVIGATION_KEYWORD] === true)
    .map(([name]) => name);
}

export function requiredOf(schema: Schema): readonly string[] {
  const r = schema['required'];
  return Array.isArray(r) ? (r as string[]) : [];
}

/** What a schema node allows, in the terms the generators need. */
export interface SchemaInfo {
  /** JSON types other than null the value may take (integer counts apart from number). */
  types: readonly JsonType[];
  nullable: boolean;
  enum?: readonly unknown[];
  format?: string;
  contentEncoding?: string;
  /** Set for an integer whose bounds fit Edm.Int32 (format int32 or minimum/maximum inside the Int32 range). */
  int32: boolean;
  readOnly: boolean;
}

/** Summarises a node after following $ref; anyOf/oneOf branches contribute the union of their types. */
export function infoOf(schema: Schema): SchemaInfo {
  const s = deref(schema);
  const readOnly = schema['readOnly'] === true || s['readOnly'] === true;
  const branches = branchesOf(s);
  if (branches) {
    const parts = branches.map(infoOf);
    const types = ALL_TYPES.filter((t) => parts.some((p) => p.types.includes(t)));
    return { types, nullable: parts.some((p) => p.nullable), int32: false, readOnly };
  }
  const raw = s['type'];
  const declared = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : undefined;
  const en = Array.isArray(s['enum']) ? (s['enum'] as unknown[]) : undefined;
  let types: JsonType[];
  let nullable: boolean;
  if (declared) {
    types = ALL_TYPES.filter((t) => declared.includes(t));
    nullable = declared.includes('null');
  } else if (en) {
    types = ALL_TYPES.filter((t) => en.some((v) => jsonTypeOf(v) === t));
    nullable = en.includes(null);
  } else {
    types = isObject(s['properties']) ? ['object'] : [...ALL_TYPES];
    nullable = !isObject(s['properties']);
  }
  const min = typeof s['minimum'] === 'number' ? s['minimum'] : undefined;
  const max = typeof s['maximum'] === 'number' ? s['maximum'] : undefined;
  const int32 =
    types.includes('integer') &&
    (s['format'] === 'int32' || (min !== undefined && max !== undefined && min >= INT32_MIN && max <= INT32_MAX));
  return {
    types,
    nullable,
    ...(en ? { enum: en } : {}),
    ...(typeof s['format'] === 'string' ? { format: s['format'] } : {}),
    ...(typeof s['contentEncoding'] === 'string' ? { contentEncoding: s['contentEncoding'] } : {}),
    int32,
    readOnly,
  };
}

export function jsonTypeOf(v: unknown): JsonType | 'null' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v as 'string' | 'boolean';
  return 'object';
}

/** One branch of an `allOf: [{ if: { properties: { k: { enum } } }, then }]` dispatch. */
export interface DispatchBranch {
  key: string;
  values: readonly string[];
  then: Schema;
}

/** The if/then dispatch of a schema (the create body dispatches on @odata.type to each derived type's schema). */
export function dispatchOf(schema: Schema): DispatchBranch[] {
  const all = Array.isArray(schema['allOf']) ? (schema['allOf'] as Schema[]) : [];
  const out: DispatchBranch[] = [];
  for (const part of all) {
    const cond = part['if'];
    const then = part['then'];
    if (!isObject(cond) || !isObject(then)) continue;
    const props = propertiesOf(cond);
    const keys = Object.keys(props);
    const key = keys[0];
    const values = key === undefined ? undefined : props[key]?.['enum'];
    if (keys.length !== 1 || key === undefined || !Array.isArray(values)) continue;
    out.push({ key, values: values.filter((v): v is string => typeof v === 'string'), then });
  }
  return out;
}

/** Every type name any schema's @odata.type enum mentions, without '#'. */
export function knownTypeNames(): ReadonlySet<string> {
  const names = new Set<string>();
  for (const s of loadSpecs().schemas.values()) {
    const en = propertiesOf(s)[ODATA_TYPE]?.['enum'];
    if (Array.isArray(en)) for (const v of en) if (typeof v === 'string') names.add(v.replace(/^#/, ''));
  }
  return names;
}

/**
 * Every type name that shares a schema's @odata.type enum with one of `names`: the declared type, its base and its
 * derived types (a base type's enum lists its derived types). A body naming one of these is not a type mismatch: the
 * base is the collection's own type (abstract or not, a different rule), the others are the declared type's family.
 */
export function typeFamily(names: Iterable<string>): ReadonlySet<string> {
  const wanted = new Set([...names].map((n) => n.replace(/^#/, '')));
  const family = new Set(wanted);
  for (const s of loadSpecs().schemas.values()) {
    const en = propertiesOf(s)[ODATA_TYPE]?.['enum'];
    if (!Array.isArray(en)) continue;
    const bare = en.filter((v): v is string => typeof v === 'string').map((v) => v.replace(/^#/, ''));
    if (bare.some((n) => wanted.has(n))) for (const n of bare) family.add(n);
  }
  return family;
}

/** Names of an object schema's own Edm.Stream properties (`contentEncoding: base64`), for leaving them out. */
export function streamProperties(schema: Schema): string[] {
  return Object.entries(propertiesOf(schema))
    .filter(([, p]) => infoOf(p).contentEncoding === 'base64')
    .map(([name]) => name);
}
