/**
 * The reports of `conformance pact check`: results.json (PactCheckResults, run's shape), junit.xml (a testsuite per
 * pact file, a testcase per interaction: a <failure> naming each error finding's rule and source, warnings in
 * <system-out>), summary.md, and the console summary. Pact files hold no secrets the suite puts there; a header
 * value is never quoted in a finding.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mdCode, mdInline, truncate, xmlAttr, xmlText } from '../reports/text';
import type { PactCheckFileResult, PactCheckFinding, PactCheckResults } from './check';
import { junitCase, junitDocument, pactClassName, pactFileSuite, type JunitSuite } from './junit';

export const CHECK_SUITE = 'graph-office-pact-check';

/** One finding in one line: `error [rule] message (source: ...)`. */
export function findingLine(f: PactCheckFinding, withSource = true): string {
  return `${f.severity} [${f.rule}] ${f.message}${withSource ? ` (source: ${f.source})` : ''}`;
}

export function formatCheckJunit(results: PactCheckResults): string {
  return junitDocument(
    CHECK_SUITE,
    results.pacts.map((pact) => checkSuite(results, pact)),
    results.durationMs,
  );
}

/** A pact file's testsuite: a testcase per interaction (and one for the file, if a finding is about it). */
function checkSuite(results: PactCheckResults, pact: PactCheckFileResult): JunitSuite {
  const cls = pactClassName('pact-check', pact.consumer, pact.provider);
  const own = results.findings.filter((f) => f.pact === pact.file);
  const fileLevel = own.filter((f) => f.index < 0);
  const rows = [
    ...(fileLevel.length > 0 ? [{ interaction: '(the pact file)', index: -1 }] : []),
    ...pact.results.map((r) => ({ interaction: r.interaction, index: r.index })),
  ];
  const cases = rows.map((r) =>
    checkCase(
      `${r.index >= 0 ? `#${r.index} ` : ''}${r.interaction}`,
      cls,
      own.filter((f) => f.index === r.index),
    ),
  );
  const suite = pactFileSuite(pact, results.startedAt, [
    ['pactSpecification', pact.specification],
    ['profile', results.profile],
    ['spec', results.target],
  ]);
  suite.failures = cases.filter((c) => c.failed).length;
  suite.cases = cases.map((c) => c.xml);
  return suite;
}

/** An interaction's testcase: a <failure> naming each error finding, the warnings in <system-out>. */
function checkCase(name: string, cls: string, mine: PactCheckFinding[]): { xml: string; failed: boolean } {
  const errors = mine.filter((f) => f.severity === 'error');
  const warnings = mine.filter((f) => f.severity === 'warning');
  const parts: string[] = [];
  if (errors.length > 0) {
    const first = errors[0];
    const message = first ? `[${first.rule}] ${first.message}` : 'an error finding';
    parts.push(
      `<failure message="${xmlAttr(truncate(message, 500))}" type="${xmlAttr([...new Set(errors.map((e) => e.rule))].join(' '))}">${xmlText(
        errors.map((e) => `- ${findingLine(e)}`).join('\n'),
      )}</failure>`,
    );
  }
  if (warnings.length > 0)
    parts.push(`<system-out>${xmlText(warnings.map((e) => `- ${findingLine(e)}`).join('\n'))}</system-out>`);
  return { xml: junitCase(name, cls, parts), failed: errors.length > 0 };
}

export function formatCheckMarkdown(results: PactCheckResults): string {
  const out: string[] = [];
  const interactions = results.pacts.reduce((n, p) => n + p.interactions, 0);
  const failed = results.pacts.reduce((n, p) => n + p.failed, 0);
  const errors = results.findings.filter((f) => f.severity === 'error').length;
  const warnings = results.findings.length - errors;
  out.push(`# Pact check: ${results.verdict.toUpperCase()}`, '');
  out.push(
    `${interactions - failed} of ${interactions} interactions without an error finding, profile ${mdCode(results.profile)}, against ${mdCode(results.target)} and the suite's readings; ${errors} error(s), ${warnings} warning(s) (${mdInline(results.tool.name)} ${mdInline(results.tool.version)}, ${mdInline(results.validator.name)} ${mdInline(results.validator.version)}, exit ${results.exitCode}).`,
    '',
  );
  out.push('| pact file | consumer → provider | spec | passed | with errors |', '| --- | --- | --- | --- | --- |');
  for (const p of results.pacts)
    out.push(
      `| ${mdCode(p.file)} | ${mdInline(p.consumer)} → ${mdInline(p.provider)} | ${mdInline(p.specification)} | ${p.interactions - p.failed} of ${p.interactions} | ${p.failed} |`,
    );
  for (const p of results.pacts) {
    const own = results.findings.filter((f) => f.pact === p.file);
    const indexes = [...new Set(own.map((f) => f.index))];
    for (const index of indexes) {
      const mine = own.filter((f) => f.index === index);
      const verdict = mine.some((f) => f.severity === 'error') ? 'FAILED' : 'WARNINGS';
      out.push(
        '',
        `## ${verdict} ${mdInline(mine[0]?.interaction ?? '')}`,
        '',
        `pact: ${mdCode(p.file)}${index >= 0 ? `, interaction #${index}` : ''}`,
        '',
      );
      out.push('| severity | rule | finding | source |', '| --- | --- | --- | --- |');
      for (const f of mine)
        out.push(`| ${f.severity} | ${mdCode(f.rule)} | ${mdInline(f.message)} | ${mdInline(f.source)} |`);
    }
  }
  out.push(
    '',
    '## Rules',
    '',
    '| rule | severity | status | interactions judged | with findings |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const c of results.checks)
    out.push(
      `| ${mdCode(c.id)} | ${c.severity} | ${c.status}${c.skippedReason ? ` (${mdInline(c.skippedReason)})` : ''} | ${c.cases} | ${c.failedCases} |`,
    );
  out.push('');
  return out.join('\n');
}

/** Writes results.json, junit.xml and summary.md into dir; returns their names. */
export function writeCheckReports(dir: string, results: PactCheckResults): string[] {
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(dir, 'junit.xml'), formatCheckJunit(results));
  writeFileSync(join(dir, 'summary.md'), formatCheckMarkdown(results));
  return ['results.json', 'junit.xml', 'summary.md'];
}

/** The console summary: per file, each interaction with findings and its findings, then the verdict. */
export function formatCheckSummary(results: PactCheckResults, reportDir?: string): string[] {
  const lines: string[] = [];
  for (const p of results.pacts) {
    const own = results.findings.filter((f) => f.pact === p.file);
    const errors = own.filter((f) => f.severity === 'error').length;
    lines.push(
      `${p.file}: ${p.interactions - p.failed}/${p.interactions} interactions without errors (${p.consumer} -> ${p.provider}, pact ${p.specification}); ${errors} error(s), ${own.length - errors} warning(s)`,
    );
    for (const index of [...new Set(own.map((f) => f.index))]) {
      const mine = own.filter((f) => f.index === index);
      lines.push(`${mine.some((f) => f.severity === 'error') ? 'FAIL' : 'WARN'} ${mine[0]?.interaction ?? ''}`);
      for (const f of mine) lines.push(`  ${findingLine(f, f.severity === 'error')}`);
    }
  }
  const interactions = results.pacts.reduce((n, p) => n + p.interactions, 0);
  const failed = results.pacts.reduce((n, p) => n + p.failed, 0);
  lines.push(
    `${results.verdict.toUpperCase()}: ${interactions - failed} of ${interactions} interactions without an error finding (profile ${results.profile}; ${results.target} with ${results.validator.name}, and the suite's readings) in ${(results.durationMs / 1000).toFixed(1)} s`,
  );
  if (reportDir) lines.push(`reports: ${reportDir}`);
  return lines;
}
