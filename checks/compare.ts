import { decodeStream, sameInstantAt } from '../specs/edm';
import { walkerFor, type Schema, type SchemaWalker } from '../specs/walker';
import type { Finding } from './types';

/** A difference at a JSON pointer: what was sent (expected back) and what came (actual). */
function finding(where: string, message: string, expected: unknown, actual: unknown): Finding {
  const f: Finding = { message: `${where}: ${message}`, pointer: where === '/' ? '' : where, expected };
  if (actual !== undefined) f.actual = actual;
  return f;
}

export interface CompareOptions {
  /** Skip properties the schema marks readOnly (id, lastModifiedDateTime): the server sets them. */
  skipReadOnly: boolean;
  /** The message prefix for a property the other side lacks. */
  missing: string;
  /** Fractional-second digits DateTimeOffsets are compared at (the profile's precision, checks/profiles.ts). */
  dateTimePrecision: number;
}

/** What one comparison carries down the walk: its options and the findings so far. */
interface Walk {
  opts: CompareOptions;
  out: Finding[];
}

const isStream = (schema: Schema): boolean => schema['contentEncoding'] === 'base64';

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 60)}... (${text.length} chars)` : text;
}

/** A sent string against what came back: DateTimeOffset by instant, Stream by decoded bytes, else by text. */
function stringFinding(
  where: string,
  sent: string,
  got: unknown,
  schema: Schema,
  opts: CompareOptions,
): Finding | undefined {
  if (typeof got !== 'string') return finding(where, `sent the string ${show(sent)}, got ${show(got)}`, sent, got);
  if (schema['format'] === 'date-time') {
    // The same text is the same value, even where it is no DateTimeOffset (checkin-datetime judges that).
    if (sent === got) return undefined;
    const same = sameInstantAt(sent, got, opts.dateTimePrecision);
    if (same === undefined)
      return finding(
        where,
        `sent the instant ${sent}, got ${show(got)}, which is not an Edm.DateTimeOffset`,
        sent,
        got,
      );
    if (!same)
      return finding(
        where,
        `sent the instant ${sent}, got ${show(got)} (not the same instant at ${opts.dateTimePrecision} fractional digits)`,
        sent,
        got,
      );
    return undefined;
  }
  if (isStream(schema)) {
    const a = decodeStream(sent);
    const b = decodeStream(got);
    if (!a || !b || !a.equals(b))
      return finding(
        where,
        `sent a Stream of ${a?.length ?? '?'} bytes, got ${show(got)} (decoded bytes differ)`,
        sent,
        got,
      );
    return undefined;
  }
  return sent !== got ? finding(where, `sent ${show(sent)}, got ${show(got)}`, sent, got) : undefined;
}

/**
 * Compares what was sent with what came back, walking the schema so each value is compared by its Edm meaning:
 * DateTimeOffset by instant at the profile's precision, Stream by decoded bytes, arrays in order, objects
 * recursively. Annotations (keys with '@') are left to the odata-type check. A Stream that does not come back inline
 * (absent, null, or only as a media link annotation) is not a difference: OData JSON Format 4.01 section 8.4 lets a
 * service write stream properties as media links instead of inline values.
 */
export class EchoComparer {
  private readonly walker: SchemaWalker;

  constructor(schemas: ReadonlyMap<string, Schema>) {
    this.walker = walkerFor(schemas);
  }

  /** Follows $ref and picks the anyOf/oneOf branch the value's @odata.type names (specs/walker.ts). */
  resolve(schema: Schema | undefined, sent: unknown): Schema {
    return this.walker.resolve(schema, sent);
  }

  /** Schema of a create body of the type `odataType` names; the base type's when it names none we know. */
  schemaForType(odataType: unknown, form: 'request' | 'response'): Schema {
    return this.walker.typeSchema(odataType, form, 'officeClientConfiguration');
  }

  compare(sent: unknown, got: unknown, schema: Schema, opts: CompareOptions, path = ''): Finding[] {
    const w: Walk = { opts, out: [] };
    this.walk(sent, got, schema, path, w);
    return w.out;
  }

  private walk(sent: unknown, got: unknown, schemaIn: Schema | undefined, path: string, w: Walk): void {
    const { opts, out } = w;
    const where = path || '/';
    if (sent === null) {
      if (got !== null && got !== undefined) out.push(finding(where, `sent null, got ${show(got)}`, sent, got));
      return;
    }
    const schema = this.resolve(schemaIn, sent);
    if (typeof sent === 'string' && isStream(schema) && (got === undefined || got === null)) return;
    if (got === undefined) {
      out.push(finding(where, `${opts.missing}`, sent, got));
      return;
    }
    if (typeof sent === 'string') {
      const f = stringFinding(where, sent, got, schema, opts);
      if (f) out.push(f);
      return;
    }
    if (Array.isArray(sent)) {
      this.walkArray(sent, got, schema, path, w);
      return;
    }
    if (sent && typeof sent === 'object') {
      this.walkObject(sent, got, schema, path, w);
      return;
    }
    if (sent !== got) out.push(finding(where, `sent ${show(sent)}, got ${show(got)}`, sent, got));
  }

  private walkArray(sent: unknown[], got: unknown, schema: Schema, path: string, w: Walk): void {
    const { out } = w;
    const where = path || '/';
    if (!Array.isArray(got)) {
      out.push(finding(where, `sent an array of ${sent.length}, got ${show(got)}`, sent, got));
      return;
    }
    if (got.length !== sent.length) {
      out.push(finding(where, `sent ${sent.length} item(s), got ${got.length}`, sent, got));
      return;
    }
    const items = this.walker.items(schema);
    sent.forEach((item, i) => this.walk(item, got[i], items, `${path}/${i}`, w));
  }

  private walkObject(sent: object, got: unknown, schema: Schema, path: string, w: Walk): void {
    const { opts, out } = w;
    if (!got || typeof got !== 'object' || Array.isArray(got)) {
      out.push(finding(path || '/', `sent an object, got ${show(got)}`, sent, got));
      return;
    }
    const props = this.walker.properties(schema);
    for (const [key, value] of Object.entries(sent)) {
      if (key.includes('@')) continue;
      const propSchema = props[key];
      if (opts.skipReadOnly && propSchema && this.walker.info(propSchema).readOnly) continue;
      const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      this.walk(
        value,
        Object.prototype.hasOwnProperty.call(got, key) ? (got as Record<string, unknown>)[key] : undefined,
        propSchema,
        childPath,
        w,
      );
    }
  }
}
