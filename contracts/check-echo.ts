/**
 * The echo rule of `pact check`: whether a service that writes back what the create sent meets the expected 201 body
 * (its matchers applied). An exact value is compared by Edm meaning (a DateTimeOffset by instant, a Stream by its
 * bytes), a matcher by accepting the sent value, `type` mode by JSON kinds.
 */
import { decodeStream, sameInstantAt } from '../specs/edm';
import { isObject, type Schema, type SchemaInfo } from '../specs/walker';
import type { CheckContext, Findings } from './check-context';
import { describeMatcher, isEqualityRule, isTypeRule, ruleAccepts } from './check-expectation';
import { ruleAt, type MatcherRule } from './check-pact';
import { describeKind, kindOf, pointer, show, type Path } from './check-values';

const where = (path: Path): string => `expected body ${pointer(path)}`;

/** One echo comparison: the profile's context, the expected body's matching rules, and the findings it adds to. */
class Echo {
  constructor(
    private readonly ctx: CheckContext,
    private readonly rules: readonly MatcherRule[],
    private readonly f: Findings,
  ) {}

  /** Whether echoing `sent` meets `expected` at `path`, in `type` mode (a type matcher above) or not. */
  compare(sent: unknown, expected: unknown, schemaIn: Schema | undefined, path: Path, typeMode: boolean): void {
    const byType = this.modeAt(sent, expected, path, typeMode);
    if (byType === undefined) return;
    if (sent === null) {
      if (expected !== null)
        this.f.add(
          'response-echo',
          `${where(path)}: the create sent null, yet ${show(expected)} is expected (null or absent is the echo)`,
        );
      return;
    }
    const w = this.ctx.walker;
    const schema = schemaIn ? w.resolve(schemaIn, sent) : undefined;
    if (kindOf(sent) !== kindOf(expected)) {
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent ${describeKind(sent)} (${show(sent)}), yet ${show(expected)} is expected`,
      );
      return;
    }
    if (Array.isArray(sent) && Array.isArray(expected)) return this.arrays(sent, expected, schema, path, byType);
    if (isObject(sent) && isObject(expected)) return this.objects(sent, expected, schema, path, byType);
    if (byType) return; // same kind: a type matcher accepts it
    this.scalars(sent, expected, schema ? w.info(schema) : undefined, path);
  }

  /**
   * The matching rule at `path` decides how the value is compared: whether in `type` mode (a type matcher, here or
   * above), exactly (no rule, or equality), or by the rule's own matcher, which this judges at once (undefined: done).
   */
  private modeAt(sent: unknown, expected: unknown, path: Path, typeMode: boolean): boolean | undefined {
    const r = path.length > 0 ? ruleAt(this.rules, path) : undefined;
    if (!r || isEqualityRule(r.rule)) return typeMode;
    if (isTypeRule(r.rule)) return true;
    // Inherited: another matcher above, Pact's own reading, not judged here.
    if (!r.inherited) this.byMatcher(r.rule, sent, expected, path);
    return undefined;
  }

  /** A value the expected body matches by a matcher of its own (regex, integer, ...): it must accept what was sent. */
  private byMatcher(rule: MatcherRule, sent: unknown, expected: unknown, path: Path): void {
    if (sent === null && expected !== null) {
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent null, and a service echoing it writes null or nothing, which the ${describeMatcher(rule.matchers[0] ?? { match: '?' })} does not accept`,
      );
      return;
    }
    if (isObject(sent) || Array.isArray(sent)) return; // a matcher on a container: its children are Pact's
    const verdict = ruleAccepts(rule, sent);
    if (!verdict.ok && verdict.failed)
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent ${show(sent)}, which the expected ${describeMatcher(verdict.failed)} does not accept: a service echoing the value fails the pact`,
      );
  }

  private arrays(sent: unknown[], expected: unknown[], schema: Schema | undefined, path: Path, byType: boolean): void {
    const items = schema ? this.ctx.walker.items(schema) : undefined;
    if (byType) return this.typedArrays(sent, expected, items, path);
    if (sent.length !== expected.length) {
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent ${sent.length} item(s), ${expected.length} are expected (arrays come back whole, in order)`,
      );
      return;
    }
    sent.forEach((item, i) => this.compare(item, expected[i], items, [...path, i], false));
  }

  /** An array in `type` mode: the type matcher's min and max, and each item by the first expected one (the template). */
  private typedArrays(sent: unknown[], expected: unknown[], items: Schema | undefined, path: Path): void {
    const r = ruleAt(this.rules, path);
    const min = r && !r.inherited ? r.rule.matchers.find((m) => typeof m['min'] === 'number')?.['min'] : undefined;
    const max = r && !r.inherited ? r.rule.matchers.find((m) => typeof m['max'] === 'number')?.['max'] : undefined;
    if (typeof min === 'number' && sent.length < min)
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent ${sent.length} item(s), the expected type matcher wants at least ${min}`,
      );
    if (typeof max === 'number' && sent.length > max)
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent ${sent.length} item(s), the expected type matcher allows at most ${max}`,
      );
    const template = expected[0];
    if (template !== undefined && (typeof min === 'number' || typeof max === 'number'))
      sent.forEach((item, i) => this.compare(item, template, items, [...path, i], true));
    else expected.forEach((item, i) => i < sent.length && this.compare(sent[i], item, items, [...path, i], true));
  }

  private objects(
    sent: Record<string, unknown>,
    expected: Record<string, unknown>,
    schema: Schema | undefined,
    path: Path,
    byType: boolean,
  ): void {
    const w = this.ctx.walker;
    const props = schema ? w.properties(schema) : {};
    for (const [key, value] of Object.entries(expected)) {
      if (key.includes('@')) continue; // annotations: odata-type-annotation
      const propSchema = props[key];
      if (!Object.prototype.hasOwnProperty.call(sent, key)) {
        // Undeclared: response-property; read-only: the service decides it (server-value-exact); a navigation
        // property has its own finding.
        if (!propSchema || w.info(propSchema).readOnly || (schema && w.navigationProperties(schema).includes(key)))
          continue;
        this.f.add(
          'response-not-promised',
          `expected body ${pointer([...path, key])}: the create did not send it; the docs promise back what was sent and the id, nothing about an unsent property`,
        );
        continue;
      }
      this.compare(sent[key], value, propSchema, [...path, key], byType);
    }
  }

  /** Two values of the same scalar kind, compared exactly: an Edm.DateTimeOffset by instant, an Edm.Stream by bytes. */
  private scalars(sent: unknown, expected: unknown, info: SchemaInfo | undefined, path: Path): void {
    if (typeof sent === 'string' && typeof expected === 'string' && info?.format === 'date-time')
      return this.dateTimes(sent, expected, path);
    if (typeof sent === 'string' && typeof expected === 'string' && info?.contentEncoding === 'base64')
      return this.streams(sent, expected, path);
    if (sent !== expected)
      this.f.add('response-echo', `${where(path)}: the create sent ${show(sent)}, yet ${show(expected)} is expected`);
  }

  private dateTimes(sent: string, expected: string, path: Path): void {
    const precision = this.ctx.settings.dateTimePrecision;
    const same = sameInstantAt(sent, expected, precision);
    if (same === true)
      this.f.add(
        'echo-exact-form',
        `${where(path)}: the Edm.DateTimeOffset ${show(expected)} is expected exactly; a conforming service may write the instant sent (${show(sent)}) with another offset or ${precision} fractional digits (match it with the OData grammar's regex, contracts/matchers.ts)`,
      );
    else if (sent !== expected)
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent the instant ${show(sent)}, yet ${show(expected)} is expected (not the same instant at ${precision} fractional digits)`,
      );
  }

  private streams(sent: string, expected: string, path: Path): void {
    if (sent === expected) return;
    const a = decodeStream(sent);
    const b = decodeStream(expected);
    if (a && b && a.equals(b))
      this.f.add(
        'echo-exact-form',
        `${where(path)}: the Edm.Stream is expected exactly as ${show(expected)}, the same bytes as sent in another alphabet; a service echoing the text sent fails the pact`,
      );
    else
      this.f.add(
        'response-echo',
        `${where(path)}: the create sent a Stream of ${a?.length ?? '?'} bytes, yet ${show(expected)} is expected (the decoded bytes differ)`,
      );
  }
}

/**
 * Judges the echo of a create: whether a service that echoes `sent` meets the expected body `expected` (with its
 * matching rules), under the response schema of the created type.
 */
export function judgeEcho(
  f: Findings,
  ctx: CheckContext,
  rules: readonly MatcherRule[],
  sent: Record<string, unknown>,
  expected: Record<string, unknown>,
  schema: Schema,
): void {
  new Echo(ctx, rules, f).compare(sent, expected, schema, [], false);
}
