import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Reporter, RunEvent, RunResults } from '../engine/events';
import {
  mdCode,
  mdFence,
  mdInline,
  prettyJson,
  requestBody,
  detailValue,
  responseBody,
  cleanupLine,
  retryLine,
  safeCurl,
  structuredDetails,
  truncate,
} from './text';

/** Bodies and commands in summary.md stop here: a job summary or a PR comment must stay short. */
export const MD_BODY_LIMIT = 1200;
export const MD_CURL_LIMIT = 1500;

const VERDICT = {
  passed: '✅ PASSED',
  failed: '❌ FAILED',
  error: '⚠️ ERROR',
  inconclusive: '❔ INCONCLUSIVE',
} as const;

export function statusLabel(c: CheckResult): string {
  if (c.status === 'failed') return c.severity === 'warning' ? '⚠️ warn' : '❌ fail';
  return c.status === 'passed' ? '✅ pass' : '⏭️ skip';
}

function note(c: CheckResult): string {
  if (c.status === 'skipped') return c.skippedReason ?? '';
  if (c.status === 'failed') return truncate(c.failures[0]?.message ?? '', 160);
  return '';
}

/**
 * A failing check's section of summary.md: its rule, then its first failure (the minimal one when shrunk) with the
 * messages, the differing values, the body sent, the answer and the curl that repeats it.
 */
function failureMarkdown(c: CheckResult): string[] {
  const out: string[] = [];
  const f = c.failures[0];
  out.push('');
  out.push(`#### ${statusLabel(c)} ${mdCode(c.id)}: ${c.failedCases} of ${c.cases} cases`);
  out.push('');
  out.push(`${mdInline(c.rule)} (${mdInline(c.source)})`);
  if (!f) return out;
  out.push('');
  out.push(
    `${f.minimal ? 'Minimal counterexample' : 'First failure'} (case ${mdCode(f.caseId)}, path ${mdCode(f.reproduce.path)}):`,
  );
  out.push('');
  for (const m of (f.messages.length > 0 ? f.messages : [f.message]).slice(0, 5))
    out.push(`- ${mdInline(truncate(m, 300))}`);
  out.push('');
  const details = structuredDetails(f).slice(0, 5);
  if (details.length > 0) {
    out.push('| pointer | expected | actual |');
    out.push('| --- | --- | --- |');
    for (const d of details)
      out.push(
        `| ${mdCode(d.pointer === undefined ? '—' : d.pointer || '/')} | ${mdCode(detailValue(d.expected, 120))} | ${mdCode(detailValue(d.actual, 120))} |`,
      );
    out.push('');
  }
  if (f.sequence) {
    out.push(`The sequence (${f.sequence.commands.length} commands; the last request below broke the rule):`);
    out.push('');
    f.sequence.commands.forEach((cmd, i) => out.push(`${i + 1}. ${mdInline(cmd)}`));
    out.push('');
  }
  out.push(`Sent ${mdCode(`${f.request.method} ${f.request.url}`)}:`);
  out.push('');
  out.push(mdFence(truncate(requestBody(f.request), MD_BODY_LIMIT), f.request.body !== undefined ? 'json' : ''));
  out.push('');
  const status = f.response.status === 0 ? `no answer (${f.response.error ?? 'unknown'})` : String(f.response.status);
  out.push(`Answer ${mdCode(status)}:`);
  out.push('');
  out.push(mdFence(truncate(responseBody(f.response), MD_BODY_LIMIT), prettyJson(f.response) ? 'json' : ''));
  out.push('');
  out.push(
    f.sequence
      ? `Reproduce (seed ${f.reproduce.seed} with \`run --stateful\`; or the script ${mdCode(`cases/${c.id}.sh`)}):`
      : `Reproduce (seed ${f.reproduce.seed}; or ${mdCode(`conformance replay cases/${c.id}.json --target <url>`)}):`,
  );
  out.push('');
  out.push(mdFence(truncate(safeCurl(f.reproduce.curl), MD_CURL_LIMIT), 'sh'));
  return out;
}

/**
 * summary.md: the verdict, seed and target, the check table, then for each failing check its first failure
 * (the minimal one when shrunk) with the body sent, the answer and the curl that repeats it.
 */
export function formatMarkdown(results: RunResults): string {
  const s = results.summary;
  const out: string[] = [];
  out.push(`## ${VERDICT[results.verdict]}: Graph officeConfiguration conformance`);
  out.push('');
  out.push(
    `${s.passed} passed, ${s.failed} failed (${s.warnings} warning-level), ${s.skipped} skipped; ` +
      `${s.cases} cases in ${(results.durationMs / 1000).toFixed(1)} s`,
  );
  out.push('');
  const meta = [
    `**target** ${mdCode(results.target)}`,
    `**seed** ${mdCode(String(results.seed))} (repeat with ${mdCode(`--seed ${results.seed}`)})`,
    `**profile** ${mdCode(results.profile)}`,
    `**runs** ${results.runs}`,
  ];
  if (results.shard) meta.push(`**shard** ${mdCode(results.shard)}`);
  meta.push(`**tool** ${mdInline(`${results.tool.name} ${results.tool.version}`)}`);
  out.push(meta.join(' · '));
  out.push('');
  const waits = retryLine(results);
  if (waits) {
    out.push(`**waiting** ${mdInline(waits)}`);
    out.push('');
  }
  const cleanup = cleanupLine(results);
  if (cleanup) {
    out.push(`${cleanup.warning ? '> **warning: cleanup**' : '**cleanup**'} ${mdInline(cleanup.text)}`);
    out.push('');
  }
  for (const e of results.errors) {
    out.push(`> **error ${mdCode(e.code)}**: ${mdInline(truncate(e.message, 500))}`);
    if (e.hint) out.push(`> hint: ${mdInline(e.hint)}`);
    out.push('');
  }
  out.push('| check | status | severity | cases | failed | note |');
  out.push('| --- | --- | --- | ---: | ---: | --- |');
  for (const c of results.checks) {
    out.push(
      `| ${mdCode(c.id)} | ${statusLabel(c)} | ${c.severity} | ${c.cases} | ${c.failedCases} | ${mdInline(note(c))} |`,
    );
  }
  const failing = results.checks.filter((c) => c.status === 'failed');
  if (failing.length > 0) {
    out.push('');
    out.push('### Failures');
  }
  for (const c of failing) out.push(...failureMarkdown(c));
  out.push('');
  return out.join('\n');
}

export function writeMarkdown(dir: string, results: RunResults): void {
  writeFileSync(join(dir, 'summary.md'), formatMarkdown(results));
}

/** Writes summary.md at the end of the run (e.g. `cat summary.md >> "$GITHUB_STEP_SUMMARY"`). */
export function markdownReporter(dir: string): Reporter {
  return {
    onEvent(e: Readonly<RunEvent>): void {
      if (e.type === 'run-finished') writeMarkdown(dir, e.results);
    },
  };
}
