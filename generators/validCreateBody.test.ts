import fc from 'fast-check';
import { INT32_MAX, INT32_MIN } from '../specs/edm';
import { loadSpecs, toSchemaErrors } from '../specs/loader';
import { createRoots } from './createRoots';
import type { Step } from './jsonPath';
import { slotsOf } from './slots';
import { validCreateBody } from './validCreateBody';

const { createRequest } = loadSpecs();

/** Every value a schema path leads to in `value` (all array items). */
function reach(value: unknown, steps: readonly Step[]): unknown[] {
  let at: unknown[] = [value];
  for (const step of steps) {
    if ('branch' in step) continue;
    at = at.flatMap((v) =>
      'item' in step
        ? Array.isArray(v)
          ? (v as unknown[])
          : []
        : typeof v === 'object' && v !== null && !Array.isArray(v) && step.prop in v
          ? [(v as Record<string, unknown>)[step.prop]]
          : [],
    );
  }
  return at;
}

/** All strings in a body except annotation values. */
function strings(v: unknown, key = ''): string[] {
  if (typeof v === 'string') return key.startsWith('@') ? [] : [v];
  if (Array.isArray(v)) return v.flatMap((x) => strings(x));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => strings(x, k));
  return [];
}

describe('validCreateBody', () => {
  const bodies = fc.sample(validCreateBody(), { numRuns: 1000, seed: 20240601 });

  test('every body passes the createRequest schema, names the type with # and carries no readOnly property', () => {
    for (const b of bodies) {
      expect([createRequest(b), toSchemaErrors(createRequest.errors)]).toEqual([true, []]);
      expect(b['@odata.type']).toBe('#microsoft.graph.windowsOfficeClientConfiguration');
      expect('id' in b || 'lastModifiedDateTime' in b || 'assignments' in b).toBe(false);
      expect(JSON.parse(JSON.stringify(b))).toEqual(b);
    }
  });

  test('coverage over 1,000 bodies: each optional property present and absent, each nullable one null', () => {
    const [root] = createRoots({});
    if (!root) throw new Error('no root');
    const slots = slotsOf(root.schema, {
      omitProperties: root.constraints.omitProperties ?? [],
      rootProperties: root.rootProperties,
    });
    const report: string[] = [];
    for (const slot of slots) {
      const where = JSON.stringify(slot.steps);
      if (slot.name !== undefined && !slot.required) {
        const parents = reach(bodies, [{ item: true }, ...slot.steps.slice(0, -1)]).filter(
          (p): p is Record<string, unknown> => typeof p === 'object' && p !== null && !Array.isArray(p),
        );
        const present = parents.filter((p) => slot.name !== undefined && slot.name in p).length;
        if (present === 0 || present === parents.length) report.push(`${where}: present ${present}/${parents.length}`);
      }
      const values = reach(bodies, [{ item: true }, ...slot.steps]);
      if (slot.info.nullable && !values.includes(null)) report.push(`${where}: never null`);
      if (slot.info.int32 && !(values.includes(INT32_MIN) && values.includes(INT32_MAX)))
        report.push(`${where}: an Int32 bound is missing`);
    }
    expect(report).toEqual([]);
  });

  test('coverage over 1,000 bodies: non-ASCII, long, empty and JSON-escaping strings, several nested spellings', () => {
    const all = bodies.flatMap((b) => strings(b));
    expect(all.some((s) => /[^\x00-\x7f]/.test(s))).toBe(true);
    expect(all.some((s) => /[\u{10000}-\u{10ffff}]/u.test(s))).toBe(true);
    expect(all.some((s) => s.length >= 1000)).toBe(true);
    expect(all).toContain('');
    expect(all.some((s) => /["\\\u0000-\u001f]/.test(s))).toBe(true);
    const nested = bodies.flatMap((b) => reach(b, [{ prop: 'userCheckinSummary' }]));
    const spellings = new Set(nested.map((s) => (s as Record<string, unknown>)['@odata.type']));
    expect(spellings).toEqual(
      new Set([undefined, '#microsoft.graph.officeUserCheckinSummary', 'microsoft.graph.officeUserCheckinSummary']),
    );
  });

  test('the same seed gives the same bodies', () => {
    const a = fc.sample(validCreateBody(), { numRuns: 50, seed: 7 });
    const b = fc.sample(validCreateBody({}), { numRuns: 50, seed: 7 });
    expect(b).toEqual(a);
    expect(fc.sample(validCreateBody(), { numRuns: 50, seed: 8 })).not.toEqual(a);
  });

  test('shrinking a body with a long displayName keeps the failure and drops the rest', () => {
    const longName = (b: Record<string, unknown>): boolean =>
      typeof b['displayName'] === 'string' && b['displayName'].length >= 1000;
    const out = fc.check(
      fc.property(validCreateBody(), (b) => !longName(b)),
      { seed: 99, numRuns: 1000 },
    );
    expect(out.failed).toBe(true);
    const [cx] = out.counterexample ?? [];
    if (!cx) throw new Error('no counterexample');
    expect(longName(cx)).toBe(true);
    expect(Object.keys(cx).sort()).toEqual(['@odata.type', 'displayName']);
    expect((cx['displayName'] as string).length).toBeLessThan(1100);
    expect(createRequest(cx)).toBe(true);
  });

  test('constraints: the security sibling, both types, assignments, strict nested spelling, short strings', () => {
    const security = fc.sample(validCreateBody({ odataType: 'windowsOfficeClientSecurityConfiguration' }), {
      numRuns: 100,
      seed: 1,
    });
    expect(
      security.every((b) => b['@odata.type'] === '#microsoft.graph.windowsOfficeClientSecurityConfiguration'),
    ).toBe(true);
    const any = fc.sample(validCreateBody({ odataType: 'any', includeNavigation: true }), { numRuns: 300, seed: 2 });
    expect(new Set(any.map((b) => b['@odata.type'])).size).toBe(2);
    expect(any.some((b) => Array.isArray(b['assignments']) && b['assignments'].length > 0)).toBe(true);
    for (const b of [...security, ...any]) expect(createRequest(b)).toBe(true);
    const strict = fc.sample(validCreateBody({ nestedODataType: 'hash', longStrings: false }), {
      numRuns: 200,
      seed: 3,
    });
    for (const b of strict) {
      expect(JSON.stringify(b)).not.toMatch(/"@odata\.type":"microsoft/);
      expect(strings(b).every((s) => s.length < 1000 || /^[A-Za-z0-9+/=]+$/.test(s))).toBe(true);
    }
    expect(() => validCreateBody({ odataType: 'officeClientConfiguration' })).toThrow(/unknown odataType/);
  });
});
