/**
 * The one way the suite walks the derived JSON Schemas: generators, checks, mutants and contracts all resolve `$ref`,
 * `anyOf`/`oneOf` and the create body's @odata.type dispatch through here, so a change in how derive writes schemas
 * (refs by file name, local `$defs`, absolute `$id`s, `oneOf` instead of `anyOf`) changes nothing downstream.
 * Read-only: it never copies or edits a schema, so the objects it returns are the ones ajv compiled.
 */
import { INT32_MAX, INT32_MIN } from './edm';

export type Schema = Readonly<Record<string, unknown>>;
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export const ODATA_TYPE = '@odata.type';
/** Annotation derive puts on navigation properties (the docs' Relationships rows). */
export const NAVIGATION_KEYWORD = 'x-ms-navigationProperty';
const ALL_TYPES: readonly JsonType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array'];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a schema node allows, in terms of JSON and Edm. */
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

/** One branch of an `allOf: [{ if: { properties: { k: { enum } } }, then }]` dispatch. */
export interface DispatchBranch {
  key: string;
  values: readonly string[];
  then: Schema;
}

export function jsonTypeOf(v: unknown): JsonType | 'null' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v as 'string' | 'boolean';
  return 'object';
}

function unescape(seg: string): string {
  return decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
}

export class SchemaWalker {
  /** Every subschema object -> the document (file) it sits in, for local `#/...` refs. */
  private readonly documentOf = new WeakMap<object, Schema>();
  /** Documents by file name and by `$id`. */
  private readonly byName = new Map<string, Schema>();

  constructor(readonly schemas: ReadonlyMap<string, Schema>) {
    for (const [file, doc] of schemas) {
      this.byName.set(file, doc);
      if (typeof doc['$id'] === 'string') this.byName.set(doc['$id'], doc);
      this.index(doc, doc, 0);
    }
  }

  private index(node: unknown, doc: Schema, depth: number): void {
    if (depth > 64 || typeof node !== 'object' || node === null) return;
    if (!Array.isArray(node)) this.documentOf.set(node, doc);
    for (const v of Array.isArray(node) ? node : Object.values(node)) this.index(v, doc, depth + 1);
  }

  /** The schema stored under a file name (or `$id`). */
  file(name: string): Schema {
    const s = this.byName.get(name);
    if (!s) throw new Error(`specs/schemas/${name} does not exist`);
    return s;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * Follows `$ref`s until a schema without one: by file name ("x.schema.json"), by `$id` URL, with a JSON pointer
   * after '#' ("x.schema.json#/$defs/y"), or local to the document the ref sits in ("#/$defs/y").
   */
  deref(schema: Schema): Schema {
    let s = schema;
    for (let hops = 0; typeof s['$ref'] === 'string'; hops++) {
      if (hops > 32) throw new Error('schema walker: $ref chain longer than 32 hops');
      const ref = s['$ref'];
      const hash = ref.indexOf('#');
      const base = hash < 0 ? ref : ref.slice(0, hash);
      const doc =
        base === ''
          ? this.documentOf.get(s)
          : (this.byName.get(base) ?? this.byName.get(base.split('/').pop() ?? base));
      if (!doc) throw new Error(`schema walker: $ref "${ref}" does not resolve`);
      let target: unknown = doc;
      const pointer = hash < 0 ? '' : ref.slice(hash + 1);
      for (const seg of pointer.split('/').slice(1)) target = isObject(target) ? target[unescape(seg)] : undefined;
      if (!isObject(target)) throw new Error(`schema walker: $ref "${ref}" does not resolve`);
      s = target;
    }
    return s;
  }

  /** The alternatives of an `anyOf`/`oneOf` node (after $ref), or undefined. */
  branches(schema: Schema): readonly Schema[] | undefined {
    const s = this.deref(schema);
    const list = s['anyOf'] ?? s['oneOf'];
    return Array.isArray(list) ? (list as Schema[]) : undefined;
  }

  /** The `@odata.type` names a node admits (its enum), after $ref. */
  typeNames(schema: Schema): readonly string[] {
    const en = this.properties(schema)[ODATA_TYPE];
    const values = en ? this.deref(en)['enum'] : undefined;
    return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  }

  /**
   * The schema a value is judged by: $refs followed, and at each anyOf/oneOf the branch the value's @odata.type names
   * (the most specific one: a base type's enum also lists its derived types), else the first branch that is not
   * `{type: null}`.
   */
  resolve(schema: Schema | undefined, value?: unknown): Schema {
    let s: Schema = this.deref(schema ?? {});
    for (let guard = 0; guard < 16; guard++) {
      const options = this.branches(s);
      if (!options) break;
      const candidates = options.filter((b) => this.deref(b)['type'] !== 'null');
      const named = isObject(value) && typeof value[ODATA_TYPE] === 'string' ? value[ODATA_TYPE] : undefined;
      const matching = named
        ? candidates
            .filter((b) => this.typeNames(this.resolve(b)).includes(named))
            .sort((a, b) => this.typeNames(this.resolve(a)).length - this.typeNames(this.resolve(b)).length)
        : [];
      s = this.deref(matching[0] ?? candidates[0] ?? {});
    }
    return s;
  }

  properties(schema: Schema): Readonly<Record<string, Schema>> {
    const p = this.deref(schema)['properties'];
    return isObject(p) ? (p as Record<string, Schema>) : {};
  }

  /** The properties of every branch of a node (a base type's value may be any derived type). */
  allProperties(schema: Schema): Readonly<Record<string, Schema>> {
    const options = this.branches(schema);
    if (!options) return this.properties(schema);
    const merged: Record<string, Schema> = {};
    for (const b of options) Object.assign(merged, this.allProperties(b));
    return merged;
  }

  required(schema: Schema): readonly string[] {
    const r = this.deref(schema)['required'];
    return Array.isArray(r) ? (r as string[]) : [];
  }

  items(schema: Schema): Schema | undefined {
    const i = this.deref(schema)['items'];
    return isObject(i) ? i : undefined;
  }

  /** The properties of an object schema that are navigation properties, as derive marks them. */
  navigationProperties(schema: Schema): string[] {
    return Object.entries(this.properties(schema))
      .filter(([, p]) => p[NAVIGATION_KEYWORD] === true || this.deref(p)[NAVIGATION_KEYWORD] === true)
      .map(([name]) => name);
  }

  /** The Edm.Stream properties of an object schema (`contentEncoding: base64`). */
  streamProperties(schema: Schema): string[] {
    return Object.entries(this.properties(schema))
      .filter(([, p]) => this.info(p).contentEncoding === 'base64')
      .map(([name]) => name);
  }

  /** Summarises a node after following $ref; anyOf/oneOf branches contribute the union of their types. */
  info(schema: Schema): SchemaInfo {
    const s = this.deref(schema);
    const readOnly = schema['readOnly'] === true || s['readOnly'] === true;
    const options = this.branches(s);
    if (options) {
      const parts = options.map((b) => this.info(b));
      const types = ALL_TYPES.filter((t) => parts.some((p) => p.types.includes(t)));
      // `oneOf: [X, {type: null}]` is X made nullable: X's format, encoding, enum and bounds still hold.
      const valued = parts.filter((p) => p.types.length > 0);
      const only = valued.length === 1 ? valued[0] : undefined;
      return {
        ...(only ?? { int32: false }),
        types,
        nullable: parts.some((p) => p.nullable),
        readOnly: readOnly || (only?.readOnly ?? false),
      };
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

  /** The if/then dispatch of a schema (the create body dispatches on @odata.type to each derived type's schema). */
  dispatch(schema: Schema): DispatchBranch[] {
    const s = this.deref(schema);
    const all = Array.isArray(s['allOf']) ? (s['allOf'] as Schema[]) : [];
    const out: DispatchBranch[] = [];
    for (const part of all) {
      const cond = part['if'];
      const then = part['then'];
      if (!isObject(cond) || !isObject(then)) continue;
      const props = this.properties(cond);
      const keys = Object.keys(props);
      const key = keys[0];
      const values = key === undefined ? undefined : props[key]?.['enum'];
      if (keys.length !== 1 || key === undefined || !Array.isArray(values)) continue;
      out.push({ key, values: values.filter((v): v is string => typeof v === 'string'), then });
    }
    return out;
  }

  /** Every type name any schema's @odata.type enum mentions, without '#'. */
  knownTypeNames(): ReadonlySet<string> {
    const names = new Set<string>();
    for (const s of this.schemas.values()) for (const v of this.typeNames(s)) names.add(v.replace(/^#/, ''));
    return names;
  }

  /**
   * The schema of a type by its @odata.type value ('#microsoft.graph.x', 'microsoft.graph.x' or 'x'), in request or
   * response form; `fallback`'s when no schema has that name.
   */
  typeSchema(odataType: unknown, form: 'request' | 'response', fallback: string): Schema {
    const name = typeof odataType === 'string' ? odataType.replace(/^#/, '').replace(/^.*\./, '') : '';
    const file = (n: string): string => (form === 'request' ? `${n}.request.schema.json` : `${n}.schema.json`);
    return this.byName.get(file(name)) ?? this.byName.get(file(fallback)) ?? {};
  }
}

const walkers = new WeakMap<ReadonlyMap<string, Schema>, SchemaWalker>();

/** The walker of a schema set, built once per set. */
export function walkerFor(schemas: ReadonlyMap<string, Schema>): SchemaWalker {
  let w = walkers.get(schemas);
  if (!w) walkers.set(schemas, (w = new SchemaWalker(schemas)));
  return w;
}
