/** Which schema a create body follows, read from createRequest's @odata.type dispatch (shared by valid and invalid). */
import type { ArbitraryFromSchemaConstraints } from './arbitraryFromSchema';
import type { ODataTypeSpelling } from './odataTypeAnnotation';
import {
  CREATE_REQUEST_FILE,
  ODATA_TYPE,
  deref,
  dispatchOf,
  navigationProperties,
  propertiesOf,
  streamProperties,
  schemaFile,
  type Schema,
} from './schema';

/** Options common to valid bodies and to the valid bodies invalid ones are made from. */
export interface CreateBodyOptions {
  /**
   * Derived type(s) named by @odata.type, without namespace, or 'any' (every creatable type); default
   * 'windowsOfficeClientConfiguration'.
   */
  odataType?: string | readonly string[];
  /**
   * Generate navigation properties too (deep insert of relationships such as `assignments`); default false. The docs
   * document no deep insert (assignments go through the `assign` action), so a server may rightly refuse them; the
   * schemas mark them with NAVIGATION_KEYWORD, which derive takes from the pages' Relationships tables.
   */
  includeNavigation?: boolean;
  /** Spelling of nested @odata.type annotations; default 'any' (with '#', without, absent). */
  nestedODataType?: ODataTypeSpelling;
  /** Longest generated array; default 3. */
  maxItems?: number;
  /** Let strings run to thousands of characters; default true. */
  longStrings?: boolean;
  /** Most fractional-second digits in DateTimeOffsets (0 to 12); default 12. */
  maxFractionDigits?: number;
  /**
   * Send Edm.Stream properties; default true. Off for a service that refuses streams in JSON request bodies (OData
   * .NET services have: "Stream properties are only supported in responses").
   */
  streams?: boolean;
}

export interface CreateRoot {
  /** The top-level @odata.type value, always with '#'. */
  odataType: string;
  /** The derived type's request schema (the `then` of the dispatch). */
  schema: Schema;
  /** createRequest's own root properties (its @odata.type enum admits every creatable type). */
  rootProperties: Readonly<Record<string, Schema>>;
  constraints: ArbitraryFromSchemaConstraints;
}

export function createRoots(o: CreateBodyOptions): CreateRoot[] {
  const root = schemaFile(CREATE_REQUEST_FILE);
  const dispatch = dispatchOf(root).filter((d) => d.key === ODATA_TYPE);
  const wanted = new Set(
    typeof o.odataType === 'string' ? [o.odataType] : (o.odataType ?? ['windowsOfficeClientConfiguration']),
  );
  const base: ArbitraryFromSchemaConstraints = {
    ...(o.nestedODataType !== undefined ? { odataType: o.nestedODataType } : {}),
    ...(o.maxItems !== undefined ? { maxItems: o.maxItems } : {}),
    ...(o.longStrings !== undefined ? { longStrings: o.longStrings } : {}),
    ...(o.maxFractionDigits !== undefined ? { maxFractionDigits: o.maxFractionDigits } : {}),
  };
  const out: CreateRoot[] = [];
  for (const d of dispatch) {
    for (const v of d.values) {
      if (!v.startsWith('#')) continue;
      const short = v.slice(v.lastIndexOf('.') + 1);
      if (!wanted.has('any') && !wanted.has(short)) continue;
      const schema = deref(d.then);
      const omitted = [
        ...(o.includeNavigation === true ? [] : navigationProperties(schema)),
        ...(o.streams === false ? streamProperties(schema) : []),
      ];
      out.push({
        odataType: v,
        schema,
        rootProperties: propertiesOf(root),
        constraints: {
          ...base,
          omitProperties: omitted,
          fixed: { [ODATA_TYPE]: v },
        },
      });
    }
  }
  const unknown = [...wanted].filter((w) => w !== 'any' && !out.some((r) => r.odataType.endsWith(`.${w}`)));
  if (out.length === 0 || unknown.length > 0) {
    const names = dispatch.flatMap((d) =>
      d.values.filter((v) => v.startsWith('#')).map((v) => v.slice(v.lastIndexOf('.') + 1)),
    );
    throw new Error(
      `create body: unknown odataType "${[...(unknown.length > 0 ? unknown : wanted)].join(', ')}"; expected 'any' or one of ${names.join(', ')}`,
    );
  }
  return out;
}
