/** The spots of a body an invalid case can break, read from the schema so new properties are covered unasked. */
import type { Step } from './jsonPath';
import { branchesOf, deref, infoOf, isObject, propertiesOf, requiredOf, type Schema, type SchemaInfo } from './schema';

export interface Slot {
  /** How to get from the root to the value. */
  steps: readonly Step[];
  /** The property's or item's schema, and what it allows. */
  schema: Schema;
  info: SchemaInfo;
  /** The property name; undefined for an array item. */
  name?: string;
  /** The enclosing object requires the property. */
  required: boolean;
  /** Inside an anyOf/oneOf branch, where a sibling branch may still accept what this one rejects. */
  inBranch: boolean;
}

export interface SlotOptions {
  /** Root properties not generated (and so not broken). */
  omitProperties?: readonly string[];
  /** Root property schemas that replace the root schema's own (createRequest's @odata.type admits every type). */
  rootProperties?: Readonly<Record<string, Schema>>;
}

/** Every property and array item under `root`, depth first, readOnly properties left out (they are never sent). */
export function slotsOf(root: Schema, options: SlotOptions = {}): Slot[] {
  const out: Slot[] = [];
  const omit = new Set(options.omitProperties ?? []);
  const visit = (schema: Schema, steps: readonly Step[], inBranch: boolean, depth: number): void => {
    if (depth > 16) return; // a recursive schema: deep enough for any body we generate
    const s = deref(schema);
    const branches = branchesOf(s);
    if (branches) {
      branches.forEach((b, i) => visit(b, [...steps, { branch: i }], true, depth + 1));
      return;
    }
    const info = infoOf(s);
    if (info.types.includes('object')) {
      const required = requiredOf(s);
      for (const [name, own] of Object.entries(propertiesOf(s))) {
        if (depth === 0 && omit.has(name)) continue;
        const ps = (depth === 0 ? options.rootProperties?.[name] : undefined) ?? own;
        const pinfo = infoOf(ps);
        if (pinfo.readOnly) continue;
        const at = [...steps, { prop: name }];
        out.push({ steps: at, schema: ps, info: pinfo, name, required: required.includes(name), inBranch });
        visit(ps, at, inBranch, depth + 1);
      }
    }
    const items = s['items'];
    if (info.types.includes('array') && isObject(items)) {
      const at: Step[] = [...steps, { item: true }];
      out.push({ steps: at, schema: items, info: infoOf(items), required: false, inBranch });
      visit(items, at, inBranch, depth + 1);
    }
  };
  visit(root, [], false, 0);
  return out;
}
