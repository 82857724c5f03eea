import { decodeStream, sameInstantAt } from '../specs/edm';

type Schema = Record<string, unknown>;

export interface CompareOptions {
  /** Skip properties the schema marks readOnly (id, lastModifiedDateTime): the server sets them. */
  skipReadOnly: boolean;
  /** The message prefix for a property the other side lacks. */
  missing: string;
  /** Fractional-second digits DateTimeOffsets are compared at (the profile's precision, checks/profiles.ts). */
  dateTimePrecision: number;
}

const isStream = (schema: Schema): boolean => schema['contentEncoding'] === 'base64';

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 60)}... (${text.length} chars)` : text;
}

function typeNameOf(value: unknown): string | undefined {
  const t = value && typeof value === 'object' ? (value as Record<string, unknown>)['@odata.type'] : undefined;
  return typeof t === 'string' ? t : undefined;
}

/**
 * Compares what was sent with what came back, walking the schema so each value is compared by its Edm meaning:
 * DateTimeOffset by instant at the profile's precision, Stream by decoded bytes, arrays in order, objects
 * recursively. Annotations (keys with '@') are left to the odata-type check. A Stream that does not come back inline
 * (absent, null, or only as a media link annotation) is not a difference: OData JSON Format 4.01 section 8.4 lets a
 * service write stream properties as media links instead of inline values.
 */
export class EchoComparer {
  constructor(private readonly schemas: ReadonlyMap<string, Schema>) {}

  /** Follows $ref and picks the anyOf branch the value's @odata.type names. */
  resolve(schema: Schema | undefined, sent: unknown): Schema {
    let s: Schema = schema ?? {};
    for (let guard = 0; guard < 16; guard++) {
      const ref = s['$ref'];
      if (typeof ref === 'string') {
        s = this.schemas.get(ref.split('/').pop() ?? ref) ?? {};
        continue;
      }
      const anyOf = s['anyOf'] as Schema[] | undefined;
      if (Array.isArray(anyOf)) {
        const candidates = anyOf.filter((b) => b['type'] !== 'null');
        const named = typeNameOf(sent);
        // A base type's enum also lists its derived types: the branch with the fewest names is the most specific.
        const enumOf = (b: Schema): unknown[] =>
          ((this.resolve(b, undefined)['properties'] as Record<string, Schema> | undefined)?.['@odata.type']?.[
            'enum'
          ] as unknown[] | undefined) ?? [];
        const matching = named
          ? candidates.filter((b) => enumOf(b).includes(named)).sort((a, b) => enumOf(a).length - enumOf(b).length)
          : [];
        const pick = matching[0] ?? candidates[0];
        s = pick ?? {};
        continue;
      }
      break;
    }
    return s;
  }

  /** Schema of a create body of the type `odataType` names; the base type's when it names none we know. */
  schemaForType(odataType: unknown, form: 'request' | 'response'): Schema {
    const name = typeof odataType === 'string' ? odataType.replace(/^#/, '').replace(/^microsoft\.graph\./, '') : '';
    const file = form === 'request' ? `${name}.request.schema.json` : `${name}.schema.json`;
    return (
      this.schemas.get(file) ??
      this.schemas.get(
        form === 'request' ? 'officeClientConfiguration.request.schema.json' : 'officeClientConfiguration.schema.json',
      ) ??
      {}
    );
  }

  compare(sent: unknown, got: unknown, schema: Schema, opts: CompareOptions, path = ''): string[] {
    const out: string[] = [];
    this.walk(sent, got, schema, opts, path, out);
    return out;
  }

  private walk(
    sent: unknown,
    got: unknown,
    schemaIn: Schema | undefined,
    opts: CompareOptions,
    path: string,
    out: string[],
  ): void {
    const where = path || '/';
    if (sent === null) {
      if (got !== null && got !== undefined) out.push(`${where}: sent null, got ${show(got)}`);
      return;
    }
    const schema = this.resolve(schemaIn, sent);
    if (typeof sent === 'string' && isStream(schema) && (got === undefined || got === null)) return;
    if (got === undefined) {
      out.push(`${where}: ${opts.missing}`);
      return;
    }
    if (typeof sent === 'string') {
      if (typeof got !== 'string') {
        out.push(`${where}: sent the string ${show(sent)}, got ${show(got)}`);
        return;
      }
      if (schema['format'] === 'date-time') {
        // The same text is the same value, even where it is no DateTimeOffset (checkin-datetime judges that).
        if (sent === got) return;
        const same = sameInstantAt(sent, got, opts.dateTimePrecision);
        if (same === undefined)
          out.push(`${where}: sent the instant ${sent}, got ${show(got)}, which is not an Edm.DateTimeOffset`);
        else if (!same)
          out.push(
            `${where}: sent the instant ${sent}, got ${show(got)} (not the same instant at ${opts.dateTimePrecision} fractional digits)`,
          );
        return;
      }
      if (isStream(schema)) {
        const a = decodeStream(sent);
        const b = decodeStream(got);
        if (!a || !b || !a.equals(b))
          out.push(`${where}: sent a Stream of ${a?.length ?? '?'} bytes, got ${show(got)} (decoded bytes differ)`);
        return;
      }
      if (sent !== got) out.push(`${where}: sent ${show(sent)}, got ${show(got)}`);
      return;
    }
    if (Array.isArray(sent)) {
      if (!Array.isArray(got)) {
        out.push(`${where}: sent an array of ${sent.length}, got ${show(got)}`);
        return;
      }
      if (got.length !== sent.length) {
        out.push(`${where}: sent ${sent.length} item(s), got ${got.length}`);
        return;
      }
      const items = schema['items'] as Schema | undefined;
      sent.forEach((item, i) => this.walk(item, got[i], items, opts, `${path}/${i}`, out));
      return;
    }
    if (sent && typeof sent === 'object') {
      if (!got || typeof got !== 'object' || Array.isArray(got)) {
        out.push(`${where}: sent an object, got ${show(got)}`);
        return;
      }
      const props = (schema['properties'] ?? {}) as Record<string, Schema>;
      for (const [key, value] of Object.entries(sent)) {
        if (key.includes('@')) continue;
        const propSchema = props[key];
        if (opts.skipReadOnly && propSchema?.['readOnly'] === true) continue;
        const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        this.walk(
          value,
          Object.prototype.hasOwnProperty.call(got, key) ? (got as Record<string, unknown>)[key] : undefined,
          propSchema,
          opts,
          childPath,
          out,
        );
      }
      return;
    }
    if (sent !== got) out.push(`${where}: sent ${show(sent)}, got ${show(got)}`);
  }
}
