/**
 * What `pact check` judges an interaction with: the context of a profile (the specs, their walker, the documented
 * operations of specs/openapi.yaml, the profile's settings and readings), and the findings it collects.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { settingsFor, type ProfileSettings } from '../checks/profiles';
import type { Profile, Severity } from '../checks/types';
import {
  ASSIGN_SEGMENTS,
  OPERATIONS,
  UPDATE_PRIORITIES_SEGMENTS,
  type DocumentedOperation,
} from '../specs/generated/operations';
import { loadSpecs, OPENAPI_FILE, type Specs } from '../specs/loader';
import { walkerFor, type SchemaWalker } from '../specs/walker';
import { PACT_CHECK_RULES, type PactCheckRuleId } from './check-rules';
import { escapeRegex } from './check-values';
import { readingFor, type ContractReading } from './readings';

export const CREATE_REQUEST = 'createRequest.schema.json';
export const CREATE_RESPONSE = 'createResponse.schema.json';
export const COLLECTION_RESPONSE = 'collectionResponse.schema.json';
export const ERROR_RESPONSE = 'odataError.schema.json';

// ---------------------------------------------------------------------------------------------------------------
// The documented operations (specs/openapi.yaml paths).

export interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  /** The path parameters of the template ({id}, {assignmentId}): the fewer, the more specific the template. */
  parameters: number;
  /** What the operation does (specs/generated/operations.ts, by operationId); `undefined` for one it does not list. */
  kind?: DocumentedOperation['kind'];
  /** The specs/schemas file of its success body, where it has one. */
  responseSchema?: string;
  operationId?: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The kind of an operation operations.ts does not list, from its method and path (a create or list at the root). */
function inferredKind(method: string, template: string): DocumentedOperation['kind'] | undefined {
  if (template.includes('{')) return undefined;
  return method === 'POST' ? 'create' : method === 'GET' ? 'list' : undefined;
}

/**
 * The documented operations of specs/openapi.yaml, each with its kind and success schema from
 * specs/generated/operations.ts. A path parameter matches one segment; operationOf prefers the template with the
 * fewest parameters, so `…/microsoft.graph.updatePriorities` is the action, not an entity of that id.
 */
export function documentedOperations(file = OPENAPI_FILE): Operation[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as {
    paths?: Record<string, Record<string, { operationId?: unknown } | unknown>>;
  };
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const parts = template.split(/(\{[^}]+\})/);
    for (const method of Object.keys(item).filter((m) => HTTP_METHODS.includes(m))) {
      const operationId = (item[method] as { operationId?: unknown } | undefined)?.operationId;
      const listed = OPERATIONS.find((o) => o.operationId === operationId);
      const kind = listed?.kind ?? inferredKind(method.toUpperCase(), template);
      out.push({
        method: method.toUpperCase(),
        template,
        regex: templateRegex(template),
        parameters: parts.filter((p) => /^\{[^}]+\}$/.test(p)).length,
        ...(kind !== undefined ? { kind } : {}),
        ...(listed?.responseSchema !== undefined ? { responseSchema: listed.responseSchema } : {}),
        ...(typeof operationId === 'string' ? { operationId } : {}),
      });
    }
  }
  return [...out, ...otherSpellings(out)];
}

/** A path template as a regex: each `{parameter}` matches one segment. */
function templateRegex(template: string): RegExp {
  const parts = template.split(/(\{[^}]+\})/);
  return new RegExp(`^${parts.map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escapeRegex(part))).join('')}$`);
}

/**
 * The actions under every documented spelling of their last segment (specs/generated/operations.ts *_SEGMENTS):
 * openapi.yaml describes the service-namespace spellings a source writes, but the page's own request line (a foreign
 * namespace) and the bare name conform too (DERIVATION.md action-name-qualification, action-name-foreign-namespace),
 * so a pact written against any of them is judged as that action, as `run --stateful` accepts a server answering it.
 */
function otherSpellings(ops: readonly Operation[]): Operation[] {
  const extra: Operation[] = [];
  for (const spellings of [ASSIGN_SEGMENTS, UPDATE_PRIORITIES_SEGMENTS] as ReadonlyArray<readonly string[]>) {
    for (const op of ops) {
      const last = op.template.slice(op.template.lastIndexOf('/') + 1);
      if (op.kind !== 'action' || !spellings.includes(last)) continue;
      const head = op.template.slice(0, op.template.lastIndexOf('/') + 1);
      for (const spelling of spellings) {
        const template = head + spelling;
        if ([...ops, ...extra].some((o) => o.method === op.method && o.template === template)) continue;
        extra.push({ ...op, template, regex: templateRegex(template) });
      }
    }
  }
  return extra;
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

/**
 * Where a documented operation acts: a list (of configurations or of assignments), one item (a configuration or an
 * assignment: get, update, delete), an action, the create of a configuration, or another create (an assignment).
 */
export type Place = 'collection' | 'item' | 'action' | 'create' | 'create-other';

/** The create of a configuration: the only create whose body is a configuration (createRequest). */
const CREATE_CONFIGURATION = 'createClientConfiguration';

function placeOf(op: Operation): Place {
  switch (op.kind) {
    case 'list':
      return 'collection';
    case 'action':
      return 'action';
    case 'create':
      return op.operationId === undefined || op.operationId === CREATE_CONFIGURATION ? 'create' : 'create-other';
    default:
      return 'item';
  }
}

/**
 * The documented operation a request addresses. The path is read as the most specific template it matches (the
 * fewest path parameters: a literal segment such as an action's name wins over `{id}`), whatever the method; the
 * method must then be one that template documents.
 */
export function operationOf(method: string, path: string, ctx: CheckContext): { op?: Operation; place?: Place } {
  const matching = ctx.operations.filter((o) => o.regex.test(path));
  if (matching.length === 0) return {};
  const fewest = Math.min(...matching.map((o) => o.parameters));
  const op = matching.find((o) => o.parameters === fewest && o.method === method);
  if (!op) return {};
  return { op, place: placeOf(op) };
}

// ---------------------------------------------------------------------------------------------------------------
// The findings of one interaction.

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

/** The findings of one interaction in a profile, and the rules that judged it (a rule the profile skips never does). */
export class Findings {
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

  judgement(): InteractionJudgement {
    return { findings: this.findings, judged: this.judged };
  }
}
