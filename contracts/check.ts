/**
 * `conformance pact check`: a consumer's pact files judged before they are published, per interaction,
 * (a) against specs/openapi.yaml with swagger-mock-validator (check-openapi.ts) and (b) against the suite's own
 * readings in a profile (graph-docs or odata-strict): documented operations only, 201 for a create, docs-valid create
 * bodies (the example values; matchers do not change what is sent), expected response properties the docs declare,
 * an expected answer that a service echoing the request meets, well-formed @odata.type, no Location required where
 * the docs promise none, and a 4xx for an invalid body. The rules, their severities and sources: check-rules.ts.
 *
 * The aim is no false alarm: a pact written with contracts/matchers.ts or the committed pact passes graph-docs with
 * no error finding. What a pact pins that a conforming service may do otherwise is a warning, not an error.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { isLenient, LENIENCY_INFO, settingsFor, type Leniency, type ProfileSettings } from '../checks/profiles';
import type { Profile, Severity } from '../checks/types';
import { SuiteError } from '../engine/errors';
import type { RunResults, SuiteErrorRecord } from '../engine/events';
import { TOOL } from '../engine/tool';
import { decodeStream, isDateTimeOffset, sameInstantAt } from '../specs/edm';
import { loadSpecs, OPENAPI_FILE, type Specs } from '../specs/loader';
import { isObject, ODATA_TYPE, walkerFor, type Schema, type SchemaWalker } from '../specs/walker';
import { runValidator, validatorFindings, type ValidatorReport } from './check-openapi';
import {
  HTTP_KIND,
  readPactForCheck,
  ruleAt,
  type Matcher,
  type MatcherRule,
  type PactCheckInteraction,
  type PactForCheck,
  type PactResponse,
} from './check-pact';
import { PACT_CHECK_RULE_IDS, PACT_CHECK_RULES, VALIDATOR, type PactCheckRuleId } from './check-rules';
import { readingFor, type ContractReading } from './readings';
import type { PactFileResult } from './results';

export { PACT_CHECK_RULES, PACT_CHECK_RULE_IDS, type PactCheckRuleId } from './check-rules';

/** One finding: an interaction broke a rule. */
export interface PactCheckFinding {
  /** The pact file (as given on the command line). */
  pact: string;
  /** The interaction's description; `(the pact file)` for a finding about the file as a whole. */
  interaction: string;
  /** Its position in the file's interactions (-1 for the file as a whole). */
  index: number;
  rule: PactCheckRuleId;
  severity: Severity;
  message: string;
  source: string;
  /** openapi-slice only: the validator's own code (request.body.incompatible, ...). */
  code?: string;
}

/** A rule's outcome over every interaction, in the shape of run's CheckResult (engine/events.ts). */
export interface PactCheckRuleResult {
  id: PactCheckRuleId;
  /** The rule's severity in the profile; for openapi-slice, that of its worst finding. */
  severity: Severity;
  status: 'passed' | 'failed' | 'skipped';
  rule: string;
  source: string;
  /** Interactions the rule judged. */
  cases: number;
  /** Interactions with a finding of this rule. */
  failedCases: number;
  skippedReason?: string;
  findings: PactCheckFinding[];
}

export interface PactCheckFileResult extends PactFileResult {
  /** The pact specification version the file declares. */
  specification: string;
  results: Array<{ interaction: string; index: number; passed: boolean; errors: number; warnings: number }>;
}

/**
 * results.json of `pact check`: run's RunResults shape (tool, target, profile, summary, verdict, exitCode, checks,
 * errors), with a check entry per rule, plus the pact files and the flat list of findings. `target` is the spec the
 * pacts are judged against; `runs` the interactions judged; `seed` 0 (nothing is drawn).
 */
export interface PactCheckResults extends Omit<RunResults, 'checks' | 'verdict'> {
  verdict: 'passed' | 'failed' | 'error';
  checks: PactCheckRuleResult[];
  pacts: PactCheckFileResult[];
  findings: PactCheckFinding[];
  validator: { name: string; version: string; additionalPropertiesInResponse: boolean };
}

/** A finding before it is tied to a pact file and an interaction. */
export interface RawFinding {
  rule: PactCheckRuleId;
  severity: Severity;
  message: string;
  code?: string;
}

export interface InteractionJudgement {
  findings: RawFinding[];
  /** The rules that judged the interaction. */
  judged: Set<PactCheckRuleId>;
}

// ---------------------------------------------------------------------------------------------------------------
// The documented operations (specs/openapi.yaml paths).

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  /** A path without parameters: the collection. */
  collection: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function documentedOperations(file = OPENAPI_FILE): Operation[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as { paths?: Record<string, Record<string, unknown>> };
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escapeRegex(part)))
      .join('');
    for (const method of Object.keys(item).filter((m) => HTTP_METHODS.includes(m)))
      out.push({
        method: method.toUpperCase(),
        template,
        regex: new RegExp(`^${source}$`),
        collection: !template.includes('{'),
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The judging context of a profile.

export interface CheckContext {
  profile: Profile;
  settings: ProfileSettings;
  reading: ContractReading;
  specs: Specs;
  walker: SchemaWalker;
  operations: Operation[];
  /** The @odata.type values a create body may name, with '#'. */
  createTypes: string[];
}

const contexts = new Map<Profile, CheckContext>();

export function checkContext(profile: Profile): CheckContext {
  let ctx = contexts.get(profile);
  if (!ctx) {
    const specs = loadSpecs();
    const walker = walkerFor(specs.schemas);
    const createTypes = [
      ...new Set(walker.typeNames(walker.file(CREATE_REQUEST)).map((t) => `#${t.replace(/^#/, '')}`)),
    ];
    ctx = {
      profile,
      settings: settingsFor(profile),
      reading: readingFor(profile),
      specs,
      walker,
      operations: documentedOperations(),
      createTypes,
    };
    contexts.set(profile, ctx);
  }
  return ctx;
}

const CREATE_REQUEST = 'createRequest.schema.json';
const CREATE_RESPONSE = 'createResponse.schema.json';
const COLLECTION_RESPONSE = 'collectionResponse.schema.json';
const ERROR_RESPONSE = 'odataError.schema.json';

// ---------------------------------------------------------------------------------------------------------------
// Small helpers.

type Path = Array<string | number>;

const bare = (t: string): string => t.replace(/^#/, '');
/** A qualified type name, '#' optional (OData JSON Format 4.01 section 4.5.3; CSDL qualified names). */
const TYPE_NAME = /^#?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;

function pointer(path: Path): string {
  return path.length === 0 ? '/' : `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 60)}... (${text.length} chars)` : text;
}

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';
function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

function describeKind(v: unknown): string {
  const k = kindOf(v);
  return k === 'null' ? 'JSON null' : k === 'array' ? 'a JSON array' : k === 'object' ? 'a JSON object' : `a JSON ${k}`;
}

function safeRegex(source: unknown): RegExp | undefined {
  if (typeof source !== 'string') return undefined;
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

function describeMatcher(m: Matcher): string {
  return m.match === 'regex' ? `regex ${String(m['regex'])}` : `${m.match} matcher`;
}

/** Whether a matcher accepts a value; undefined when it cannot be told here (dates in Java formats, ...). */
function matcherAccepts(m: Matcher, v: unknown): boolean | undefined {
  switch (m.match) {
    case 'regex': {
      const re = safeRegex(m['regex']);
      if (!re) return undefined;
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? re.test(String(v)) : false;
    }
    case 'include':
      return typeof v === 'string' && v.includes(String(m['value']));
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'decimal':
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return undefined;
  }
}

/** The combined verdict of a rule's matchers on a value (AND: every one that can tell; OR: any). */
function ruleAccepts(rule: MatcherRule, v: unknown): { ok: boolean; failed?: Matcher } {
  const verdicts = rule.matchers.map((m) => ({ m, ok: matcherAccepts(m, v) }));
  const told = verdicts.filter((x) => x.ok !== undefined);
  if (told.length === 0) return { ok: true };
  if (rule.combine === 'OR') return told.some((x) => x.ok) ? { ok: true } : { ok: false, failed: told[0]?.m };
  const bad = told.find((x) => !x.ok);
  return bad ? { ok: false, failed: bad.m } : { ok: true };
}

const isTypeRule = (r: MatcherRule): boolean => r.matchers.some((m) => m.match === 'type');
const isEqualityRule = (r: MatcherRule): boolean => r.matchers.every((m) => m.match === 'equality');

// ---------------------------------------------------------------------------------------------------------------
// Statuses.

const CLASS_RANGES: Record<string, Array<[number, number]>> = {
  information: [[100, 199]],
  success: [[200, 299]],
  redirect: [[300, 399]],
  clientError: [[400, 499]],
  serverError: [[500, 599]],
  nonError: [[100, 399]],
  error: [[400, 599]],
};

/** Whether the expected response accepts a status code (a V4 statusCode matcher, or exactly the status). */
export function acceptsStatus(res: PactResponse, code: number): boolean {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string' && CLASS_RANGES[s]) return CLASS_RANGES[s].some(([a, b]) => code >= a && code <= b);
  if (Array.isArray(s)) return s.some((x) => Number(x) === code);
  return res.status === code;
}

/** Every status the expectation accepts lies in [lo, hi]. */
function acceptsOnly(res: PactResponse, lo: number, hi: number): boolean {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string' && CLASS_RANGES[s]) return CLASS_RANGES[s].every(([a, b]) => a >= lo && b <= hi);
  if (Array.isArray(s)) return s.length > 0 && s.every((x) => Number(x) >= lo && Number(x) <= hi);
  return res.status >= lo && res.status <= hi;
}

/** Some 2xx is accepted. */
function accepts2xx(res: PactResponse): boolean {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string' && CLASS_RANGES[s]) return CLASS_RANGES[s].some(([a, b]) => a <= 299 && b >= 200);
  if (Array.isArray(s)) return s.some((x) => Number(x) >= 200 && Number(x) <= 299);
  return res.status >= 200 && res.status <= 299;
}

/** The expectation is about a refusal: only 4xx, or the `error` class (4xx or 5xx). */
function expectsRefusal(res: PactResponse): boolean {
  return acceptsOnly(res, 400, 499) || res.statusMatcher?.['status'] === 'error';
}

export function describeExpectedStatus(res: PactResponse): string {
  const s = res.statusMatcher?.['status'];
  if (typeof s === 'string') return `any ${s} status (${res.status} as the example)`;
  if (Array.isArray(s)) return `one of ${s.map(String).join(', ')}`;
  return String(res.status);
}

// ---------------------------------------------------------------------------------------------------------------
// The create body: valid, invalid, or only lenient.

/** What makes a body not docs-valid while a conforming service may still accept it. */
export type SoftFault = { kind: 'unknown-property' | Leniency; pointer: string };

export interface BodyVerdict {
  valid: boolean;
  /** Faults a conforming service may accept (unknown properties always; leniencies in the profiles listing them). */
  soft: SoftFault[];
  /** Faults that make the body invalid ("pointer: message"). */
  hard: string[];
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function at(root: unknown, ptr: string): unknown {
  let v = root;
  for (const seg of ptr.split('/').slice(1).map(unescapePointer)) {
    if (Array.isArray(v)) v = v[Number(seg)];
    else if (isObject(v)) v = v[seg];
    else return undefined;
  }
  return v;
}

function setAt(root: unknown, ptr: string, value: unknown): void {
  const segs = ptr.split('/').slice(1).map(unescapePointer);
  const last = segs.pop();
  const parent = at(
    root,
    segs.length ? `/${segs.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '',
  );
  if (last === undefined) return;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else if (isObject(parent)) parent[last] = value;
}

const schemaMessage = (e: ErrorObject): string => {
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
      : e.keyword === 'enum'
        ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(', ')})`
        : '';
  return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
};

/**
 * Validates a create body with the compiled request schema and sorts what is wrong: an undeclared property, a
 * DateTimeOffset with more than 12 fractional digits and a missing top-level @odata.type are repaired in a copy and
 * noted as soft faults (what a conforming service may accept); whatever remains is hard.
 */
export function classifyCreateBody(body: unknown, ctx: CheckContext): BodyVerdict {
  if (body === undefined) return { valid: false, soft: [], hard: ['/: the create sends no body'] };
  if (!isObject(body)) return { valid: false, soft: [], hard: [`/: the body is ${describeKind(body)}, not an object`] };
  const compiled: ValidateFunction = ctx.specs.createRequest;
  // Not the type guard itself: a failed guard would narrow the body to `never`.
  const validate = (v: unknown): boolean => compiled(v) === true;
  if (validate(body)) return { valid: true, soft: [], hard: [] };
  const soft: SoftFault[] = [];
  let copy: Record<string, unknown> = structuredClone(body);
  let remaining: ErrorObject[] = [];
  for (let round = 0; round < 6; round++) {
    if (validate(copy)) return { valid: false, soft, hard: [] };
    const errors = (compiled.errors ?? []).filter((e) => e.keyword !== 'if');
    remaining = errors;
    let repaired = false;
    for (const e of errors) {
      if (e.keyword === 'additionalProperties') {
        const key = String((e.params as { additionalProperty?: unknown }).additionalProperty);
        const parent = at(copy, e.instancePath);
        if (isObject(parent) && key in parent) {
          delete parent[key];
          soft.push({
            kind: 'unknown-property',
            pointer: `${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          });
          repaired = true;
        }
      } else if (e.keyword === 'pattern' || e.keyword === 'format') {
        const v = at(copy, e.instancePath);
        if (typeof v !== 'string') continue;
        const fixed = v.replace(/(\.\d{12})\d+/, '$1');
        if (fixed !== v && isDateTimeOffset(fixed)) {
          setAt(copy, e.instancePath, fixed);
          soft.push({ kind: 'datetime-fraction-over-12-digits', pointer: e.instancePath });
          repaired = true;
        }
      } else if (
        e.keyword === 'required' &&
        e.instancePath === '' &&
        (e.params as { missingProperty?: unknown }).missingProperty === ODATA_TYPE &&
        copy[ODATA_TYPE] === undefined
      ) {
        const base = copy;
        const fitting = ctx.createTypes.find((t) => validate({ ...base, [ODATA_TYPE]: t }));
        copy = { ...base, [ODATA_TYPE]: fitting ?? ctx.createTypes[0] ?? '' };
        soft.push({ kind: 'missing-odata-type', pointer: `/${ODATA_TYPE}` });
        repaired = true;
        break; // the errors above were of the body without its type
      }
    }
    if (!repaired) break;
  }
  return { valid: false, soft, hard: [...new Set(remaining.map(schemaMessage))] };
}

// ---------------------------------------------------------------------------------------------------------------
// Declared properties of an answer's schema.

/**
 * The properties a schema declares for a value: through $ref, the @odata.type if/then dispatch and anyOf/oneOf (the
 * branch the value's type names, else every branch); undefined when the schema declares none (free-form).
 */
function declaredProperties(
  w: SchemaWalker,
  schema: Schema,
  value: Record<string, unknown>,
  typeHint?: string,
): Readonly<Record<string, Schema>> | undefined {
  const s = w.deref(schema);
  const named = typeof value[ODATA_TYPE] === 'string' ? value[ODATA_TYPE] : typeHint;
  const dispatch = w.dispatch(s);
  if (dispatch.length > 0) {
    const hit = named ? dispatch.find((d) => d.values.some((v) => bare(v) === bare(named))) : undefined;
    if (hit) return declaredProperties(w, hit.then, value, typeHint);
    const merged: Record<string, Schema> = { ...w.properties(s) };
    for (const d of dispatch) Object.assign(merged, declaredProperties(w, d.then, value) ?? {});
    return merged;
  }
  const branches = w.branches(s);
  if (branches) {
    const candidates = branches.filter((b) => w.deref(b)['type'] !== 'null');
    if (named) {
      const r = w.resolve(s, { [ODATA_TYPE]: named });
      if (w.typeNames(r).some((t) => bare(t) === bare(named))) return declaredProperties(w, r, value);
    }
    const merged: Record<string, Schema> = {};
    let any = false;
    for (const b of candidates) {
      const p = declaredProperties(w, b, value);
      if (p) {
        any = true;
        Object.assign(merged, p);
      }
    }
    return any ? merged : undefined;
  }
  return isObject(s['properties']) ? w.properties(s) : undefined;
}

/** The schema an object or array sits under: follow $ref and pick the branch the value's type names. */
function childSchema(w: SchemaWalker, schema: Schema | undefined, value: unknown): Schema | undefined {
  return schema ? w.resolve(schema, value) : undefined;
}

function undeclared(
  w: SchemaWalker,
  value: unknown,
  schema: Schema | undefined,
  path: Path,
  out: string[],
  typeHint?: string,
): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = w.items(w.resolve(schema));
    value.forEach((v, i) => undeclared(w, v, items, [...path, i], out));
    return;
  }
  if (!isObject(value)) return;
  const props = declaredProperties(w, schema, value, typeHint);
  if (!props) return;
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('@')) continue; // annotations: not properties (odata-type-annotation judges @odata.type)
    const p = props[key];
    if (!p) out.push(pointer([...path, key]));
    else undeclared(w, v, childSchema(w, p, v), [...path, key], out);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Judging one interaction.

class Findings {
  readonly findings: RawFinding[] = [];
  readonly judged = new Set<PactCheckRuleId>();
  constructor(private readonly profile: Profile) {}

  judging(rule: PactCheckRuleId): boolean {
    if (PACT_CHECK_RULES[rule].severity(this.profile) === undefined) return false;
    this.judged.add(rule);
    return true;
  }

  add(rule: PactCheckRuleId, message: string, severity?: Severity): void {
    const s = severity ?? PACT_CHECK_RULES[rule].severity(this.profile);
    if (s === undefined) return;
    this.judged.add(rule);
    this.findings.push({ rule, severity: s, message });
  }
}

type Place = 'collection' | 'item' | 'create';

function operationOf(method: string, path: string, ctx: CheckContext): { op?: Operation; place?: Place } {
  const op = ctx.operations.find((o) => o.method === method && o.regex.test(path));
  if (!op) return {};
  return { op, place: op.collection ? (method === 'POST' ? 'create' : 'collection') : 'item' };
}

/** The accepted forms of an expected @odata.type: with '#', without. */
function typeForms(
  name: string,
  example: unknown,
  rule: { rule: MatcherRule; inherited: boolean } | undefined,
): { hash: boolean; bare: boolean } {
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

/** Every object of an expected body with its path and schema (walked through the schema, arrays included). */
function eachObject(
  w: SchemaWalker,
  value: unknown,
  schema: Schema | undefined,
  path: Path,
  visit: (obj: Record<string, unknown>, schema: Schema | undefined, path: Path) => void,
): void {
  if (Array.isArray(value)) {
    const items = schema ? w.items(w.resolve(schema)) : undefined;
    value.forEach((v, i) => eachObject(w, v, items, [...path, i], visit));
    return;
  }
  if (!isObject(value)) return;
  const resolved = schema ? w.resolve(schema, value) : undefined;
  visit(value, resolved, path);
  const props = resolved ? w.properties(resolved) : {};
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('@') || v === null || typeof v !== 'object') continue;
    eachObject(w, v, props[key], [...path, key], visit);
  }
}

interface EchoScope {
  ctx: CheckContext;
  rules: readonly MatcherRule[];
  f: Findings;
}

/**
 * Whether a service that echoes `sent` meets the expectation `expected` at `path` (the expected body's matchers
 * applied): an exact value by Edm meaning, a matcher by accepting the sent value, `type` mode by JSON kinds.
 */
function echo(
  s: EchoScope,
  sent: unknown,
  expected: unknown,
  schemaIn: Schema | undefined,
  path: Path,
  typeMode: boolean,
): void {
  const { ctx, f } = s;
  const w = ctx.walker;
  const where = `expected body ${pointer(path)}`;
  let byType = typeMode;
  if (path.length > 0) {
    const r = ruleAt(s.rules, path);
    if (r && !r.inherited && !isEqualityRule(r.rule)) {
      if (isTypeRule(r.rule)) byType = true;
      else {
        if (sent === null && expected !== null) {
          f.add(
            'response-echo',
            `${where}: the create sent null, and a service echoing it writes null or nothing, which the ${describeMatcher(r.rule.matchers[0] ?? { match: '?' })} does not accept`,
          );
          return;
        }
        if (isObject(sent) || Array.isArray(sent)) return; // a matcher on a container: its children are Pact's
        const verdict = ruleAccepts(r.rule, sent);
        if (!verdict.ok && verdict.failed)
          f.add(
            'response-echo',
            `${where}: the create sent ${show(sent)}, which the expected ${describeMatcher(verdict.failed)} does not accept: a service echoing the value fails the pact`,
          );
        return;
      }
    } else if (r && r.inherited) {
      if (isTypeRule(r.rule)) byType = true;
      else if (!isEqualityRule(r.rule)) return; // another matcher above: Pact's own reading, not judged here
    }
  }
  if (sent === null) {
    if (expected !== null)
      f.add(
        'response-echo',
        `${where}: the create sent null, yet ${show(expected)} is expected (null or absent is the echo)`,
      );
    return;
  }
  const schema = schemaIn ? w.resolve(schemaIn, sent) : undefined;
  const info = schema ? w.info(schema) : undefined;
  if (kindOf(sent) !== kindOf(expected)) {
    f.add(
      'response-echo',
      `${where}: the create sent ${describeKind(sent)} (${show(sent)}), yet ${show(expected)} is expected`,
    );
    return;
  }
  if (Array.isArray(sent) && Array.isArray(expected)) {
    const items = schema ? w.items(schema) : undefined;
    if (byType) {
      const r = ruleAt(s.rules, path);
      const min = r && !r.inherited ? r.rule.matchers.find((m) => typeof m['min'] === 'number')?.['min'] : undefined;
      const max = r && !r.inherited ? r.rule.matchers.find((m) => typeof m['max'] === 'number')?.['max'] : undefined;
      if (typeof min === 'number' && sent.length < min)
        f.add(
          'response-echo',
          `${where}: the create sent ${sent.length} item(s), the expected type matcher wants at least ${min}`,
        );
      if (typeof max === 'number' && sent.length > max)
        f.add(
          'response-echo',
          `${where}: the create sent ${sent.length} item(s), the expected type matcher allows at most ${max}`,
        );
      const template = expected[0];
      if (template !== undefined && (typeof min === 'number' || typeof max === 'number'))
        sent.forEach((item, i) => echo(s, item, template, items, [...path, i], true));
      else expected.forEach((item, i) => i < sent.length && echo(s, sent[i], item, items, [...path, i], true));
      return;
    }
    if (sent.length !== expected.length) {
      f.add(
        'response-echo',
        `${where}: the create sent ${sent.length} item(s), ${expected.length} are expected (arrays come back whole, in order)`,
      );
      return;
    }
    sent.forEach((item, i) => echo(s, item, expected[i], items, [...path, i], false));
    return;
  }
  if (isObject(sent) && isObject(expected)) {
    const props = schema ? w.properties(schema) : {};
    for (const [key, value] of Object.entries(expected)) {
      if (key.includes('@')) continue; // annotations: odata-type-annotation
      const propSchema = props[key];
      if (!Object.prototype.hasOwnProperty.call(sent, key)) {
        // Undeclared: response-property; read-only: the service decides it (server-value-exact); a navigation
        // property has its own finding.
        if (!propSchema || w.info(propSchema).readOnly || (schema && w.navigationProperties(schema).includes(key)))
          continue;
        f.add(
          'response-not-promised',
          `expected body ${pointer([...path, key])}: the create did not send it; the docs promise back what was sent and the id, nothing about an unsent property`,
        );
        continue;
      }
      echo(s, sent[key], value, propSchema, [...path, key], byType);
    }
    return;
  }
  if (byType) return; // same kind: a type matcher accepts it
  if (typeof sent === 'string' && typeof expected === 'string' && info?.format === 'date-time') {
    const same = sameInstantAt(sent, expected, ctx.settings.dateTimePrecision);
    if (same === true)
      f.add(
        'echo-exact-form',
        `${where}: the Edm.DateTimeOffset ${show(expected)} is expected exactly; a conforming service may write the instant sent (${show(sent)}) with another offset or ${ctx.settings.dateTimePrecision} fractional digits (match it with the OData grammar's regex, contracts/matchers.ts)`,
      );
    else if (sent !== expected)
      f.add(
        'response-echo',
        `${where}: the create sent the instant ${show(sent)}, yet ${show(expected)} is expected (not the same instant at ${ctx.settings.dateTimePrecision} fractional digits)`,
      );
    return;
  }
  if (typeof sent === 'string' && typeof expected === 'string' && info?.contentEncoding === 'base64') {
    if (sent === expected) return;
    const a = decodeStream(sent);
    const b = decodeStream(expected);
    if (a && b && a.equals(b))
      f.add(
        'echo-exact-form',
        `${where}: the Edm.Stream is expected exactly as ${show(expected)}, the same bytes as sent in another alphabet; a service echoing the text sent fails the pact`,
      );
    else
      f.add(
        'response-echo',
        `${where}: the create sent a Stream of ${a?.length ?? '?'} bytes, yet ${show(expected)} is expected (the decoded bytes differ)`,
      );
    return;
  }
  if (sent !== expected)
    f.add('response-echo', `${where}: the create sent ${show(sent)}, yet ${show(expected)} is expected`);
}

function judgeTypeAnnotations(
  f: Findings,
  ctx: CheckContext,
  body: unknown,
  schema: Schema | undefined,
  rules: readonly MatcherRule[],
  opts: { createdType?: string; promised: boolean },
): void {
  const w = ctx.walker;
  const hashRequired = ctx.settings.typeHashRequired;
  eachObject(w, body, schema, [], (obj, s, path) => {
    if (!(ODATA_TYPE in obj)) return;
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
      top && opts.createdType ? [bare(opts.createdType)] : s ? [...new Set(w.typeNames(s).map(bare))] : [];
    const rule = ruleAt(rules, annotation);
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
    const forms = typeForms(target, value, rule);
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
    if (!top && !opts.promised)
      f.add(
        'response-not-promised',
        `${where}: a nested @odata.type is expected back; ${ctx.profile} promises none (the odata-type check judges one only where present)`,
      );
  });
}

function judgeRequestTypes(f: Findings, ctx: CheckContext, body: unknown, checkFormat: boolean): void {
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

/** The response schema of the type a value names (or the hint names); the create answer's root otherwise. */
function entitySchema(w: SchemaWalker, value: unknown, hint?: string): Schema {
  const named = isObject(value) && typeof value[ODATA_TYPE] === 'string' ? value[ODATA_TYPE] : hint;
  const file = named ? `${bare(named).replace(/^.*\./, '')}.schema.json` : undefined;
  return file && w.has(file) ? w.file(file) : w.file(CREATE_RESPONSE);
}

/** The answer schema for an expected body: by operation and status family. */
function answerSchema(place: Place, method: string, res: PactResponse): string | undefined {
  const family = res.statusMatcher?.['status'];
  const ok = typeof family === 'string' ? family === 'success' : res.status >= 200 && res.status <= 299;
  const refusal =
    typeof family === 'string' ? ['clientError', 'serverError', 'error'].includes(family) : res.status >= 400;
  if (refusal) return ERROR_RESPONSE;
  if (!ok) return undefined;
  if (place === 'create') return CREATE_RESPONSE;
  if (place === 'collection') return COLLECTION_RESPONSE;
  return method === 'DELETE' ? undefined : CREATE_RESPONSE;
}

/** Judges one interaction by the suite's readings in the context's profile (part b). */
export function judgeInteraction(i: PactCheckInteraction, ctx: CheckContext): InteractionJudgement {
  const f = new Findings(ctx.profile);
  const w = ctx.walker;
  f.judging('documented-operation');
  if (i.kind !== HTTP_KIND || !i.request || !i.response) {
    f.add(
      'documented-operation',
      `a ${i.kind} interaction: the endpoint is HTTP; pact check judges Synchronous/HTTP interactions`,
    );
    return { findings: f.findings, judged: f.judged };
  }
  const req = i.request;
  const res = i.response;
  const { place } = operationOf(req.method, req.path, ctx);
  if (!place) {
    const known = ctx.operations.map((o) => `${o.method} ${o.template}`).join(', ');
    const rooted = /^\/(?:beta|v1\.0)(\/.*)$/.exec(req.path)?.[1];
    const hint =
      rooted && operationOf(req.method, rooted, ctx).place
        ? `; paths are relative to the service root (https://graph.microsoft.com/beta): write ${rooted}`
        : '';
    f.add(
      'documented-operation',
      `${req.method} ${req.path} is not a documented operation (documented: ${known})${hint}`,
    );
    return { findings: f.findings, judged: f.judged };
  }

  // Request @odata.type: the create body's schema judges its values; the '#' as the profile reads it.
  if (req.bodyKind === 'json') judgeRequestTypes(f, ctx, req.body, place !== 'create');

  let bodyUsable = true;
  let sentType: string | undefined;
  if (place === 'create') {
    const verdict = classifyCreateBody(req.bodyKind === 'text' ? undefined : req.body, ctx);
    if (req.bodyKind === 'text') verdict.hard = ['/: the body is not JSON'];
    const sentBody = isObject(req.body) ? req.body : undefined;
    sentType = typeof sentBody?.[ODATA_TYPE] === 'string' ? sentBody[ODATA_TYPE] : undefined;
    const softHard = verdict.soft.filter((x) => x.kind !== 'unknown-property' && !isLenient(ctx.profile, x.kind));
    const soft = verdict.soft.filter((x) => !softHard.includes(x));
    const hard = [
      ...verdict.hard,
      ...softHard.map(
        (x) => `${x.pointer || '/'}: ${LENIENCY_INFO[x.kind as Leniency].what} (not a leniency of ${ctx.profile})`,
      ),
    ];
    const refusal = expectsRefusal(res);
    const some2xx = accepts2xx(res);
    f.judging('create-body-valid');
    if (hard.length > 0) {
      bodyUsable = false;
      f.judging('invalid-body-4xx');
      if (!acceptsOnly(res, 400, 499)) {
        if (some2xx)
          f.add(
            'create-body-valid',
            `the request body is not a docs-valid create body, yet ${describeExpectedStatus(res)} is expected: ${hard.join('; ')}`,
          );
        else
          f.add(
            'invalid-body-4xx',
            `the request body is invalid (${hard.join('; ')}), yet ${describeExpectedStatus(res)} is expected; a conforming service answers 4xx`,
          );
      }
    } else {
      f.judging('create-status-201');
      if (!refusal && !acceptsStatus(res, 201))
        f.add(
          'create-status-201',
          `a docs-valid create expects ${describeExpectedStatus(res)}; a conforming service answers 201 Created`,
        );
      for (const x of soft) {
        const what =
          x.kind === 'unknown-property'
            ? `${x.pointer} is not a declared property (servers may ignore it or refuse the body)`
            : `${LENIENCY_INFO[x.kind].what} (${x.pointer}; a leniency of ${ctx.profile}: ${LENIENCY_INFO[x.kind].source})`;
        if (some2xx) f.add('lenient-body', `${what}; a 2xx is expected, a conforming service may refuse it with a 4xx`);
        else if (refusal && x.kind !== 'unknown-property')
          f.add('lenient-body', `${what}; a 4xx is expected, a conforming service may accept it with 201`);
      }
    }
  }

  // The expected body: declared properties (every answer with a JSON object body).
  const schemaFile = answerSchema(place, req.method, res);
  if (schemaFile && res.bodyKind === 'json' && (isObject(res.body) || Array.isArray(res.body))) {
    f.judging('response-property');
    const out: string[] = [];
    undeclared(w, res.body, w.file(schemaFile), [], out, place === 'create' ? sentType : undefined);
    const typeName =
      schemaFile === ERROR_RESPONSE
        ? 'the OData error'
        : schemaFile === COLLECTION_RESPONSE
          ? 'the collection'
          : sentType
            ? bare(sentType)
            : 'the entity';
    for (const p of out)
      f.add(
        'response-property',
        `expected body ${p}: the docs define no such property for ${typeName}; a conforming service never writes it`,
      );
  }

  // @odata.type in the expected answer (2xx entity answers).
  const entityAnswer = schemaFile === CREATE_RESPONSE || schemaFile === COLLECTION_RESPONSE;
  const createOk = place === 'create' && accepts2xx(res) && !expectsRefusal(res);
  if (entityAnswer && res.bodyKind === 'json')
    judgeTypeAnnotations(
      f,
      ctx,
      res.body,
      schemaFile === CREATE_RESPONSE ? entitySchema(w, res.body, sentType) : w.file(schemaFile),
      res.bodyRules,
      {
        ...(createOk && sentType && bodyUsable ? { createdType: sentType } : {}),
        promised: !createOk || ctx.reading.nestedTypes,
      },
    );

  if (!createOk) return { findings: f.findings, judged: f.judged };

  // The create's expected 2xx: Location, what is promised, the echo.
  if (f.judging('location-header-expected') && res.headers['location'] !== undefined && !ctx.reading.location)
    f.add(
      'location-header-expected',
      `the expected ${describeExpectedStatus(res)} requires a Location header; the docs never promise one (their 201 examples have none), so a conforming ${ctx.profile} service may send none`,
    );
  const expected = isObject(res.body) ? res.body : undefined;
  const sent = isObject(req.body) ? req.body : undefined;
  if (!expected || res.bodyKind !== 'json') return { findings: f.findings, judged: f.judged };
  const responseSchema = entitySchema(w, sentType ? { [ODATA_TYPE]: sentType } : expected);
  f.judging('response-not-promised');
  f.judging('server-value-exact');
  const required = w.required(responseSchema);
  for (const [key, p] of Object.entries(w.properties(responseSchema))) {
    if (!(key in expected)) continue;
    const info = w.info(p);
    if (info.readOnly && !ruleAt(res.bodyRules, [key]))
      f.add(
        'server-value-exact',
        `expected body ${pointer([key])}: the service decides this read-only value, yet exactly ${show(expected[key])} is expected (use a matcher, e.g. regex ^.+$ for the id)`,
      );
    if (info.readOnly && !required.includes(key) && !ctx.reading.lastModified)
      f.add(
        'response-not-promised',
        `expected body ${pointer([key])}: a read-only property the create's answer need not carry (the docs' 201 example has none); ${ctx.profile} judges it only where present`,
      );
  }
  for (const nav of w.navigationProperties(responseSchema))
    if (nav in expected)
      f.add(
        'response-not-promised',
        `expected body ${pointer([nav])}: a navigation property comes back only with $expand`,
      );
  if (!ctx.reading.streams)
    eachObject(w, expected, responseSchema, [], (obj, s, path) => {
      if (!s) return;
      for (const name of w.streamProperties(s))
        if (typeof obj[name] === 'string')
          f.add(
            'response-not-promised',
            `expected body ${pointer([...path, name])}: an Edm.Stream value inline; a conforming service may write it as a media link or leave it out (OData JSON Format 4.01 section 8.4)`,
          );
    });
  if (sent && bodyUsable) {
    f.judging('response-echo');
    f.judging('echo-exact-form');
    echo({ ctx, rules: res.bodyRules, f }, sent, expected, responseSchema, [], false);
  }
  return { findings: f.findings, judged: f.judged };
}

// ---------------------------------------------------------------------------------------------------------------
// Whole files and the results.

export interface JudgedPact {
  pact: PactForCheck;
  /** The file as the caller named it. */
  label: string;
  findings: PactCheckFinding[];
  /** Per interaction index, the rules that judged it. */
  judged: Map<number, Set<PactCheckRuleId>>;
}

const FILE_LEVEL = '(the pact file)';

/** Judges every interaction of a pact: the readings (b), and the validator's report (a) when given. */
export function judgePact(
  pact: PactForCheck,
  ctx: CheckContext,
  report?: ValidatorReport,
  label = pact.file,
): JudgedPact {
  const findings: PactCheckFinding[] = [];
  const judged = new Map<number, Set<PactCheckRuleId>>();
  const validator = report ? validatorFindings(report) : [];
  for (const i of pact.interactions) {
    const j = judgeInteraction(i, ctx);
    if (report && i.kind === HTTP_KIND) j.judged.add('openapi-slice');
    judged.set(i.index, j.judged);
    for (const v of validator.filter((x) => x.index === i.index))
      findings.push({
        pact: label,
        interaction: i.description,
        index: i.index,
        rule: 'openapi-slice',
        severity: v.severity,
        message: `${v.code}: ${v.message}`,
        source: PACT_CHECK_RULES['openapi-slice'].source,
        code: v.code,
      });
    for (const x of j.findings)
      findings.push({
        pact: label,
        interaction: i.description,
        index: i.index,
        rule: x.rule,
        severity: x.severity,
        message: x.message,
        source: PACT_CHECK_RULES[x.rule].source,
        ...(x.code ? { code: x.code } : {}),
      });
  }
  for (const v of validator.filter((x) => x.index < 0 || x.index >= pact.interactions.length))
    findings.push({
      pact: label,
      interaction: FILE_LEVEL,
      index: -1,
      rule: 'openapi-slice',
      severity: v.severity,
      message: `${v.code}: ${v.message}`,
      source: PACT_CHECK_RULES['openapi-slice'].source,
      code: v.code,
    });
  // Findings in the pact's order, openapi-slice first within an interaction, then by rule order.
  const order = new Map(PACT_CHECK_RULE_IDS.map((id, n) => [id, n]));
  findings.sort((a, b) => a.index - b.index || (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  return { pact, label, findings, judged };
}

export interface CheckPactsOptions {
  /** Pact files, as given (reports name them so). */
  files: string[];
  profile: Profile;
  /** Runs swagger-mock-validator on the files; default the real one in a child process (check-openapi.ts). */
  validate?: (files: string[]) => Promise<ValidatorReport[]>;
}

/** Reads and judges pact files; bad input (missing, not JSON, not a pact, no interactions) is a SuiteError. */
export async function checkPacts(o: CheckPactsOptions): Promise<PactCheckResults> {
  const startedAt = new Date();
  const t0 = performance.now();
  if (o.files.length === 0)
    throw new SuiteError('pact-file', 'no pact files given', 'e.g. conformance pact check contracts/pacts/*.json');
  const pacts = o.files.map((f) => ({ label: f, pact: readPactForCheck(resolve(f)) }));
  for (const { label, pact } of pacts)
    if (pact.interactions.length === 0)
      throw new SuiteError(
        'pact-empty',
        `${label} has no interactions: there is nothing to judge`,
        'give a pact with at least one interaction (a pact that promises nothing cannot be judged)',
      );
  const ctx = checkContext(o.profile);
  const reports = await (o.validate ?? ((files: string[]) => runValidator(files)))(pacts.map((p) => p.pact.file));
  const judgedPacts = pacts.map(({ label, pact }, n) => judgePact(pact, ctx, reports[n], label));
  return buildResults(judgedPacts, o.profile, startedAt, performance.now() - t0);
}

function buildResults(judged: JudgedPact[], profile: Profile, startedAt: Date, durationMs: number): PactCheckResults {
  const findings = judged.flatMap((j) => j.findings);
  const cases = judged.reduce((n, j) => n + j.pact.interactions.length, 0);
  const checks: PactCheckRuleResult[] = PACT_CHECK_RULE_IDS.map((id) => {
    const info = PACT_CHECK_RULES[id];
    const own = findings.filter((x) => x.rule === id);
    const judgedCount = judged.reduce((n, j) => n + [...j.judged.values()].filter((s) => s.has(id)).length, 0);
    const failedCases = new Set(own.map((x) => `${x.pact}#${x.index}`)).size;
    const profileSeverity = info.severity(profile);
    const severity: Severity =
      own.length > 0 ? (own.some((x) => x.severity === 'error') ? 'error' : 'warning') : (profileSeverity ?? 'error');
    const base = { id, severity, rule: info.rule, source: info.source, cases: judgedCount, failedCases, findings: own };
    if (profileSeverity === undefined)
      return {
        ...base,
        status: 'skipped',
        skippedReason: `not judged in ${profile}: its reading expects this (contracts/readings.ts)`,
      };
    if (own.length > 0) return { ...base, status: 'failed' };
    if (judgedCount === 0) return { ...base, status: 'skipped', skippedReason: 'no interaction it applies to' };
    return { ...base, status: 'passed' };
  });
  const errorFindings = findings.filter((x) => x.severity === 'error').length;
  const exitCode: 0 | 1 = errorFindings > 0 ? 1 : 0;
  const pacts: PactCheckFileResult[] = judged.map((j) => {
    const results = j.pact.interactions.map((i) => {
      const own = j.findings.filter((x) => x.index === i.index);
      const errors = own.filter((x) => x.severity === 'error').length;
      return {
        interaction: i.description,
        index: i.index,
        passed: errors === 0,
        errors,
        warnings: own.length - errors,
      };
    });
    return {
      file: j.label,
      consumer: j.pact.consumer,
      provider: j.pact.provider,
      specification: j.pact.specification,
      interactions: j.pact.interactions.length,
      failed: results.filter((r) => !r.passed).length,
      results,
    };
  });
  const errors: SuiteErrorRecord[] = [];
  return {
    tool: TOOL,
    target: relative(process.cwd(), OPENAPI_FILE) || OPENAPI_FILE,
    profile,
    seed: 0,
    runs: cases,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(durationMs),
    summary: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: checks.filter((c) => c.status === 'failed').length,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      cases,
      warnings: checks.filter((c) => c.status === 'failed' && c.severity === 'warning').length,
    },
    verdict: exitCode === 1 ? 'failed' : 'passed',
    exitCode,
    checks,
    errors,
    pacts,
    findings,
    validator: { name: VALIDATOR.name, version: VALIDATOR.version, additionalPropertiesInResponse: true },
  };
}
