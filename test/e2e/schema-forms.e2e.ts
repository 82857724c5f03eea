/**
 * The checks walk the schemas through specs/walker.ts, so how derive writes a schema must not change a verdict. Here
 * every schema file is rewritten the way other generators write JSON Schema: every referenced file embedded under the
 * root's own `$defs` and referenced locally (`#/$defs/x`), nullable alternatives as `oneOf`. Every check then judges
 * the same exchanges with both schema sets and must reach the same verdicts, message for message.
 */
import fc from 'fast-check';
import { BUILTIN_CHECKS } from '../../checks/registry';
import type { CheckContext, Exchange } from '../../checks/types';
import { validCreateBody } from '../../generators';
import { compileSpecs, loadSpecs, type Specs } from '../../specs/loader';

type Json = Record<string, unknown>;

const fileOf = (ref: string): string => (ref.split('#')[0] ?? '').split('/').pop() ?? '';

/** Files a schema refers to, transitively. */
function referenced(schemas: ReadonlyMap<string, Json>, start: Json): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const ref = (node as Json)['$ref'];
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      const f = fileOf(ref);
      if (!found.has(f)) {
        found.add(f);
        visit(schemas.get(f));
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(start);
  return found;
}

/** Keywords that stay beside a nullable value's `oneOf` (they describe the property, not the value's type). */
const ANNOTATIONS = ['readOnly', 'x-ms-navigationProperty', 'description', 'title'];

/**
 * A copy with refs made local, and every nullable `type: [X, "null"]` written as `oneOf: [{type: X, ...}, {type:
 * "null"}]`, the way OpenAPI-to-JSON-Schema converters write nullable values.
 */
function rewrite(node: unknown, self: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, self));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const type = src['type'];
  if (Array.isArray(type) && type.length === 2 && type.includes('null')) {
    const valueType = type.find((t) => t !== 'null');
    const inner: Json = { type: valueType };
    const outer: Json = {};
    for (const [k, v] of Object.entries(src)) {
      if (k === 'type') continue;
      if (ANNOTATIONS.includes(k)) outer[k] = v;
      else inner[k] = rewrite(v, self);
    }
    return { ...outer, oneOf: [inner, { type: 'null' }] };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref' && typeof v === 'string' && !v.startsWith('#'))
      out[k] = fileOf(v) === self ? '#' : `#/$defs/${fileOf(v).replace(/\.json$/, '')}`;
    else out[k] = rewrite(v, self);
  }
  return out;
}

function withDefs(schemas: ReadonlyMap<string, Json>): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [file, doc] of schemas) {
    const root = rewrite(doc, file) as Json;
    const defs: Json = {};
    for (const f of referenced(schemas, doc)) {
      if (f === file) continue;
      const { $id: _id, $schema: _s, ...embedded } = schemas.get(f) ?? {};
      defs[f.replace(/\.json$/, '')] = rewrite(embedded, file);
    }
    if (Object.keys(defs).length > 0) root['$defs'] = defs;
    out.set(file, root);
  }
  return out;
}

const ID = '5f0c0a0e-1111-4222-8333-444455556666';
const URL0 = 'http://127.0.0.1:1/officeConfiguration/clientConfigurations';

function exchange(sent: Json, answer: Json, read: Json = answer): Exchange {
  const resp = (json: Json, status: number): Exchange['response'] => ({
    status,
    headers: { 'content-type': 'application/json', location: `${URL0}/${ID}` },
    text: JSON.stringify(json),
    json,
    durationMs: 1,
  });
  return {
    caseId: 'v0',
    kind: 'valid',
    request: { method: 'POST', url: URL0, headers: {}, body: sent, text: JSON.stringify(sent) },
    response: resp(answer, 201),
    readBack: { request: { method: 'GET', url: `${URL0}/${ID}`, headers: {} }, response: resp(read, 200) },
  };
}

/** Answers a conforming server might give, and some that break a rule, for one sent body. */
function answers(body: Json): Json[] {
  const entity: Json = { ...body, id: ID, lastModifiedDateTime: new Date().toISOString() };
  const statuses = Array.isArray(body['checkinStatuses']) ? (body['checkinStatuses'] as Json[]) : [];
  const shiftDates = (d: string): string => d.replace(/(Z|[+-]\d{2}:\d{2})$/, (z) => (z === 'Z' ? '+01:00' : 'Z'));
  return [
    entity,
    { ...entity, '@odata.type': String(body['@odata.type']).replace('#', '') },
    { ...entity, policyPayload: null, userPreferencePayload: 'not base64!' },
    { ...entity, displayName: 42 },
    { ...entity, priority: null },
    { ...entity, '@odata.type': '#microsoft.graph.officeConfiguration' },
    {
      ...entity,
      checkinStatuses: statuses.map((s) => ({ ...s, checkinDateTime: shiftDates(String(s['checkinDateTime'])) })),
    },
    {
      ...entity,
      checkinStatuses: statuses.map((s) => ({ ...s, '@odata.type': 'microsoft.graph.officeUserCheckinSummary' })),
    },
    {
      ...entity,
      userCheckinSummary: { '@odata.type': '#microsoft.graph.officeClientCheckinStatus', succeededUserCount: 1 },
    },
  ];
}

/** Checks whose messages are ajv's: a schema written another way words the same verdict differently. */
const AJV_WORDED = ['response-schema', 'error-shape'];

function verdicts(specs: Specs, exchanges: Exchange[]): string[] {
  const ctx: CheckContext = {
    profile: 'graph-docs',
    specs,
    runStartedAt: Date.now() - 60_000,
    now: Date.now,
    seenIds: new Map(),
  };
  const out: string[] = [];
  for (const profile of ['graph-docs', 'odata-strict'] as const)
    exchanges.forEach((ex, i) => {
      for (const check of BUILTIN_CHECKS) {
        const c = { ...ctx, profile };
        const judged = check.appliesTo(ex, c) ? check.judge(ex, c) : 'n/a';
        const shown =
          AJV_WORDED.includes(check.id) && Array.isArray(judged) ? (judged.length > 0 ? 'failed' : 'passed') : judged;
        out.push(`${profile} ${i} ${check.id}: ${JSON.stringify(shown)}`);
      }
    });
  return out;
}

test('every check reaches the same verdicts with the schemas rewritten to $defs and oneOf', () => {
  const original = loadSpecs();
  const rewritten = withDefs(original.schemas);
  // The rewrite really changed the form: local refs and oneOf, no ref by file name left.
  const text = JSON.stringify([...rewritten.values()]);
  expect(text.includes('"$ref":"#/$defs/')).toBe(true);
  expect(text.includes('"oneOf"')).toBe(true);
  expect(/"\$ref":"[^#"]/.test(text)).toBe(false);
  expect(/"type":\["[a-z]+","null"\]/.test(text)).toBe(false);
  const other = compileSpecs(rewritten);
  const bodies = fc.sample(validCreateBody({ odataType: 'any', includeNavigation: true }), { numRuns: 120, seed: 77 });
  const exchanges = bodies.flatMap((b) => answers(b).map((a) => exchange(b, a)));
  const a = verdicts(original, exchanges);
  const b = verdicts(other, exchanges);
  expect(b).toEqual(a);
  // And the corpus is not trivially green: both pass and fail verdicts occur for the schema-walking checks.
  const passed = (id: string): boolean => a.some((v) => v.includes(` ${id}: []`) || v.includes(` ${id}: "passed"`));
  // A check fails with messages (["...") or findings as data ([{"message": ...).
  const failed = (id: string): boolean =>
    a.some((v) => v.includes(` ${id}: ["`) || v.includes(` ${id}: [{`) || v.includes(` ${id}: "failed"`));
  for (const id of ['response-schema', 'echo-fields', 'odata-type', 'read-after-create', 'checkin-datetime'])
    expect([id, passed(id), failed(id)]).toEqual([id, true, true]);
});
