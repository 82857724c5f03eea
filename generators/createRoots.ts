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
  schemaFile,
  type Schema,
} from './schema';

/** Options common to valid bodies and to the valid bodies invalid ones are made from. */
export interface CreateBodyOptions {
  /** Derived type named by @odata.type, without namespace, or 'any'; default 'windowsOfficeClientConfiguration'. */
  odataType?: string;
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
  const wanted = o.odataType ?? 'windowsOfficeClientConfiguration';
  const base: ArbitraryFromSchemaConstraints = {
    ...(o.nestedODataType !== undefined ? { odataType: o.nestedODataType } : {}),
    ...(o.maxItems !== undefined ? { maxItems: o.maxItems } : {}),
    ...(o.longStrings !== undefined ? { longStrings: o.longStrings } : {}),
  };
  const out: CreateRoot[] = [];
  for (const d of dispatch) {
    for (const v of d.values) {
      if (!v.startsWith('#')) continue;
      const short = v.slice(v.lastIndexOf('.') + 1);
      if (wanted !== 'any' && wanted !== short) continue;
      out.push({
        odataType: v,
        schema: deref(d.then),
        rootProperties: propertiesOf(root),
        constraints: {
          ...base,
          omitProperties: o.includeNavigation === true ? [] : navigationProperties(deref(d.then)),
          fixed: { [ODATA_TYPE]: v },
        },
      });
    }
  }
  if (out.length === 0) {
    const names = dispatch.flatMap((d) =>
      d.values.filter((v) => v.startsWith('#')).map((v) => v.slice(v.lastIndexOf('.') + 1)),
    );
    throw new Error(`create body: unknown odataType "${wanted}"; expected 'any' or one of ${names.join(', ')}`);
  }
  return out;
}
