/**
 * A small schema walker for the variants and mutants: it finds properties by what specs/schemas say about them
 * (`format: date-time`, `contentEncoding: base64`, nullability, `x-ms-navigationProperty`), never by name. It follows
 * the data and the schema together, so its depth is bounded by the value's (the handler refuses JSON nested deeper
 * than 64 levels before anything walks it).
 */
import { loadSpecs } from '../specs/loader';
import { NAVIGATION_KEYWORD, walkerFor, type Schema, type SchemaWalker } from '../specs/walker';
import { copyOwn, hasOwn, isJsonObject, setOwn, type JsonObject } from './reference/json';

export type { Schema } from '../specs/walker';

const TYPE_KEY = '@odata.type';

/** The suite's one schema walker (specs/walker.ts), over the derived schemas. */
const walker = (): SchemaWalker => walkerFor(loadSpecs().schemas);

/** A type name without its '#'. */
export const bareType = (t: string): string => t.replace(/^#/, '');

/**
 * Follows `$ref` and picks the anyOf/oneOf branch the value's @odata.type names (the most specific one), else the
 * first branch that is not `{type: null}`.
 */
export function resolve(schema: Schema | undefined, value: unknown): Schema {
  return walker().resolve(schema, value);
}

/** The schema of an entity of the type `typeName` names ('#microsoft.graph.x', 'microsoft.graph.x' or 'x'). */
export function entitySchema(typeName: unknown, form: 'request' | 'response' = 'response'): Schema {
  return walker().typeSchema(typeName, form, 'officeClientConfiguration');
}

/** Declared properties of an object schema (after $ref and the branch the value names). */
export function propertiesOf(schema: Schema | undefined, value?: unknown): Readonly<Record<string, Schema>> {
  return walker().properties(resolve(schema, value));
}

/** An Edm.Stream property: derive writes `contentEncoding: base64` on it. */
export const isStream = (schema: Schema | undefined): boolean =>
  schema !== undefined && walker().info(schema).contentEncoding === 'base64';

/** A navigation property (a relationship), as derive marks it. */
export const isNavigation = (schema: Schema | undefined): boolean =>
  schema !== undefined && (schema[NAVIGATION_KEYWORD] === true || walker().deref(schema)[NAVIGATION_KEYWORD] === true);

/** An Edm.DateTimeOffset value (the loader's `date-time` format). */
export const isDateTime = (schema: Schema | undefined): boolean =>
  schema !== undefined && walker().info(schema).format === 'date-time';

/** Whether the schema allows null (a nullable property). */
export const allowsNull = (schema: Schema | undefined): boolean =>
  schema !== undefined && walker().info(schema).nullable;

/** A collection-valued property (its only JSON type is array). */
export function isCollection(schema: Schema | undefined): boolean {
  const types = schema === undefined ? [] : walker().info(schema).types;
  return types.length > 0 && types.every((t) => t === 'array');
}

/** What a schema node allows (JSON types, nullability, format, encoding), after $ref and across branches. */
export const infoOf = (schema: Schema): ReturnType<SchemaWalker['info']> => walker().info(schema);

/** Names of an entity schema's Stream properties. */
export function streamProperties(schema: Schema): string[] {
  return walker().streamProperties(resolve(schema, undefined));
}

/** The schema of a collection's items, or undefined. */
const itemsOf = (schema: Schema | undefined): Schema | undefined =>
  schema === undefined ? undefined : walker().items(resolve(schema, undefined));

const pointerPart = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Rewrites every string whose schema `match`es, in the value and in every object and array the schemas describe
 * below it (complex values, collections and navigation properties; annotations, keys with '@', are left alone).
 * Returns the same value when nothing changed, a changed copy otherwise; nothing is mutated.
 */
export function mapStrings(
  value: unknown,
  schema: Schema | undefined,
  match: (schema: Schema) => boolean,
  fn: (text: string, pointer: string) => string,
  pointer = '',
): unknown {
  if (typeof value === 'string') return match(resolve(schema, undefined)) ? fn(value, pointer) : value;
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    if (!items) return value;
    let changed = false;
    const out = value.map((v: unknown, i) => {
      const next = mapStrings(v, items, match, fn, `${pointer}/${i}`);
      if (next !== v) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (!isJsonObject(value)) return value;
  const props = propertiesOf(schema, value);
  let out: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    const sub = props[key];
    if (key.includes('@') || !sub || !Object.prototype.hasOwnProperty.call(props, key)) continue;
    const next = mapStrings(value[key], sub, match, fn, `${pointer}/${pointerPart(key)}`);
    if (next !== value[key]) {
      out ??= copyOwn(value);
      setOwn(out, key, next);
    }
  }
  return out ?? value;
}

export interface MapObjectsOptions {
  /** Also walk into navigation properties (default true). */
  navigation?: boolean;
}

/**
 * Rewrites every object from the leaves up: nested complex values and (unless told not to) navigation entities,
 * then the value itself. `fn` gets a copy-safe object and its schema, and the depth (0 for the value itself).
 */
export function mapObjects(
  value: unknown,
  schema: Schema | undefined,
  fn: (obj: JsonObject, schema: Schema, depth: number) => JsonObject,
  options: MapObjectsOptions = {},
  depth = 0,
): unknown {
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    return items ? value.map((v: unknown) => mapObjects(v, items, fn, options, depth)) : value;
  }
  if (!isJsonObject(value)) return value;
  const resolved = resolve(schema, value);
  const props = propertiesOf(resolved, value);
  const out = copyOwn(value);
  for (const key of Object.keys(value)) {
    const sub = props[key];
    if (key.includes('@') || !sub || !Object.prototype.hasOwnProperty.call(props, key)) continue;
    if (options.navigation === false && isNavigation(sub)) continue;
    const v = value[key];
    if (v !== null && typeof v === 'object') setOwn(out, key, mapObjects(v, sub, fn, options, depth + 1));
  }
  return fn(out, resolved, depth);
}

/** A copy of obj without its @odata.type (or obj itself when it has none). */
export function withoutType(obj: JsonObject): JsonObject {
  return hasOwn(obj, TYPE_KEY) ? copyOwn(obj, [TYPE_KEY]) : obj;
}
