/** Which schema a create body follows, read from createRequest's @odata.type dispatch (shared by valid and invalid). */
import type { ArbitraryFromSchemaConstraints } from './arbitraryFromSchema';
import type { ODataTypeSpelling } from './odataTypeAnnotation';
import { CREATE_REQUEST_FILE, ODATA_TYPE, deref, dispatchOf, propertiesOf, schemaFile, type Schema } from './schema';

/**
 * Navigation properties left out of create bodies unless asked for: `assignments` is a relationship, and the docs
 * document no deep insert for it (assignments are made through the `assign` action), so a server may rightly refuse
 * it. The schemas do not mark navigation properties, hence this list; DERIVATION.md tags them "(relationship)".
 */
export const NAVIGATION_PROPERTIES: readonly string[] = ['assignments'];

/** Options common to valid bodies and to the valid bodies invalid ones are made from. */
export interface CreateBodyOptions {
  /** Derived type named by @odata.type, without namespace, or 'any'; default 'windowsOfficeClientConfiguration'. */
  odataType?: string;
  /** Generate the `assignments` navigation property too (deep insert); default false. */
  includeAssignments?: boolean;
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
    omitProperties: o.includeAssignments === true ? [] : NAVIGATION_PROPERTIES,
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
        constraints: { ...base, fixed: { [ODATA_TYPE]: v } },
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
