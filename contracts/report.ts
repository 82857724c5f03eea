/**
 * The human-facing reports of `conformance verify`, beside results.json: junit.xml (one testsuite per pact file, one
 * testcase per interaction, so a CI shows which interaction broke) and summary.md. Both are built from
 * PactVerificationResults alone, which is already redacted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureText } from '../reports/failure-text';
import { mdCode, mdFence, mdInline, truncate, xmlAttr, xmlText } from '../reports/text';
import { junitCase, junitDocument, pactClassName, pactFileSuite, type JunitSuite } from './junit';
import type { PactFailure, PactFileResult, PactVerificationResults } from './results';

export const VERIFY_SUITE = 'graph-office-pact-verification';

function failureBody(f: PactFailure): string {
  const lines = [`interaction: ${f.interaction}`, `pact: ${f.pact}`, ''];
  return lines.join('\n') + failureText(f);
}

/**
 * junit.xml of a verification: a testsuite per pact file with a testcase per interaction (a <failure> with Pact's
 * mismatches, the request, the target's answer and a curl line for each failed one), and a testcase with an <error>
 * per suite error (the verification could not run or finish). A pact the verifier never got through has no
 * interaction results: its testsuite holds one skipped testcase saying so.
 */
export function formatVerificationJunit(results: PactVerificationResults): string {
  const failures = results.checks.flatMap((c) => c.failures);
  const suites = results.pacts.map((pact) => pactSuite(results, pact, failures));
  if (results.errors.length > 0) suites.push(errorSuite(results));
  return junitDocument(VERIFY_SUITE, suites, results.durationMs);
}

/** A pact file's testsuite: a testcase per interaction result, or one skipped testcase when there is none. */
function pactSuite(results: PactVerificationResults, pact: PactFileResult, failures: PactFailure[]): JunitSuite {
  const cls = pactClassName('pact', pact.consumer, pact.provider);
  const suite = pactFileSuite(pact, results.startedAt, [['target', results.target]]);
  for (const r of pact.results ?? []) {
    if (r.passed) {
      suite.cases.push(junitCase(r.interaction, cls));
      continue;
    }
    const f = failures.find((x) => x.pact === pact.file && x.interaction === r.interaction);
    const pending =
      (pact as { pending?: boolean }).pending === true || (f as { pending?: boolean } | undefined)?.pending;
    const message = f?.message ?? 'the interaction failed';
    const detail = f ? failureBody(f) : undefined;
    if (pending) {
      // A pending pact's failure does not fail the run (Pact's pending semantics): a CI test report must not go red.
      suite.skipped++;
      const skipped = `pending pact: ${message} (does not fail the run)`;
      suite.cases.push(
        junitCase(r.interaction, cls, [
          `<skipped message="${xmlAttr(truncate(skipped, 500))}"/>`,
          `<system-out>${xmlText(detail ?? skipped)}</system-out>`,
        ]),
      );
    } else {
      suite.failures++;
      suite.cases.push(
        junitCase(r.interaction, cls, [
          `<failure message="${xmlAttr(truncate(message, 500))}" type="pact-mismatch">${xmlText(detail ?? message)}</failure>`,
        ]),
      );
    }
  }
  if (suite.cases.length === 0) {
    suite.skipped++;
    suite.cases.push(
      junitCase(`${pact.file}: not verified`, cls, [
        '<skipped message="the verifier gave no result for this pact (see the suite errors)"/>',
      ]),
    );
  }
  return suite;
}

/** The suite errors' testsuite: a testcase with an <error> for each. */
function errorSuite(results: PactVerificationResults): JunitSuite {
  const cases = results.errors.map((e) =>
    junitCase(`suite error: ${e.code}`, `${VERIFY_SUITE}.suite`, [
      `<error message="${xmlAttr(truncate(e.message, 500))}" type="${xmlAttr(e.code)}">${xmlText(`${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`)}</error>`,
    ]),
  );
  return {
    name: `${VERIFY_SUITE}.suite`,
    failures: 0,
    errors: cases.length,
    skipped: 0,
    timestamp: results.startedAt,
    cases,
  };
}

/** summary.md of a verification: the verdict, a line per pact file, each failed interaction, the suite errors. */
export function formatVerificationMarkdown(results: PactVerificationResults): string {
  const out: string[] = [];
  const check = results.checks[0];
  const cases = check?.cases ?? 0;
  const failedCases = check?.failedCases ?? 0;
  out.push(`# Pact verification: ${results.verdict.toUpperCase()}`, '');
  out.push(
    `${cases - failedCases} of ${cases} interactions verified against ${mdCode(results.target)} in ${(results.durationMs / 1000).toFixed(1)} s (${mdInline(results.tool.name)} ${mdInline(results.tool.version)}, exit ${results.exitCode}).`,
    '',
  );
  out.push('| pact file | consumer → provider | verified | failed |', '| --- | --- | --- | --- |');
  for (const p of results.pacts)
    out.push(
      `| ${mdCode(p.file)} | ${mdInline(p.consumer)} → ${mdInline(p.provider)} | ${p.interactions - p.failed} of ${p.interactions} | ${p.failed} |`,
    );
  for (const f of check?.failures ?? []) {
    out.push('', `## FAILED ${mdInline(f.interaction)}`, '', `pact: ${mdCode(f.pact)}`, '');
    for (const m of f.messages.length > 0 ? f.messages : [f.message]) out.push(`- ${mdInline(m)}`);
    out.push('', 'Request and answer:', '', mdFence(truncate(failureText(f), 6000)));
  }
  if (results.errors.length > 0) {
    out.push('', '## Errors (the verification could not run or finish)', '');
    for (const e of results.errors)
      out.push(`- ${mdCode(e.code)}: ${mdInline(e.message)}${e.hint ? ` (hint: ${mdInline(e.hint)})` : ''}`);
  }
  out.push('');
  return out.join('\n');
}

/** Writes junit.xml and summary.md into dir; returns their names. */
export function writeVerificationReports(dir: string, results: PactVerificationResults): string[] {
  writeFileSync(join(dir, 'junit.xml'), formatVerificationJunit(results));
  writeFileSync(join(dir, 'summary.md'), formatVerificationMarkdown(results));
  return ['junit.xml', 'summary.md'];
}
