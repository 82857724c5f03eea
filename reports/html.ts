import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Failure, Reporter, RunEvent, RunResults } from '../engine/events';
import { page } from './html-page';
import { RunStats } from './stats';
import { casesChart, latencyChart, throughputChart } from './svg';
import {
  detailValue,
  headerLines,
  html,
  ms,
  requestBody,
  responseBody,
  cleanupLine,
  retryLine,
  safeCurl,
  structuredDetails,
  truncate,
} from './text';

/** Bodies shown in report.html stop here (results.json and cases/ keep what the engine kept). */
export const HTML_BODY_LIMIT = 16_000;
export const HTML_CURL_LIMIT = 20_000;
/** Failures shown per failing check (the minimal one first). */
export const HTML_FAILURES_PER_CHECK = 3;

function statusCell(c: CheckResult): string {
  if (c.status === 'failed')
    return c.severity === 'warning' ? '<span class="st-warn">WARN</span>' : '<span class="st-fail">FAIL</span>';
  return c.status === 'passed' ? '<span class="st-pass">PASS</span>' : '<span class="st-skip">SKIP</span>';
}

const anchor = (id: string): string => `check-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function checkTable(results: RunResults, stats: RunStats | undefined): string {
  const rows = results.checks.map((c) => {
    const t = stats?.perCheck.get(c.id)?.summary();
    const id =
      c.status === 'failed'
        ? `<a href="#${anchor(c.id)}"><code>${html(c.id)}</code></a>`
        : `<code>${html(c.id)}</code>`;
    const note =
      c.status === 'skipped'
        ? html(c.skippedReason ?? '')
        : c.status === 'failed'
          ? html(truncate(c.failures[0]?.message ?? '', 300))
          : '';
    return `<tr><td>${id}</td><td>${statusCell(c)}</td><td>${html(c.severity)}</td><td class="num">${c.cases}</td><td class="num">${c.failedCases}</td><td class="num">${html(ms(t?.medianMs))}</td><td class="num">${html(ms(t?.p95Ms))}</td><td>${html(c.rule)}</td><td>${note}</td></tr>`;
  });
  return [
    '<table class="checks">',
    '<thead><tr><th>check</th><th>status</th><th>severity</th><th class="num">cases</th><th class="num">failed</th><th class="num">median</th><th class="num">p95</th><th>rule</th><th>first failure / note</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function exchangeBlock(title: string, req: Failure['request'], res: Failure['response']): string {
  const status = res.status === 0 ? `no answer (${res.error ?? 'unknown'})` : String(res.status);
  return [
    '<div class="cols">',
    `<div><h4>${html(title)} request</h4><pre>${html(`${req.method} ${req.url}\n${headerLines(req.headers)}`)}</pre>`,
    req.text !== undefined || req.body !== undefined
      ? `<pre>${html(truncate(requestBody(req), HTML_BODY_LIMIT))}</pre>`
      : '',
    '</div>',
    `<div><h4>${html(title)} response: ${html(status)} <span class="meta">(${html(ms(res.durationMs))})</span></h4><pre>${html(headerLines(res.headers) || '(no headers)')}</pre>`,
    `<pre>${html(truncate(responseBody(res), HTML_BODY_LIMIT) || '(empty body)')}</pre>`,
    '</div>',
    '</div>',
  ].join('\n');
}

function failureBlock(c: CheckResult, f: Failure, index: number): string {
  const parts: string[] = [];
  parts.push(
    `<details${index === 0 ? ' open' : ''}><summary>${f.minimal ? 'Minimal counterexample' : `Failure ${index + 1}`} — case <code>${html(f.caseId)}</code>, path <code>${html(f.reproduce.path)}</code></summary>`,
  );
  parts.push(`<ul>${(f.messages.length ? f.messages : [f.message]).map((m) => `<li>${html(m)}</li>`).join('')}</ul>`);
  const details = structuredDetails(f);
  if (details.length > 0)
    parts.push(
      `<table class="details"><thead><tr><th>pointer</th><th>expected</th><th>actual</th></tr></thead><tbody>${details
        .map(
          (d) =>
            `<tr><td><code>${html(d.pointer === undefined ? '—' : d.pointer || '/')}</code></td><td><code>${html(detailValue(d.expected))}</code></td><td><code>${html(detailValue(d.actual))}</code></td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  if (f.invalid)
    parts.push(
      `<p class="meta">Invalid on purpose: <code>${html(f.invalid.rule)}</code> at <code>${html(f.invalid.pointer || '/')}</code></p>`,
    );
  if (f.sequence)
    parts.push(
      `<h4>Sequence</h4><ol class="sequence">${f.sequence.commands.map((cmd) => `<li><code>${html(cmd)}</code></li>`).join('')}</ol>`,
    );
  parts.push(exchangeBlock(f.sequence ? 'Request that broke the rule' : 'Create', f.request, f.response));
  if (f.readBack) parts.push(exchangeBlock('Read-back', f.readBack.request, f.readBack.response));
  parts.push(
    `<h4>Reproduce</h4><p class="meta">seed <b>${f.reproduce.seed}</b>, fast-check path <b>${html(f.reproduce.path)}</b>${index === 0 ? `, or <code>${html(f.sequence ? `sh cases/${c.id}.sh` : `conformance replay cases/${c.id}.json --target <url>`)}</code>` : ''}</p>`,
  );
  parts.push(`<pre class="curl">${html(truncate(safeCurl(f.reproduce.curl), HTML_CURL_LIMIT))}</pre>`);
  parts.push('</details>');
  return parts.join('\n');
}

function failuresSection(results: RunResults): string {
  const failing = results.checks.filter((c) => c.status === 'failed');
  if (failing.length === 0) return '<h2>Failures</h2>\n<p>No check failed.</p>';
  const out = ['<h2>Failures</h2>'];
  for (const c of failing) {
    out.push(
      `<section id="${anchor(c.id)}"><h3>${statusCell(c)} <code>${html(c.id)}</code> — ${c.failedCases} of ${c.cases} cases failed</h3>`,
    );
    out.push(`<p>${html(c.rule)} <span class="meta">(${html(c.source)})</span></p>`);
    c.failures.slice(0, HTML_FAILURES_PER_CHECK).forEach((f, i) => out.push(failureBlock(c, f, i)));
    if (c.failures.length > HTML_FAILURES_PER_CHECK)
      out.push(
        `<p class="meta">${c.failures.length - HTML_FAILURES_PER_CHECK} more failures are kept in results.json.</p>`,
      );
    out.push('</section>');
  }
  return out.join('\n');
}

function statusTable(stats: RunStats | undefined): string {
  if (!stats || stats.statuses.size === 0) return '';
  const rows = [...stats.statuses.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `<tr><td>${s === 0 ? 'no answer' : s}</td><td class="num">${n}</td></tr>`);
  return `<table style="width:auto"><thead><tr><th>answer status</th><th class="num">cases</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * report.html: the verdict, run facts, the check table, three inline-SVG charts (cases and failures per check,
 * response-time histogram, throughput over time) and every failing check's failures with bodies and curl.
 */
export function formatHtml(results: RunResults, stats?: RunStats): string {
  const s = results.summary;
  const title = `Conformance ${results.verdict.toUpperCase()}: ${results.target}`;
  const overall = stats?.overall.summary();
  const body: string[] = [];
  body.push(
    `<h1>Graph officeConfiguration conformance <span class="verdict ${html(results.verdict)}">${html(results.verdict.toUpperCase())}</span></h1>`,
  );
  body.push(
    `<p class="meta">target <b><code>${html(results.target)}</code></b> · profile <b>${html(results.profile)}</b> · seed <b>${results.seed}</b> (repeat with <code>--seed ${results.seed}</code>) · runs <b>${results.runs}</b>${results.shard ? ` · shard <b>${html(results.shard)}</b>` : ''} · started ${html(results.startedAt)} · ${html(ms(results.durationMs))}</p>`,
  );
  body.push(
    `<p><b>${s.passed}</b> passed, <b>${s.failed}</b> failed (${s.warnings} warning-level), <b>${s.skipped}</b> skipped; <b>${s.cases}</b> cases; exit code <b>${results.exitCode}</b>.</p>`,
  );
  const waits = retryLine(results);
  if (waits) body.push(`<p class="meta">waiting: ${html(waits)}</p>`);
  const cleanup = cleanupLine(results);
  if (cleanup)
    body.push(
      cleanup.warning
        ? `<div class="error-box"><b>cleanup</b>: ${html(cleanup.text)}</div>`
        : `<p class="meta">cleanup: ${html(cleanup.text)}</p>`,
    );
  for (const e of results.errors)
    body.push(
      `<div class="error-box"><b>error [${html(e.code)}]</b>: ${html(e.message)}${e.hint ? `<br>hint: ${html(e.hint)}` : ''}</div>`,
    );
  body.push('<h2>Checks</h2>');
  body.push(checkTable(results, stats));
  body.push('<h2>Charts</h2>');
  body.push(
    `<figure>${casesChart(results.checks)}<figcaption>Cases each check judged, and how many it failed.</figcaption></figure>`,
  );
  body.push(
    `<figure>${latencyChart(stats)}<figcaption>${
      overall
        ? html(
            `${overall.count} cases: median ${ms(overall.medianMs)}, p95 ${ms(overall.p95Ms)}, max ${ms(overall.maxMs)}, mean ${ms(overall.meanMs)}.`,
          )
        : 'No response times recorded.'
    }</figcaption></figure>`,
  );
  body.push(
    `<figure>${throughputChart(stats)}<figcaption>Cases completed per second over the run.</figcaption></figure>`,
  );
  body.push(statusTable(stats));
  body.push(failuresSection(results));
  body.push(
    `<footer>${html(`${results.tool.name} ${results.tool.version}`)}. Credentials are never written: the Authorization header shows as $GRAPH_TOKEN in curl commands and secret header values are hidden.</footer>`,
  );
  return page(title, body.join('\n'));
}

export function writeHtml(dir: string, results: RunResults, stats?: RunStats): void {
  writeFileSync(join(dir, 'report.html'), formatHtml(results, stats));
}

/**
 * Writes report.html at the end of the run. Case timings are aggregated as the run goes (bounded memory): by this
 * reporter itself, or, when `shared` is given, by the reporter that owns it (timingReporter) placed before this one.
 */
export function htmlReporter(dir: string, shared?: RunStats): Reporter {
  const stats = shared ?? new RunStats();
  return {
    onEvent(e: Readonly<RunEvent>): void {
      if (!shared) stats.onEvent(e);
      if (e.type === 'run-finished') writeHtml(dir, e.results, stats);
    },
  };
}
