/**
 * The human-facing reports of `conformance verify`, beside results.json: junit.xml (one testsuite per pact file, one
 * testcase per interaction, so a CI shows which interaction broke) and summary.md. Both are built from
 * PactVerificationResults alone, which is already redacted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureText } from '../reports/failure-text';
import { mdCode, mdFence, mdInline, truncate, xmlAttr, xmlText } from '../reports/text';
import type { PactFailure, PactVerificationResults } from './results';

export const VERIFY_SUITE = 'graph-office-pact-verification';

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** The class name of a pact's testcases: consumer and provider, as CI tools group by it. */
const classOf = (consumer: string, provider: string): string =>
  `pact.${`${consumer}.${provider}`.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;

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
  const suites: string[] = [];
  let tests = 0;
  let failed = 0;
  let skipped = 0;
  for (const pact of results.pacts) {
    const cls = classOf(pact.consumer, pact.provider);
    const cases: string[] = [];
    let suiteFailed = 0;
    let suiteSkipped = 0;
    for (const r of pact.results ?? []) {
      const open = `      <testcase name="${xmlAttr(r.interaction)}" classname="${xmlAttr(cls)}" time="0.000"`;
      const f = r.passed ? undefined : failures.find((x) => x.pact === pact.file && x.interaction === r.interaction);
      const pending =
        (pact as { pending?: boolean }).pending === true || (f as { pending?: boolean } | undefined)?.pending;
      if (r.passed) cases.push(`${open}/>`);
      else if (pending) {
        // A pending pact's failure does not fail the run (Pact's pending semantics): a CI test report must not go red.
        suiteSkipped++;
        const message = `pending pact: ${f?.message ?? 'the interaction failed'} (does not fail the run)`;
        cases.push(
          `${open}>\n        <skipped message="${xmlAttr(truncate(message, 500))}"/>\n        <system-out>${xmlText(
            f ? failureBody(f) : message,
          )}</system-out>\n      </testcase>`,
        );
      } else {
        suiteFailed++;
        const message = f?.message ?? 'the interaction failed';
        cases.push(
          `${open}>\n        <failure message="${xmlAttr(truncate(message, 500))}" type="pact-mismatch">${xmlText(
            f ? failureBody(f) : message,
          )}</failure>\n      </testcase>`,
        );
      }
    }
    if (cases.length === 0) {
      suiteSkipped++;
      cases.push(
        `      <testcase name="${xmlAttr(`${pact.file}: not verified`)}" classname="${xmlAttr(cls)}" time="0.000">\n        <skipped message="the verifier gave no result for this pact (see the suite errors)"/>\n      </testcase>`,
      );
    }
    tests += cases.length;
    failed += suiteFailed;
    skipped += suiteSkipped;
    suites.push(
      [
        `  <testsuite name="${xmlAttr(pact.file)}" tests="${cases.length}" failures="${suiteFailed}" errors="0" skipped="${suiteSkipped}" time="0.000" timestamp="${xmlAttr(results.startedAt)}">`,
        '    <properties>',
        `      <property name="consumer" value="${xmlAttr(pact.consumer)}"/>`,
        `      <property name="provider" value="${xmlAttr(pact.provider)}"/>`,
        `      <property name="target" value="${xmlAttr(results.target)}"/>`,
        '    </properties>',
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  if (results.errors.length > 0) {
    const cases = results.errors.map(
      (e) =>
        `      <testcase name="${xmlAttr(`suite error: ${e.code}`)}" classname="${VERIFY_SUITE}.suite" time="0.000">\n        <error message="${xmlAttr(
          truncate(e.message, 500),
        )}" type="${xmlAttr(e.code)}">${xmlText(`${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`)}</error>\n      </testcase>`,
    );
    tests += cases.length;
    suites.push(
      [
        `  <testsuite name="${VERIFY_SUITE}.suite" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0" time="0.000" timestamp="${xmlAttr(results.startedAt)}">`,
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${VERIFY_SUITE}" tests="${tests}" failures="${failed}" errors="${results.errors.length}" skipped="${skipped}" time="${seconds(results.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
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
