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
 *
 * Here: whole pact files judged, and results.json. The parts: check-pact.ts reads a pact, check-context.ts holds what
 * judging works with, check-interaction.ts judges one interaction (with check-body.ts for a create body,
 * check-odata-type.ts for @odata.type, check-echo.ts for the echo, check-schema.ts for the answer's schemas,
 * check-expectation.ts for what statuses and matchers accept), check-report.ts writes the reports.
 */
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Profile, Severity } from '../checks/types';
import { SuiteError } from '../engine/errors';
import type { CheckResult, RunResults, SuiteErrorRecord } from '../engine/events';
import { TOOL } from '../engine/tool';
import { OPENAPI_FILE } from '../specs/loader';
import { checkContext, type CheckContext, type RawFinding } from './check-context';
import { judgeInteraction } from './check-interaction';
import { runValidator, validatorFindings, type ValidatorFinding, type ValidatorReport } from './check-openapi';
import { HTTP_KIND, readPactForCheck, type PactCheckInteraction, type PactForCheck } from './check-pact';
import { PACT_CHECK_RULE_IDS, PACT_CHECK_RULES, VALIDATOR, type PactCheckRuleId } from './check-rules';
import type { PactFileResult } from './results';

// The parts of `pact check`, importable from here as before the split.
export { PACT_CHECK_RULES, PACT_CHECK_RULE_IDS, type PactCheckRuleId } from './check-rules';
export { classifyCreateBody, type BodyVerdict, type SoftFault } from './check-body';
export {
  checkContext,
  documentedOperations,
  type CheckContext,
  type InteractionJudgement,
  type RawFinding,
} from './check-context';
export { acceptsStatus, describeExpectedStatus } from './check-expectation';
export { judgeInteraction } from './check-interaction';

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

/**
 * A rule's outcome over every interaction, in the shape of run's CheckResult (engine/events.ts): `severity` is the
 * rule's severity in the profile (for openapi-slice, that of its worst finding), `cases` the interactions the rule
 * judged, `failedCases` those with a finding of this rule; its findings in place of failures.
 */
export interface PactCheckRuleResult extends Omit<CheckResult, 'id' | 'failures'> {
  id: PactCheckRuleId;
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

/** A finding of the validator (part a), at an interaction or (index -1) about the file as a whole. */
function validatorFinding(
  label: string,
  at: { description: string; index: number },
  v: ValidatorFinding,
): PactCheckFinding {
  return {
    pact: label,
    interaction: at.description,
    index: at.index,
    rule: 'openapi-slice',
    severity: v.severity,
    message: `${v.code}: ${v.message}`,
    source: PACT_CHECK_RULES['openapi-slice'].source,
    code: v.code,
  };
}

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
    for (const v of validator.filter((x) => x.index === i.index)) findings.push(validatorFinding(label, i, v));
    for (const x of j.findings) findings.push(readingFinding(label, i, x));
  }
  for (const v of validator.filter((x) => x.index < 0 || x.index >= pact.interactions.length))
    findings.push(validatorFinding(label, { description: FILE_LEVEL, index: -1 }, v));
  // Findings in the pact's order, openapi-slice first within an interaction, then by rule order.
  const order = new Map(PACT_CHECK_RULE_IDS.map((id, n) => [id, n]));
  findings.sort((a, b) => a.index - b.index || (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  return { pact, label, findings, judged };
}

/** A finding of the readings (part b) at an interaction. */
function readingFinding(label: string, i: PactCheckInteraction, x: RawFinding): PactCheckFinding {
  return {
    pact: label,
    interaction: i.description,
    index: i.index,
    rule: x.rule,
    severity: x.severity,
    message: x.message,
    source: PACT_CHECK_RULES[x.rule].source,
    ...(x.code ? { code: x.code } : {}),
  };
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
  const checks = PACT_CHECK_RULE_IDS.map((id) => ruleResult(id, judged, findings, profile));
  const errorFindings = findings.filter((x) => x.severity === 'error').length;
  const exitCode: 0 | 1 = errorFindings > 0 ? 1 : 0;
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
    pacts: judged.map(fileResult),
    findings,
    validator: { name: VALIDATOR.name, version: VALIDATOR.version, additionalPropertiesInResponse: true },
  };
}

/** A rule's outcome over every pact: skipped in a profile that does not judge it, or where nothing applied. */
function ruleResult(
  id: PactCheckRuleId,
  judged: JudgedPact[],
  findings: PactCheckFinding[],
  profile: Profile,
): PactCheckRuleResult {
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
}

/** A pact file's line in the results: each interaction passed (no error finding) or not, with its counts. */
function fileResult(j: JudgedPact): PactCheckFileResult {
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
}
