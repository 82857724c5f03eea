import { walkerFor, type Schema, type SchemaWalker } from '../specs/walker';
import { settingsFor } from './profiles';
import { asObject, isCreated, type Check, type Profile } from './types';

const bare = (t: string): string => t.replace(/^#/, '');

function nestedFailures(
  c: SchemaWalker,
  value: unknown,
  schemaIn: Schema | undefined,
  path: string,
  profile: Profile,
  out: string[],
): void {
  if (Array.isArray(value)) {
    const schema = c.resolve(schemaIn, undefined);
    value.forEach((v, i) => nestedFailures(c, v, c.items(schema), `${path}/${i}`, profile, out));
    return;
  }
  const obj = asObject(value);
  if (!obj) return;
  const schema = c.resolve(schemaIn, obj);
  const props = c.properties(schema);
  if (path !== '') {
    const t = obj['@odata.type'];
    if (t !== undefined) {
      const allowed = c.typeNames(schema).map(bare);
      if (typeof t !== 'string') out.push(`${path}/@odata.type is ${JSON.stringify(t)}, not a string`);
      else if (allowed.length > 0 && !allowed.includes(bare(t)))
        out.push(`${path}/@odata.type "${t}" does not name the declared type (${[...new Set(allowed)].join(' or ')})`);
      else if (settingsFor(profile).typeHashRequired && !t.startsWith('#'))
        out.push(`${path}/@odata.type "${t}" lacks the leading "#" (required in ${profile})`);
    }
  }
  for (const [key, v] of Object.entries(obj)) {
    if (key.includes('@') || v === null || typeof v !== 'object') continue;
    nestedFailures(c, v, props[key], `${path}/${key}`, profile, out);
  }
}

export const odataType: Check = {
  id: 'odata-type',
  rule: 'The 201 body names the type sent at the top level ("#microsoft.graph.windowsOfficeClientConfiguration"); a nested @odata.type, where present, names the declared type or one derived from it. The leading "#" is optional at every level in graph-docs (JSON Format 4.01), required in odata-strict (JSON Format 4.0).',
  source:
    'OData JSON Format 4.01 section 4.5.3 (type control information: MUST appear for a derived type; "#" may be left out in 4.01); OData JSON Format 4.0 section 4.5.3 ("#" required); specs/DERIVATION.md nested-odata-type-without-hash',
  severity: () => 'error',
  appliesTo: isCreated,
  judge: (ex, ctx) => {
    const got = asObject(ex.response.json);
    if (!got) return ['the 201 body is not a JSON object'];
    const sentType = asObject(ex.request.body)?.['@odata.type'];
    const expected = typeof sentType === 'string' ? `#${bare(sentType)}` : undefined;
    const out: string[] = [];
    const top = got['@odata.type'];
    const hashRequired = settingsFor(ctx.profile).typeHashRequired;
    if (top === undefined)
      out.push(`the 201 body has no top-level @odata.type${expected ? ` (expected "${expected}")` : ''}`);
    else if (typeof top !== 'string') out.push(`top-level @odata.type is ${JSON.stringify(top)}, not a string`);
    else if (expected && bare(top) !== bare(expected))
      out.push(`top-level @odata.type is ${JSON.stringify(top)}, expected "${expected}"`);
    else if (hashRequired && !top.startsWith('#'))
      out.push(`top-level @odata.type "${top}" lacks the leading "#" (required in ${ctx.profile})`);
    const c = walkerFor(ctx.specs.schemas);
    const schema = c.typeSchema(typeof top === 'string' ? top : sentType, 'response', 'officeClientConfiguration');
    nestedFailures(c, got, schema, '', ctx.profile, out);
    return out;
  },
};
