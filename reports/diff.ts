import type { CheckResult, RunResults } from '../engine/events';
import { page } from './html-page';
import type { RunStats, TimingSummary } from './stats';
import { html, mdCode, mdInline, ms, truncate } from './text';

/**
 * Regression tracking: two runs' results (and timing) compared check by check.
 *
 * Response times per check are the POST round-trip times of the cases that check judged ('case' events,
 * durationMs, attributed to every id in `judged`), summarised as median and p95 from log-bucket histograms
 * (within about 4 %). Per check rather than overall because checks judge different case kinds (valid creates,
 * invalid bodies, auth probes), so a slowdown on one path shows where it is; the overall figures are given too.
 */

export type Change =
  | 'new-failure' // failed now, did not fail in the baseline
  | 'fixed' // failed in the baseline, passed now
  | 'still-failing'
  | 'passing' // passed in both
  | 'now-passing' // passed now, skipped or absent in the baseline
  | 'now-skipped' // skipped now, judged in the baseline
  | 'skipped' // skipped in both
  | 'removed'; // in the baseline only

export interface SideFacts {
  status?: CheckResult['status'];
  severity?: CheckResult['severity'];
  cases?: number;
  failedCases?: number;
  medianMs?: number;
  p95Ms?: number;
}

export interface CheckDiff {
  id: string;
  severity: CheckResult['severity'];
  change: Change;
  /** Passed in the baseline, fails now, at error level: this makes `report diff` exit 1. */
  regression: boolean;
  baseline: SideFacts;
  current: SideFacts;
  /** Relative change of the median and p95 in percent, when both sides have times. */
  medianChangePct?: number;
  p95ChangePct?: number;
  /** The first failure message now (for new and still failing checks). */
  firstFailure?: string;
}

export interface RunFacts {
  dir: string;
  target: string;
  profile: string;
  seed: number;
  runs: number;
  shard?: string;
  startedAt: string;
  verdict: RunResults['verdict'];
  cases: number;
  timing: 'timing.json' | 'events.ndjson' | 'none';
  overall?: TimingSummary;
}

export interface RunDiff {
  format: 'conformance-diff/1';
  baseline: RunFacts;
  current: RunFacts;
  /** Why the two runs may not be like for like (different seed, runs, profile, target). */
  notes: string[];
  regression: boolean;
  exitCode: 0 | 1;
  counts: { newFailures: number; regressions: number; fixed: number; stillFailing: number };
  timingMethod: string;
  checks: CheckDiff[];
}

export interface DiffSide {
  dir: string;
  results: RunResults;
  stats?: RunStats;
  timing: RunFacts['timing'];
}

export const TIMING_METHOD =
  'median and p95 of the POST round-trip time (durationMs of the "case" events) of the cases each check judged; ' +
  'from timing.json, or events.ndjson when there is no timing.json; log-bucket histograms, within about 4 %';

const pct = (from: number | undefined, to: number | undefined): number | undefined =>
  from !== undefined && to !== undefined && from > 0 ? Math.round(((to - from) / from) * 1000) / 10 : undefined;

function facts(c: CheckResult | undefined, stats: RunStats | undefined): SideFacts {
  if (!c) return {};
  const out: SideFacts = { status: c.status, severity: c.severity, cases: c.cases, failedCases: c.failedCases };
  const t = stats?.perCheck.get(c.id)?.summary();
  if (t) {
    out.medianMs = t.medianMs;
    out.p95Ms = t.p95Ms;
  }
  return out;
}

function changeOf(b: CheckResult | undefined, c: CheckResult | undefined): Change {
  if (!c) return 'removed';
  if (c.status === 'failed') return b?.status === 'failed' ? 'still-failing' : 'new-failure';
  if (c.status === 'passed')
    return b?.status === 'failed' ? 'fixed' : b?.status === 'passed' ? 'passing' : 'now-passing';
  return b && b.status !== 'skipped' ? 'now-skipped' : 'skipped';
}

function runFacts(side: DiffSide): RunFacts {
  const r = side.results;
  const f: RunFacts = {
    dir: side.dir,
    target: r.target,
    profile: r.profile,
    seed: r.seed,
    runs: r.runs,
    startedAt: r.startedAt,
    verdict: r.verdict,
    cases: r.summary.cases,
    timing: side.timing,
  };
  if (r.shard) f.shard = r.shard;
  const overall = side.stats?.overall.summary();
  if (overall) f.overall = overall;
  return f;
}

/** Compares two runs; the current run's order and severities win, checks only in the baseline come last. */
export function diffRuns(baseline: DiffSide, current: DiffSide): RunDiff {
  const b = baseline.results;
  const c = current.results;
  const notes: string[] = [];
  if (b.seed !== c.seed) notes.push(`the seeds differ (${b.seed} vs ${c.seed}): the runs sent different cases`);
  if (b.runs !== c.runs) notes.push(`the number of runs differs (${b.runs} vs ${c.runs})`);
  if (b.profile !== c.profile) notes.push(`the profiles differ (${b.profile} vs ${c.profile}): severities may differ`);
  if (b.target !== c.target) notes.push(`the targets differ (${b.target} vs ${c.target})`);
  if ((b.shard ?? '') !== (c.shard ?? '')) notes.push(`the shards differ (${b.shard ?? 'all'} vs ${c.shard ?? 'all'})`);
  if (b.verdict === 'error' || c.verdict === 'error')
    notes.push('a run ended on a suite error: its check results may be incomplete');
  if (b.tool.fastCheck !== undefined && c.tool.fastCheck !== undefined && b.tool.fastCheck !== c.tool.fastCheck)
    notes.push(
      `the runs used different fast-check versions (${b.tool.fastCheck} vs ${c.tool.fastCheck}): the same seed may have sent different cases`,
    );
  if (b.verdict === 'inconclusive' || c.verdict === 'inconclusive')
    notes.push('a run was inconclusive (it could not judge the target): its passes are shown as skipped');
  if (baseline.timing === 'none' || current.timing === 'none')
    notes.push('response times are missing on one side (no timing.json nor events.ndjson)');

  const ids = [
    ...c.checks.map((x) => x.id),
    ...b.checks.map((x) => x.id).filter((id) => !c.checks.some((x) => x.id === id)),
  ];
  const checks: CheckDiff[] = ids.map((id) => {
    const bc = b.checks.find((x) => x.id === id);
    const cc = c.checks.find((x) => x.id === id);
    const severity = cc?.severity ?? bc?.severity ?? 'error';
    const change = changeOf(bc, cc);
    const d: CheckDiff = {
      id,
      severity,
      change,
      regression: bc?.status === 'passed' && cc?.status === 'failed' && severity === 'error',
      baseline: facts(bc, baseline.stats),
      current: facts(cc, current.stats),
    };
    const m = pct(d.baseline.medianMs, d.current.medianMs);
    const p = pct(d.baseline.p95Ms, d.current.p95Ms);
    if (m !== undefined) d.medianChangePct = m;
    if (p !== undefined) d.p95ChangePct = p;
    const first = cc?.status === 'failed' ? cc.failures[0]?.message : undefined;
    if (first !== undefined) d.firstFailure = first;
    return d;
  });
  const regressions = checks.filter((x) => x.regression).length;
  return {
    format: 'conformance-diff/1',
    baseline: runFacts(baseline),
    current: runFacts(current),
    notes,
    regression: regressions > 0,
    exitCode: regressions > 0 ? 1 : 0,
    counts: {
      newFailures: checks.filter((x) => x.change === 'new-failure').length,
      regressions,
      fixed: checks.filter((x) => x.change === 'fixed').length,
      stillFailing: checks.filter((x) => x.change === 'still-failing').length,
    },
    timingMethod: TIMING_METHOD,
    checks,
  };
}

const LABEL: Record<Change, string> = {
  'new-failure': 'new failure',
  fixed: 'fixed',
  'still-failing': 'still failing',
  passing: 'passing',
  'now-passing': 'now passing',
  'now-skipped': 'now skipped',
  skipped: 'skipped',
  removed: 'not in current run',
};

const signed = (p: number | undefined): string => (p === undefined ? '' : ` (${p > 0 ? '+' : ''}${p}%)`);
const arrow = (a: string, b: string): string => (a === b ? a : `${a} → ${b}`);
const count = (n: number | undefined): string => (n === undefined ? '–' : String(n));
const stat = (s: SideFacts): string =>
  s.status === undefined ? '–' : s.status === 'failed' && s.severity === 'warning' ? 'warn' : s.status;

function headline(d: RunDiff): string {
  if (d.regression)
    return `${d.counts.regressions} error-level check${d.counts.regressions === 1 ? '' : 's'} passed in the baseline and fail${d.counts.regressions === 1 ? 's' : ''} now`;
  return `no regression (${d.counts.newFailures} new failure${d.counts.newFailures === 1 ? '' : 's'} at warning level or not judged before, ${d.counts.fixed} fixed, ${d.counts.stillFailing} still failing)`;
}

function timingLine(label: string, f: RunFacts): string {
  return f.overall
    ? `${label}: median ${ms(f.overall.medianMs)}, p95 ${ms(f.overall.p95Ms)} over ${f.overall.count} cases`
    : `${label}: no response times`;
}

/** A few lines for stdout. */
export function formatDiffText(d: RunDiff): string {
  const lines = [
    `baseline ${d.baseline.dir}: ${d.baseline.verdict}, seed ${d.baseline.seed}, ${d.baseline.cases} cases`,
    `current  ${d.current.dir}: ${d.current.verdict}, seed ${d.current.seed}, ${d.current.cases} cases`,
  ];
  for (const n of d.notes) lines.push(`note: ${n}`);
  const list = (change: Change): string =>
    d.checks
      .filter((x) => x.change === change)
      .map((x) => `${x.id}${x.severity === 'warning' ? ' (warning)' : ''}`)
      .join(', ') || '-';
  lines.push(`new failures (${d.counts.newFailures}): ${list('new-failure')}`);
  lines.push(`fixed (${d.counts.fixed}): ${list('fixed')}`);
  lines.push(`still failing (${d.counts.stillFailing}): ${list('still-failing')}`);
  const o1 = d.baseline.overall;
  const o2 = d.current.overall;
  if (o1 && o2)
    lines.push(
      `response time: median ${ms(o1.medianMs)} -> ${ms(o2.medianMs)}${signed(pct(o1.medianMs, o2.medianMs))}, p95 ${ms(o1.p95Ms)} -> ${ms(o2.p95Ms)}${signed(pct(o1.p95Ms, o2.p95Ms))}`,
    );
  lines.push(`${d.regression ? 'REGRESSION' : 'OK'}: ${headline(d)}`);
  return lines.join('\n');
}

/** diff.md: headline, the two runs, notes, the per-check table, then the new failures with their first message. */
export function formatDiffMarkdown(d: RunDiff): string {
  const out: string[] = [];
  out.push(`## ${d.regression ? '❌ Regression' : '✅ No regression'}: ${mdInline(headline(d))}`);
  out.push('');
  for (const [label, f] of [
    ['baseline', d.baseline],
    ['current', d.current],
  ] as const) {
    out.push(
      `- **${label}** ${mdCode(f.dir)}: ${f.verdict}, target ${mdCode(f.target)}, seed ${f.seed}, ${f.runs} runs, ${f.cases} cases${f.shard ? `, shard ${f.shard}` : ''}`,
    );
  }
  for (const n of d.notes) out.push(`- note: ${mdInline(n)}`);
  out.push(`- ${mdInline(timingLine('baseline response time', d.baseline))}`);
  out.push(`- ${mdInline(timingLine('current response time', d.current))}`);
  out.push('');
  out.push('| check | severity | baseline | current | change | cases | failed cases | median | p95 |');
  out.push('| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const x of d.checks) {
    const change = x.regression ? `**${LABEL[x.change]} (regression)**` : LABEL[x.change];
    out.push(
      `| ${mdCode(x.id)} | ${x.severity} | ${stat(x.baseline)} | ${stat(x.current)} | ${change} | ${arrow(count(x.baseline.cases), count(x.current.cases))} | ${arrow(count(x.baseline.failedCases), count(x.current.failedCases))} | ${mdInline(`${ms(x.baseline.medianMs)} → ${ms(x.current.medianMs)}${signed(x.medianChangePct)}`)} | ${mdInline(`${ms(x.baseline.p95Ms)} → ${ms(x.current.p95Ms)}${signed(x.p95ChangePct)}`)} |`,
    );
  }
  const newly = d.checks.filter((x) => x.change === 'new-failure');
  if (newly.length > 0) {
    out.push('');
    out.push('### New failures');
    out.push('');
    for (const x of newly)
      out.push(
        `- ${mdCode(x.id)} (${x.severity}${x.regression ? ', regression' : ''}): ${mdInline(truncate(x.firstFailure ?? '', 300))}`,
      );
  }
  out.push('');
  out.push(`<sub>Response times: ${mdInline(d.timingMethod)}.</sub>`);
  out.push('');
  return out.join('\n');
}

/** diff.html: the same content as diff.md, self-contained. */
export function formatDiffHtml(d: RunDiff): string {
  const body: string[] = [];
  body.push(
    `<h1>Conformance diff <span class="verdict ${d.regression ? 'failed' : 'passed'}">${d.regression ? 'REGRESSION' : 'NO REGRESSION'}</span></h1>`,
  );
  body.push(`<p>${html(headline(d))}</p>`);
  body.push(
    '<table style="width:auto"><thead><tr><th></th><th>directory</th><th>verdict</th><th>target</th><th>seed</th><th>runs</th><th>cases</th><th>median</th><th>p95</th></tr></thead><tbody>',
  );
  for (const [label, f] of [
    ['baseline', d.baseline],
    ['current', d.current],
  ] as const) {
    body.push(
      `<tr><th>${label}</th><td><code>${html(f.dir)}</code></td><td>${html(f.verdict)}</td><td><code>${html(f.target)}</code></td><td class="num">${f.seed}</td><td class="num">${f.runs}</td><td class="num">${f.cases}</td><td class="num">${html(ms(f.overall?.medianMs))}</td><td class="num">${html(ms(f.overall?.p95Ms))}</td></tr>`,
    );
  }
  body.push('</tbody></table>');
  for (const n of d.notes) body.push(`<div class="error-box">note: ${html(n)}</div>`);
  body.push('<h2>Checks</h2>');
  body.push(
    '<table class="checks"><thead><tr><th>check</th><th>severity</th><th>baseline</th><th>current</th><th>change</th><th class="num">cases</th><th class="num">failed cases</th><th class="num">median</th><th class="num">p95</th><th>first failure now</th></tr></thead><tbody>',
  );
  const cls = (p: number | undefined): string =>
    p === undefined ? '' : p > 10 ? ' class="num up"' : p < -10 ? ' class="num down"' : '';
  for (const x of d.checks) {
    const changeCls =
      x.change === 'new-failure'
        ? 'st-fail'
        : x.change === 'fixed'
          ? 'st-pass'
          : x.change === 'still-failing'
            ? 'st-warn'
            : '';
    body.push(
      `<tr><td><code>${html(x.id)}</code></td><td>${html(x.severity)}</td><td>${html(stat(x.baseline))}</td><td>${html(stat(x.current))}</td><td><span class="${changeCls}">${html(LABEL[x.change])}${x.regression ? ' (regression)' : ''}</span></td><td class="num">${html(arrow(count(x.baseline.cases), count(x.current.cases)))}</td><td class="num">${html(arrow(count(x.baseline.failedCases), count(x.current.failedCases)))}</td><td${cls(x.medianChangePct) || ' class="num"'}>${html(`${ms(x.baseline.medianMs)} → ${ms(x.current.medianMs)}${signed(x.medianChangePct)}`)}</td><td${cls(x.p95ChangePct) || ' class="num"'}>${html(`${ms(x.baseline.p95Ms)} → ${ms(x.current.p95Ms)}${signed(x.p95ChangePct)}`)}</td><td>${html(truncate(x.firstFailure ?? '', 300))}</td></tr>`,
    );
  }
  body.push('</tbody></table>');
  body.push(`<footer>Response times: ${html(d.timingMethod)}.</footer>`);
  return page(`Conformance diff: ${d.regression ? 'regression' : 'no regression'}`, body.join('\n'));
}
