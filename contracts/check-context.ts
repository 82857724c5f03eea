/**
 * What `pact check` judges an interaction with: the context of a profile (the specs, their walker, the documented
 * operations of specs/openapi.yaml, the profile's settings and readings), and the findings it collects.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { settingsFor, type ProfileSettings } from '../checks/profiles';
import type { Profile, Severity } from '../checks/types';
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

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  /** A path without parameters: the collection. */
  collection: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

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

/** Where a documented operation acts: the collection (a read), an item, or the create. */
export type Place = 'collection' | 'item' | 'create';

export function operationOf(method: string, path: string, ctx: CheckContext): { op?: Operation; place?: Place } {
  const op = ctx.operations.find((o) => o.method === method && o.regex.test(path));
  if (!op) return {};
  return { op, place: op.collection ? (method === 'POST' ? 'create' : 'collection') : 'item' };
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
