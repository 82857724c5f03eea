/**
 * Part (a) of `pact check`: each pact file against specs/openapi.yaml with @pactflow/swagger-mock-validator, its
 * errors and warnings mapped to findings of the `openapi-slice` rule, per interaction.
 *
 * The validator is an ES module (and loads 2 MB of code); it runs through its API in a child node process, so the
 * CLI and the jest (CommonJS) projects load neither. The child gets the spec and the files on its command line and
 * prints one JSON report per file; it is killed (by its PID) past the timeout. No analytics URL is ever passed, so
 * it sends nothing anywhere.
 */
import { pathToFileURL } from 'node:url';
import { runChild } from '../engine/child';
import { SuiteError } from '../engine/errors';
import { OPENAPI_FILE } from '../specs/loader';
import type { Severity } from '../checks/types';
import { VALIDATOR } from './check-rules';

/** One error or warning as the validator reports it (the fields `pact check` reads). */
export interface ValidatorItem {
  code: string;
  message: string;
  type: 'error' | 'warning';
  mockDetails?: { interactionDescription?: string; location?: string };
  specDetails?: { location?: string };
}

export interface ValidatorReport {
  success: boolean;
  errors: ValidatorItem[];
  warnings: ValidatorItem[];
}

/** What the validator said about one interaction (index -1: about the file as a whole). */
export interface ValidatorFinding {
  index: number;
  severity: Severity;
  code: string;
  message: string;
}

const SCRIPT = `
const [moduleUrl, spec, ...files] = process.argv.slice(1);
const { SwaggerMockValidatorFactory } = await import(moduleUrl);
const validator = SwaggerMockValidatorFactory.create();
const slim = (list, type) => (list || []).map((e) => ({
  code: String(e.code), message: String(e.message), type,
  mockDetails: { interactionDescription: e.mockDetails && e.mockDetails.interactionDescription, location: e.mockDetails && e.mockDetails.location },
  specDetails: { location: e.specDetails && e.specDetails.location },
}));
const out = [];
for (const mock of files) {
  const r = await validator.validate({ specPathOrUrl: spec, mockPathOrUrl: mock, additionalPropertiesInResponse: 'true' });
  out.push({ success: r.success, errors: slim(r.errors, 'error'), warnings: slim(r.warnings, 'warning') });
}
process.stdout.write(JSON.stringify(out));
`;

function validatorModule(): string {
  try {
    return pathToFileURL(require.resolve(VALIDATOR.name)).href;
  } catch {
    throw new SuiteError(
      'openapi-validator',
      `${VALIDATOR.name} is not installed`,
      `pact check needs ${VALIDATOR.name} ${VALIDATOR.version} (npm install ${VALIDATOR.name}@${VALIDATOR.version})`,
    );
  }
}

/** Runs swagger-mock-validator on each file against the spec (default specs/openapi.yaml); one report per file. */
export async function runValidator(
  files: string[],
  spec = OPENAPI_FILE,
  timeoutMs = 120_000,
): Promise<ValidatorReport[]> {
  const moduleUrl = validatorModule();
  const r = await runChild({
    command: process.execPath,
    args: ['--input-type=module', '-e', SCRIPT, moduleUrl, spec, ...files],
    timeoutMs,
    maxOutput: 64 * 1024 * 1024,
  });
  if (r.timedOut || r.error || r.code !== 0) {
    const why = r.timedOut
      ? `no answer within ${timeoutMs} ms`
      : (r.stderr.trim().split('\n').pop() ?? r.error?.message ?? `exit ${String(r.code)}`);
    throw new SuiteError(
      'openapi-validator',
      `${VALIDATOR.name} could not judge the pact files: ${why || `exit ${String(r.code)}`}`,
      'check that the files are pacts it can read (Pact V2, V3 or V4 JSON); run node_modules/.bin/swagger-mock-validator specs/openapi.yaml FILE -A true to see its own message',
    );
  }
  let reports: unknown;
  try {
    reports = JSON.parse(r.stdout) as unknown;
  } catch (e) {
    reports = e;
  }
  if (!Array.isArray(reports) || reports.length !== files.length)
    throw new SuiteError(
      'openapi-validator',
      `${VALIDATOR.name} gave no readable report: ${reports instanceof Error ? reports.message : 'one report per file expected'}`,
      'this is a bug in the suite; please report it with the pact file',
    );
  return reports as ValidatorReport[];
}

const ONE_OF = /must match exactly one schema in oneOf$/;
/** The validator's word for a request body without @odata.type (once per branch of the create's oneOf). */
const NO_ODATA_TYPE = /must have required property '@odata\.type'$/;

/** `[root].interactions[3].request.body.x` -> 3; -1 when the location names no interaction. */
export function interactionIndex(location: string | undefined): number {
  const m = /^\[root\]\.interactions\[(\d+)\]/.exec(location ?? '');
  return m?.[1] !== undefined ? Number(m[1]) : -1;
}

/**
 * The validator's report as findings per interaction. Its errors are errors and its warnings warnings, with one
 * exception: a body the validator faults only with "must match exactly one schema in oneOf" at the body itself (no
 * error inside it) fits both derived types' schemas, which happens when it names no @odata.type; the validator cannot
 * pick one, so that is a warning here (the suite's own rules judge the body against the type sent:
 * create-body-valid, response-property). A create body's missing @odata.type is left to the readings (lenient-body
 * judges it by the profile), and a finding given twice is kept once.
 */
export function validatorFindings(report: ValidatorReport): ValidatorFinding[] {
  const out: ValidatorFinding[] = [];
  const seen = new Set<string>();
  const items = [...report.errors, ...report.warnings];
  for (const item of items) {
    const location = item.mockDetails?.location ?? '';
    const index = interactionIndex(location);
    // A create body without @odata.type: the readings judge it by the profile (lenient-body: a leniency of graph-docs,
    // an error in odata-strict), so the validator's own errors for it (one per derived type) are not repeated.
    if (/^\[root\]\.interactions\[\d+\]\.request\.body$/.test(location) && NO_ODATA_TYPE.test(item.message)) continue;
    let severity: Severity = item.type === 'warning' ? 'warning' : 'error';
    let message = item.message;
    const part = /^\[root\]\.interactions\[\d+\]\.(request|response)\.body$/.exec(location)?.[1];
    if (severity === 'error' && part && item.code.endsWith('.body.incompatible') && ONE_OF.test(item.message)) {
      const inside = report.errors.some(
        (e) =>
          e !== item &&
          e.code === item.code &&
          interactionIndex(e.mockDetails?.location) === index &&
          (e.mockDetails?.location ?? '').startsWith(`${location}.`),
      );
      if (!inside) {
        severity = 'warning';
        message = `${message} (both derived types' schemas fit this ${part} body, which names no @odata.type; the suite judges it against the type sent)`;
      }
    }
    // The same finding twice (the validator may say it once per oneOf branch) is said once.
    const key = `${index} ${severity} ${item.code} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ index, severity, code: item.code, message });
  }
  return out;
}
