/**
 * The @odata.type rules of `pact check`: a request's annotations (qualified names; the '#' as the profile reads it)
 * and an expected answer's (the type the docs declare or the create sent, in the forms a conforming service may write).
 */
import { ODATA_TYPE, type Schema } from '../specs/walker';
import type { CheckContext, Findings } from './check-context';
import { isEqualityRule, isTypeRule, ruleAccepts } from './check-expectation';
import { ruleAt, type MatcherRule } from './check-pact';
import { eachObject } from './check-schema';
import { bare, escapeRegex, pointer, show, TYPE_NAME, type Path } from './check-values';

type RuleAt = { rule: MatcherRule; inherited: boolean } | undefined;

/** The accepted forms of an expected @odata.type: with '#', without. */
function typeForms(name: string, example: unknown, rule: RuleAt): { hash: boolean; bare: boolean } {
  if (!rule) {
    const exact = typeof example === 'string' ? example : '';
    return { hash: exact === `#${name}`, bare: exact === name };
  }
  if (isTypeRule(rule.rule) || (rule.inherited && !rule.rule.matchers.some((m) => m.match === 'regex')))
    return { hash: true, bare: true };
  if (isEqualityRule(rule.rule)) {
    const exact = typeof example === 'string' ? example : '';
    return { hash: exact === `#${name}`, bare: exact === name };
  }
  return { hash: ruleAccepts(rule.rule, `#${name}`).ok, bare: ruleAccepts(rule.rule, name).ok };
}

interface AnswerTypes {
  f: Findings;
  ctx: CheckContext;
  rules: readonly MatcherRule[];
  /** The type the create sent (judged at the top instead of the declared ones), and whether nested ones are promised. */
  opts: { createdType?: string; promised: boolean };
}

/** Judges every @odata.type of an expected answer's body. */
export function judgeTypeAnnotations(
  f: Findings,
  ctx: CheckContext,
  body: unknown,
  schema: Schema | undefined,
  rules: readonly MatcherRule[],
  opts: { createdType?: string; promised: boolean },
): void {
  const a: AnswerTypes = { f, ctx, rules, opts };
  eachObject(ctx.walker, body, schema, [], (obj, s, path) => judgeAnnotation(a, obj, s, path));
}

/** One object's @odata.type in an expected answer: a qualified name, of a type declared there, in accepted forms. */
function judgeAnnotation(a: AnswerTypes, obj: Record<string, unknown>, s: Schema | undefined, path: Path): void {
  if (!(ODATA_TYPE in obj)) return;
  const { f, opts } = a;
  const value = obj[ODATA_TYPE];
  const annotation = [...path, ODATA_TYPE];
  const where = `expected body ${pointer(annotation)}`;
  f.judging('odata-type-annotation');
  if (typeof value !== 'string' || !TYPE_NAME.test(value)) {
    f.add(
      'odata-type-annotation',
      `${where} is ${show(value)}, not a qualified type name ("#microsoft.graph.<type>", '#' optional)`,
    );
    return;
  }
  const top = path.length === 0;
  const declared =
    top && opts.createdType ? [bare(opts.createdType)] : s ? [...new Set(a.ctx.walker.typeNames(s).map(bare))] : [];
  const rule = ruleAt(a.rules, annotation);
  const name = bare(value);
  // The name the forms are judged for: the declared one the expectation accepts (the created type at the top).
  const target =
    declared.length === 0
      ? name
      : declared.find((d) => {
          const x = typeForms(d, value, rule);
          return x.hash || x.bare;
        });
  if (target === undefined) {
    const what =
      top && opts.createdType
        ? `the create sent ${opts.createdType}`
        : `the docs declare ${declared.join(' or ')} here`;
    f.add('odata-type-annotation', `${where}: ${show(value)} is expected, but ${what}`);
    return;
  }
  judgeForms(a, where, typeForms(target, value, rule), target, value, top);
}

/** The forms an expected @odata.type accepts, as the profile reads the '#'; and whether a nested one is promised. */
function judgeForms(
  a: AnswerTypes,
  where: string,
  forms: { hash: boolean; bare: boolean },
  target: string,
  value: string,
  top: boolean,
): void {
  const { f, ctx } = a;
  const hashRequired = ctx.settings.typeHashRequired;
  if (hashRequired && !forms.hash)
    f.add(
      'odata-type-annotation',
      `${where}: only the form without '#' (${show(value)}) is accepted; ${ctx.profile} requires the '#' (#${target})`,
    );
  else if (!hashRequired && top && !(forms.hash && forms.bare))
    f.add(
      'odata-type-hash',
      `${where}: only ${forms.hash ? `#${target}` : target} is accepted; the '#' is optional in ${ctx.profile}, so a conforming service may write ${forms.hash ? target : `#${target}`} (match it with the regex ^#?${escapeRegex(target)}$)`,
    );
  if (!top && !a.opts.promised)
    f.add(
      'response-not-promised',
      `${where}: a nested @odata.type is expected back; ${ctx.profile} promises none (the odata-type check judges one only where present)`,
    );
}

/** Judges every @odata.type of a request body: a qualified name (where `checkFormat`), the '#' the profile reads. */
export function judgeRequestTypes(f: Findings, ctx: CheckContext, body: unknown, checkFormat: boolean): void {
  eachObject(ctx.walker, body, undefined, [], (obj, _s, path) => {
    if (!(ODATA_TYPE in obj)) return;
    const value = obj[ODATA_TYPE];
    const where = `request body ${pointer([...path, ODATA_TYPE])}`;
    if (checkFormat) {
      f.judging('odata-type-annotation');
      if (typeof value !== 'string' || !TYPE_NAME.test(value)) {
        f.add('odata-type-annotation', `${where} is ${show(value)}, not a qualified type name`);
        return;
      }
    }
    if (typeof value === 'string' && ctx.settings.typeHashRequired && !value.startsWith('#'))
      f.add(
        'odata-type-hash',
        `${where}: ${show(value)} has no '#'; ${ctx.profile} reads JSON Format 4.0, where it is required (a 4.0 service may refuse it)`,
      );
  });
}
