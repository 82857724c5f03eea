/**
 * The schemas of an expected answer, as `pact check` walks them: which schema judges an expected body (by operation
 * and status family, by the type a value names), the properties it declares, and every object in a body.
 */
import { isObject, ODATA_TYPE, type Schema, type SchemaWalker } from '../specs/walker';
import { COLLECTION_RESPONSE, CREATE_RESPONSE, ERROR_RESPONSE, type Operation, type Place } from './check-context';
import type { PactResponse } from './check-pact';
import { bare, pointer, type Path } from './check-values';

/**
 * The properties a schema declares for a value: through $ref, the @odata.type if/then dispatch and anyOf/oneOf (the
 * branch the value's type names, else every branch); undefined when the schema declares none (free-form).
 */
function declaredProperties(
  w: SchemaWalker,
  schema: Schema,
  value: Record<string, unknown>,
  typeHint?: string,
): Readonly<Record<string, Schema>> | undefined {
  const s = w.deref(schema);
  const named = typeof value[ODATA_TYPE] === 'string' ? value[ODATA_TYPE] : typeHint;
  const dispatch = w.dispatch(s);
  if (dispatch.length > 0) {
    const hit = named ? dispatch.find((d) => d.values.some((v) => bare(v) === bare(named))) : undefined;
    if (hit) return declaredProperties(w, hit.then, value, typeHint);
    const merged: Record<string, Schema> = { ...w.properties(s) };
    for (const d of dispatch) Object.assign(merged, declaredProperties(w, d.then, value) ?? {});
    return merged;
  }
  const branches = w.branches(s);
  if (branches) {
    const candidates = branches.filter((b) => w.deref(b)['type'] !== 'null');
    if (named) {
      const r = w.resolve(s, { [ODATA_TYPE]: named });
      if (w.typeNames(r).some((t) => bare(t) === bare(named))) return declaredProperties(w, r, value);
    }
    const merged: Record<string, Schema> = {};
    let any = false;
    for (const b of candidates) {
      const p = declaredProperties(w, b, value);
      if (p) {
        any = true;
        Object.assign(merged, p);
      }
    }
    return any ? merged : undefined;
  }
  return isObject(s['properties']) ? w.properties(s) : undefined;
}

/**
 * The schema an object or array sits under: follow $ref and pick the branch the value's type names. An object that
 * names no type may be any branch (an assignment's target: the base type or the group target), so its schema stays
 * whole and declaredProperties merges the branches.
 */
function childSchema(w: SchemaWalker, schema: Schema | undefined, value: unknown): Schema | undefined {
  if (!schema) return undefined;
  if (isObject(value) && typeof value[ODATA_TYPE] !== 'string') return schema;
  return w.resolve(schema, value);
}

/** Collects in `out` the pointer of every property of a value its schema does not declare (annotations aside). */
export function undeclared(
  w: SchemaWalker,
  value: unknown,
  schema: Schema | undefined,
  path: Path,
  out: string[],
  typeHint?: string,
): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = w.items(w.resolve(schema));
    value.forEach((v, i) => undeclared(w, v, items, [...path, i], out));
    return;
  }
  if (!isObject(value)) return;
  const props = declaredProperties(w, schema, value, typeHint);
  if (!props) return;
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('@')) continue; // annotations: not properties (odata-type-annotation judges @odata.type)
    const p = props[key];
    if (!p) out.push(pointer([...path, key]));
    else undeclared(w, v, childSchema(w, p, v), [...path, key], out);
  }
}

/** Every object of an expected body with its path and schema (walked through the schema, arrays included). */
export function eachObject(
  w: SchemaWalker,
  value: unknown,
  schema: Schema | undefined,
  path: Path,
  visit: (obj: Record<string, unknown>, schema: Schema | undefined, path: Path) => void,
): void {
  if (Array.isArray(value)) {
    const items = schema ? w.items(w.resolve(schema)) : undefined;
    value.forEach((v, i) => eachObject(w, v, items, [...path, i], visit));
    return;
  }
  if (!isObject(value)) return;
  const resolved = schema ? w.resolve(schema, value) : undefined;
  visit(value, resolved, path);
  const props = resolved ? w.properties(resolved) : {};
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('@') || v === null || typeof v !== 'object') continue;
    eachObject(w, v, props[key], [...path, key], visit);
  }
}

/** The response schema of the type a value names (or the hint names); the create answer's root otherwise. */
export function entitySchema(w: SchemaWalker, value: unknown, hint?: string): Schema {
  const named = isObject(value) && typeof value[ODATA_TYPE] === 'string' ? value[ODATA_TYPE] : hint;
  const file = named ? `${bare(named).replace(/^.*\./, '')}.schema.json` : undefined;
  return file && w.has(file) ? w.file(file) : w.file(CREATE_RESPONSE);
}

/**
 * The answer schema for an expected body: by status family, then the operation's success schema
 * (specs/generated/operations.ts; none for a DELETE or updatePriorities, which document no body).
 */
export function answerSchema(op: Operation, place: Place, method: string, res: PactResponse): string | undefined {
  const family = res.statusMatcher?.['status'];
  const ok = typeof family === 'string' ? family === 'success' : res.status >= 200 && res.status <= 299;
  const refusal =
    typeof family === 'string' ? ['clientError', 'serverError', 'error'].includes(family) : res.status >= 400;
  if (refusal) return ERROR_RESPONSE;
  if (!ok) return undefined;
  if (op.kind !== undefined && op.operationId !== undefined) return op.responseSchema;
  // An operation operations.ts does not list: by where it acts.
  if (place === 'create') return CREATE_RESPONSE;
  if (place === 'collection') return COLLECTION_RESPONSE;
  return method === 'DELETE' || place === 'action' ? undefined : CREATE_RESPONSE;
}
