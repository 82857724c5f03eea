import fc from 'fast-check';
import { loadSpecs, toSchemaErrors, type SchemaError } from '../specs/loader';
import { invalidCreateBody } from './invalidCreateBody';
import { INVALID_RULES } from './invalidRules';
import type { InvalidCase } from './types';

const { createRequest } = loadSpecs();

/**
 * Why a case fails: its errors, and the ones not at its pointer. An error elsewhere is tolerated only inside an
 * anyOf that contains the pointer (ajv reports every failed branch), so "exactly one spot" really holds.
 */
function verdict(c: InvalidCase): { accepted: boolean; atPointer: SchemaError[]; elsewhere: SchemaError[] } {
  const accepted = createRequest(c.body);
  const errors = toSchemaErrors(createRequest.errors);
  const anyOf = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.pointer + '/');
  const inside = (p: string, prefix: string): boolean => (p + '/').startsWith(prefix);
  const elsewhere = errors.filter(
    (e) => e.pointer !== c.pointer && !anyOf.some((a) => inside(c.pointer, a) && inside(e.pointer, a)),
  );
  return { accepted, atPointer: errors.filter((e) => e.pointer === c.pointer), elsewhere };
}

function expectBrokenExactlyOnce(c: InvalidCase): void {
  const rule = INVALID_RULES.find((r) => r.id === c.rule);
  expect(rule?.expectation).toBe(c.expectation);
  if (c.rule === 'not-json') {
    expect(c.body).toBeUndefined();
    expect(() => JSON.parse(c.raw ?? '{}') as unknown).toThrow();
    return;
  }
  expect(c.raw).toBeUndefined();
  // What goes on the wire is JSON.stringify(body): the break must survive it.
  expect(JSON.parse(JSON.stringify(c.body)) as unknown).toEqual(c.body);
  // An undeclared property is tagged with its own pointer; the schema reports it on the object that has it.
  const at = c.rule === 'unknown-property' ? c.pointer.slice(0, c.pointer.lastIndexOf('/')) : c.pointer;
  const v = verdict({ ...c, pointer: at });
  const summary = {
    rule: c.rule,
    pointer: at,
    accepted: v.accepted,
    atPointer: v.atPointer.length > 0,
    elsewhere: v.elsewhere,
  };
  expect(summary).toEqual({ rule: c.rule, pointer: at, accepted: false, atPointer: true, elsewhere: [] });
  if (c.rule === 'unknown-property') {
    expect(c.pointer).toMatch(/^\/[^/]+$/);
    expect(v.atPointer.map((e) => e.keyword)).toContain('additionalProperties');
  }
  if (c.rule.startsWith('body-')) expect(c.pointer).toBe('');
}

describe('invalidCreateBody', () => {
  const cases = fc.sample(invalidCreateBody(), { numRuns: 1000, seed: 20240601 });

  test('every case fails the schema exactly at its tagged pointer (or is not JSON, for not-json)', () => {
    for (const c of cases) expectBrokenExactlyOnce(c);
  });

  test('tags exactly the bodies a conforming service may accept with their leniency', () => {
    const byLeniency = new Map<string, InvalidCase[]>();
    for (const c of cases) if (c.leniency) byLeniency.set(c.leniency, [...(byLeniency.get(c.leniency) ?? []), c]);
    expect([...byLeniency.keys()].sort()).toEqual([
      'datetime-fraction-over-12-digits',
      'json-single-quoted-strings',
      'json-unquoted-property-names',
      'missing-odata-type',
    ]);
    for (const c of byLeniency.get('missing-odata-type') ?? []) {
      expect(c.rule).toBe('required-property-missing');
      expect(c.body).not.toHaveProperty(['@odata.type']);
    }
    for (const c of byLeniency.get('json-single-quoted-strings') ?? []) expect(c.raw).not.toContain('"');
    for (const c of byLeniency.get('json-unquoted-property-names') ?? []) expect(c.raw).toMatch(/^\{@odata\.type:/);
    for (const c of byLeniency.get('datetime-fraction-over-12-digits') ?? [])
      expect(JSON.stringify(c.body)).toMatch(/\.\d{13,}/);
    // Every other break of these rules stays untagged: a nested required property, other spoiled JSON, free text.
    expect(cases.some((c) => c.rule === 'not-json' && !c.leniency)).toBe(true);
    expect(cases.some((c) => c.rule === 'datetime-malformed' && !c.leniency)).toBe(true);
  });

  test('every rule appears in 1,000 cases, and rule ids are unique', () => {
    const seen = new Set(cases.map((c) => c.rule));
    expect([...seen].sort()).toEqual(INVALID_RULES.map((r) => r.id).sort());
    expect(new Set(INVALID_RULES.map((r) => r.id)).size).toBe(INVALID_RULES.length);
  });

  test('breaks nested spots too, and with assignments and both types still breaks exactly one spot', () => {
    expect(cases.some((c) => c.pointer.startsWith('/checkinStatuses/'))).toBe(true);
    expect(cases.some((c) => c.pointer.startsWith('/userCheckinSummary/'))).toBe(true);
    const wide = fc.sample(invalidCreateBody({ includeNavigation: true, odataType: 'any' }), {
      numRuns: 600,
      seed: 5,
    });
    for (const c of wide) expectBrokenExactlyOnce(c);
    expect(wide.some((c) => c.pointer.startsWith('/assignments/'))).toBe(true);
  });

  test('the same seed gives the same cases', () => {
    expect(fc.sample(invalidCreateBody(), { numRuns: 50, seed: 3 })).toEqual(
      fc.sample(invalidCreateBody({}), { numRuns: 50, seed: 3 }),
    );
  });

  test('rules can be chosen, and an unknown rule is refused', () => {
    const only = fc.sample(invalidCreateBody({ rules: ['int32-overflow', 'not-json'] }), { numRuns: 100, seed: 4 });
    expect(new Set(only.map((c) => c.rule))).toEqual(new Set(['int32-overflow', 'not-json']));
    expect(() => invalidCreateBody({ rules: ['no-such-rule'] })).toThrow(/unknown invalid rule/);
  });

  test('shrinking keeps the broken rule and pointer and drops the rest of the body', () => {
    const out = fc.check(
      fc.property(
        invalidCreateBody({ rules: ['int32-overflow'] }),
        (c) => c.pointer !== '/userCheckinSummary/failedUserCount',
      ),
      { seed: 6, numRuns: 500 },
    );
    const [cx] = out.counterexample ?? [];
    if (!cx) throw new Error('no counterexample');
    expect(cx.pointer).toBe('/userCheckinSummary/failedUserCount');
    expect(cx.body).toEqual({
      '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration',
      userCheckinSummary: { failedUserCount: 2147483648 },
    });
    expectBrokenExactlyOnce(cx);
  });
});
