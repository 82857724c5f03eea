/**
 * Read-only access to the derived JSON Schemas for the builders: `$ref` resolution by file name (how derive writes
 * refs), a summary of what a schema node allows, and the create body's @odata.type dispatch. Nothing here knows a
 * property by name except the `@odata.type` annotation, whose name OData fixes.
 */
import { loadSpecs } from '../specs/loader';
import {
  isObject,
  jsonTypeOf,
  ODATA_TYPE,
  walkerFor,
  type DispatchBranch,
  type JsonType,
  type Schema,
  type SchemaInfo,
  type SchemaWalker,
} from '../specs/walker';

export { isObject, jsonTypeOf, ODATA_TYPE, type DispatchBranch, type JsonType, type Schema, type SchemaInfo };

export const CREATE_REQUEST_FILE = 'createRequest.schema.json';

/** The walker over specs/schemas (specs/walker.ts): every function below is one of its methods. */
export function walker(): SchemaWalker {
  return walkerFor(loadSpecs().schemas);
}

/** The schema stored under a file name in specs/schemas (via loadSpecs, so the validators see the same objects). */
export function schemaFile(file: string): Schema {
  return walker().file(file);
}

/** Follows `$ref`s (by file name, `$id`, pointer or local `#/$defs/...`) until a schema without one. */
export function deref(schema: Schema): Schema {
  return walker().deref(schema);
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
  return walker().navigationProperties(schema);
}

export function requiredOf(schema: Schema): readonly string[] {
  const r = schema['required'];
  return Array.isArray(r) ? (r as string[]) : [];
}

/** Summarises a node after following $ref; anyOf/oneOf branches contribute the union of their types. */
export function infoOf(schema: Schema): SchemaInfo {
  return walker().info(schema);
}

/** The if/then dispatch of a schema (the create body dispatches on @odata.type to each derived type's schema). */
export function dispatchOf(schema: Schema): DispatchBranch[] {
  return walker().dispatch(schema);
}

/** Every type name any schema's @odata.type enum mentions, without '#'. */
export function knownTypeNames(): ReadonlySet<string> {
  return walker().knownTypeNames();
}

/**
 * Every type name that shares a schema's @odata.type enum with one of `names`: the declared type, its base and its
 * derived types (a base type's enum lists its derived types). A body naming one of these is not a type mismatch: the
 * base is the collection's own type (abstract or not, a different rule), the others are the declared type's family.
 */
export function typeFamily(names: Iterable<string>): ReadonlySet<string> {
  const wanted = new Set([...names].map((n) => n.replace(/^#/, '')));
  const family = new Set(wanted);
  for (const s of walker().schemas.values()) {
    const bare = walker()
      .typeNames(s)
      .map((v) => v.replace(/^#/, ''));
    if (bare.some((n) => wanted.has(n))) for (const n of bare) family.add(n);
  }
  return family;
}

/** Names of an object schema's own Edm.Stream properties (`contentEncoding: base64`), for leaving them out. */
export function streamProperties(schema: Schema): string[] {
  return walker().streamProperties(schema);
}
