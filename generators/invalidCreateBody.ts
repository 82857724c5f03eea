import fc from 'fast-check';
import { loadSpecs } from '../specs/loader';
import { arbitraryFromSchema } from './arbitraryFromSchema';
import { createRoots, type CreateBodyOptions, type CreateRoot } from './createRoots';
import { memoize } from './memo';
import { keysAlong, removeAt, setAt, toPointer, valueAt } from './jsonPath';
import { slotsOf, type Slot } from './slots';
import { ODATA_TYPE, knownTypeNames, propertiesOf } from './schema';
import { INVALID_RULES, invalidRule, type InvalidRule, type InvalidRuleId } from './invalidRules';
import { impossibleDateTimeOffset, malformedDateTimeOffset } from './badDateTimeOffset';
import {
  int32Overflow,
  invalidBase64,
  mismatchedTypeName,
  nonIntegral,
  unknownTypeName,
  wrongJsonType,
} from './badValues';
import { int32 } from './int32';
import { graphString } from './graphString';
import type { InvalidCase, ValidBody } from './types';
import type { Leniency } from '../specs/leniencies';
import { isDateTimeOffset } from '../specs/edm';

export interface InvalidBodyConstraints extends CreateBodyOptions {
  /** Only these rule ids (see INVALID_RULES); default every rule the schema has a spot for. */
  rules?: readonly string[];
}

interface Root extends CreateRoot {
  slots: Slot[];
  valid: fc.Arbitrary<ValidBody>;
}
type Case = fc.Arbitrary<InvalidCase>;
type Bad = fc.Arbitrary<unknown> | 'remove' | undefined;

/** A valid body that reaches the slot, broken there (value replaced, or property removed) and tagged. */
function atSlot(rule: InvalidRule, root: Root, slot: Slot, bad: fc.Arbitrary<unknown> | 'remove'): Case {
  const body = arbitraryFromSchema(root.schema, { ...root.constraints, reach: slot.steps }) as fc.Arbitrary<ValidBody>;
  const value = bad === 'remove' ? fc.constant(undefined) : bad;
  const arb = fc.tuple(body, value, fc.nat({ max: 11 })).map(([b, v, pick]): InvalidCase => {
    const keys = keysAlong(b, slot.steps, pick);
    if (!keys) throw new Error(`invalidCreateBody: a body misses ${JSON.stringify(slot.steps)}`);
    // A missing property is reported on the object that lacks it.
    return bad === 'remove'
      ? { rule: rule.id, pointer: toPointer(keys.slice(0, -1)), body: removeAt(b, keys), expectation: rule.expectation }
      : { rule: rule.id, pointer: toPointer(keys), body: setAt(b, keys, v), expectation: rule.expectation };
  });
  // Inside an anyOf branch a sibling branch may accept the broken value: keep only bodies the schema rejects.
  return slot.inBranch ? arb.filter((c) => !loadSpecs().createRequest(c.body)) : arb;
}

function perSlot(id: InvalidRuleId, roots: Root[], badFor: (slot: Slot) => Bad): Case[] {
  const rule = invalidRule(id);
  return roots.flatMap((root) =>
    root.slots.flatMap((slot) => {
      const bad = badFor(slot);
      return bad === undefined ? [] : [atSlot(rule, root, slot, bad)];
    }),
  );
}

function whole(
  id: InvalidRuleId,
  make: (valid: fc.Arbitrary<ValidBody>) => fc.Arbitrary<unknown>,
  roots: Root[],
): Case[] {
  const rule = invalidRule(id);
  return roots.map((r) =>
    make(r.valid).map((body): InvalidCase => ({ rule: rule.id, pointer: '', body, expectation: rule.expectation })),
  );
}

const isTypeSlot = (s: Slot): boolean => s.name === ODATA_TYPE && s.info.enum !== undefined;
const identifier = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/);

/** A top-level name the type does not declare: case variants of declared names (OData names are case-sensitive). */
function unknownProperty(root: Root): Case {
  const rule = invalidRule('unknown-property');
  const declared = new Set([...Object.keys(propertiesOf(root.schema)), ...Object.keys(root.rootProperties)]);
  const variants = [...declared]
    .filter((n) => !n.includes('@'))
    .flatMap((n) => [n.toUpperCase(), n.charAt(0).toUpperCase() + n.slice(1)]);
  const name = fc
    .oneof(fc.constantFrom(...variants, 'unknownProperty', 'isEnabled', 'tenantId', 'createdDateTime'), identifier)
    .filter((n) => !declared.has(n) && !n.includes('@'));
  const value = fc.oneof(graphString({ long: false }), int32(), fc.boolean(), fc.constant(null));
  return fc.tuple(root.valid, name, value).map(([b, n, v]): InvalidCase => ({
    rule: rule.id,
    pointer: toPointer([n]),
    body: { ...b, [n]: v },
    expectation: rule.expectation,
  }));
}

const NOT_JSON = [
  'truncated',
  'single-quotes',
  'trailing-comma',
  'unquoted-key',
  'two-documents',
  'nan',
  'comment',
] as const;
const NOT_JSON_TEXT = ['', 'hello', '<clientConfiguration/>', 'displayName=x&priority=1', '{', 'undefined'];

/** Text that JSON.parse rejects, mostly a valid body's JSON spoiled the way clients spoil it. */
function notJson(root: Root): Case {
  const rule = invalidRule('not-json');
  const spoiled = fc
    .tuple(root.valid, fc.constantFrom(...NOT_JSON), fc.nat())
    .map(([b, kind, n]): [string, Leniency?] => {
      const t = JSON.stringify(b); // always an object with @odata.type, so at least one member
      switch (kind) {
        case 'truncated':
          return [t.slice(0, 1 + (n % (t.length - 1)))];
        case 'single-quotes':
          // OData .NET reads single-quoted strings on purpose (COMPAT 45): a leniency, see checks/profiles.ts.
          return [t.replace(/"/g, "'"), 'json-single-quoted-strings'];
        case 'trailing-comma':
          return [`${t.slice(0, -1)},}`];
        case 'unquoted-key':
          // ... and unquoted property names (COMPAT 46).
          return [t.replace(`"${ODATA_TYPE}"`, ODATA_TYPE), 'json-unquoted-property-names'];
        case 'two-documents':
          return [t + t];
        case 'nan':
          return [`${t.slice(0, -1)},"value":NaN}`];
        case 'comment':
          return [`/* made by the conformance suite */${t}`];
      }
    });
  return fc
    .oneof(
      { arbitrary: spoiled, weight: 3 },
      { arbitrary: fc.constantFrom(...NOT_JSON_TEXT).map((t): [string, Leniency?] => [t]), weight: 1 },
    )
    .map(([raw, leniency]): InvalidCase => {
      const c: InvalidCase = { rule: rule.id, pointer: '', body: undefined, raw, expectation: rule.expectation };
      if (leniency) c.leniency = leniency;
      return c;
    });
}

/** 13 or more fraction digits on an otherwise valid DateTimeOffset: the ABNF refuses it, xsd:dateTime does not. */
function overlongFraction(value: unknown): boolean {
  return (
    typeof value === 'string' && /\.\d{13,}/.test(value) && isDateTimeOffset(value.replace(/\.(\d{12})\d+/, '.$1'))
  );
}

/**
 * Marks the cases a conforming service may accept (checks/profiles.ts LENIENCIES). Only the tag is added: the bodies
 * are the ones the rule's arbitrary made, so a seed makes the same bodies in every profile.
 */
function tagLeniency(c: InvalidCase): InvalidCase {
  if (c.leniency) return c;
  let leniency: Leniency | undefined;
  const body =
    c.body && typeof c.body === 'object' && !Array.isArray(c.body) ? (c.body as Record<string, unknown>) : {};
  if (c.rule === 'required-property-missing' && c.pointer === '' && !(ODATA_TYPE in body))
    leniency = 'missing-odata-type';
  if (c.rule === 'datetime-malformed' && overlongFraction(valueAt(c.body, c.pointer)))
    leniency = 'datetime-fraction-over-12-digits';
  return leniency ? { ...c, leniency } : c;
}

/**
 * Rules drawn more often than the others: DateTimeOffset is where parsers differ most (calendar days, hour 24,
 * fraction lengths), and its only spot is inside checkinStatuses items, so at an even draw a 100-case run met an
 * impossible date about six times and a server accepting Feb 30 or hour 24 went unnoticed on some seeds.
 */
const RULE_WEIGHT: Partial<Record<InvalidRuleId, number>> = { 'datetime-impossible': 3, 'datetime-malformed': 2 };

const RULES: Record<InvalidRuleId, (roots: Root[], known: ReadonlySet<string>) => Case[]> = {
  'wrong-json-type': (roots) => perSlot('wrong-json-type', roots, (s) => wrongJsonType(s.info)),
  'null-not-nullable': (roots) =>
    perSlot('null-not-nullable', roots, (s) => (s.info.nullable ? undefined : fc.constant(null))),
  'int32-overflow': (roots) => perSlot('int32-overflow', roots, (s) => (s.info.int32 ? int32Overflow() : undefined)),
  'int32-fraction': (roots) =>
    perSlot('int32-fraction', roots, (s) =>
      s.info.int32 && !s.info.types.includes('number') ? nonIntegral() : undefined,
    ),
  'datetime-impossible': (roots) =>
    perSlot('datetime-impossible', roots, (s) =>
      s.info.format === 'date-time' ? impossibleDateTimeOffset() : undefined,
    ),
  'datetime-malformed': (roots) =>
    perSlot('datetime-malformed', roots, (s) =>
      s.info.format === 'date-time' ? malformedDateTimeOffset() : undefined,
    ),
  'stream-invalid-base64': (roots) =>
    perSlot('stream-invalid-base64', roots, (s) => (s.info.contentEncoding === 'base64' ? invalidBase64() : undefined)),
  'odata-type-unknown': (roots, known) =>
    perSlot('odata-type-unknown', roots, (s) => (isTypeSlot(s) ? unknownTypeName(known) : undefined)),
  'odata-type-mismatch': (roots, known) =>
    perSlot('odata-type-mismatch', roots, (s) =>
      isTypeSlot(s) ? mismatchedTypeName(known, s.info.enum ?? []) : undefined,
    ),
  'required-property-missing': (roots) =>
    perSlot('required-property-missing', roots, (s) => (s.required && s.name !== undefined ? 'remove' : undefined)),
  'unknown-property': (roots) => roots.map(unknownProperty),
  'body-array': (roots) =>
    whole(
      'body-array',
      (v) =>
        fc.oneof(
          v.map((b) => [b]),
          v.map((b) => [b, b]),
          fc.constant(0).map(() => []),
        ),
      roots,
    ),
  'body-null': (roots) => whole('body-null', () => fc.constant(null), roots),
  'body-scalar': (roots) =>
    whole(
      'body-scalar',
      (v) =>
        fc.oneof(
          v.map((b) => JSON.stringify(b)),
          int32(),
          fc.boolean(),
          graphString({ long: false }),
        ),
      roots,
    ),
  'not-json': (roots) => roots.map(notJson),
};

/**
 * Create bodies that each break exactly one rule, tagged with the rule id and the JSON pointer of the broken spot.
 * Each is a valid body broken at one spot, and the spots come from the schema (slotsOf), so a property added to
 * specs/ is broken in every applicable way without edits here. Rules are drawn evenly, then spots within a rule.
 */
export const invalidCreateBody = memoize((c: InvalidBodyConstraints): fc.Arbitrary<InvalidCase> => {
  const { rules, ...options } = c;
  const roots: Root[] = createRoots(options).map((r) => ({
    ...r,
    slots: slotsOf(r.schema, { omitProperties: r.constraints.omitProperties ?? [], rootProperties: r.rootProperties }),
    valid: arbitraryFromSchema(r.schema, r.constraints) as fc.Arbitrary<ValidBody>,
  }));
  const known = knownTypeNames();
  const perRule: Array<{ arbitrary: Case; weight: number }> = [];
  for (const id of rules ?? INVALID_RULES.map((r) => r.id)) {
    const rule = invalidRule(id);
    const cases = RULES[rule.id as InvalidRuleId](roots, known);
    if (cases.length === 0) {
      if (rules) throw new Error(`invalidCreateBody: the schema has no spot for rule "${id}"`);
      continue;
    }
    const [only] = cases;
    perRule.push({
      arbitrary: cases.length === 1 && only ? only : fc.oneof(...cases),
      weight: RULE_WEIGHT[rule.id as InvalidRuleId] ?? 1,
    });
  }
  const [first] = perRule;
  if (!first) throw new Error('invalidCreateBody: no rule to break');
  return (perRule.length === 1 ? first.arbitrary : fc.oneof(...perRule)).map(tagLeniency);
});
