import type { CheckResult } from '../engine/events';
import { BASE_MS, bucketUpper, type Histogram, type RunStats } from './stats';
import { html, ms } from './text';

/**
 * Inline SVG charts for report.html: no script, no external reference (no xmlns needed inside HTML), all text
 * escaped. Colours come from the page's CSS classes.
 */

const W = 760;
const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 1 : 0));
const num = (n: number): string => String(Math.round(n * 10) / 10);

function svgOpen(width: number, height: number, label: string): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${html(label)}" preserveAspectRatio="xMinYMin meet"><title>${html(label)}</title>`;
}

function empty(label: string, why: string): string {
  return `${svgOpen(W, 40, label)}<text x="8" y="24" class="muted">${html(why)}</text></svg>`;
}

/** Horizontal bars per check: cases judged, with the failed ones overlaid. */
export function casesChart(checks: readonly CheckResult[]): string {
  const label = 'Cases and failures per check';
  if (checks.length === 0) return empty(label, 'no checks');
  const row = 22;
  const left = 170;
  const right = 150;
  const top = 24;
  const height = top + row * checks.length + 8;
  const plot = W - left - right;
  const max = Math.max(1, ...checks.map((c) => c.cases));
  const parts = [svgOpen(W, height, label)];
  parts.push(
    `<rect x="${left}" y="6" width="10" height="10" class="bar-cases"/><text x="${left + 14}" y="15" class="small">cases judged</text>`,
    `<rect x="${left + 110}" y="6" width="10" height="10" class="bar-failed"/><text x="${left + 124}" y="15" class="small">cases failed</text>`,
  );
  checks.forEach((c, i) => {
    const y = top + i * row;
    const wCases = (c.cases / max) * plot;
    const wFailed = (c.failedCases / max) * plot;
    const status = c.status === 'failed' ? (c.severity === 'warning' ? 'warn' : 'fail') : c.status;
    parts.push(
      `<g><title>${html(`${c.id}: ${c.cases} cases, ${c.failedCases} failed (${status})`)}</title>`,
      `<text x="${left - 6}" y="${y + 15}" text-anchor="end" class="label">${html(c.id)}</text>`,
      `<rect x="${left}" y="${y + 3}" width="${num(wCases)}" height="${row - 8}" class="bar-cases"/>`,
      c.failedCases > 0
        ? `<rect x="${left}" y="${y + 3}" width="${num(Math.max(1.5, wFailed))}" height="${row - 8}" class="bar-failed"/>`
        : '',
      `<text x="${num(left + wCases + 6)}" y="${y + 15}" class="small">${html(
        c.status === 'skipped' ? 'skipped' : `${c.cases}${c.failedCases ? ` / ${c.failedCases} failed` : ''}`,
      )}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Display bins for the response-time histogram: 1-1.5-2-3-5-7 steps per decade, in ms. */
const EDGES: number[] = (() => {
  const out = [0];
  for (let p = -2; p <= 7; p++) for (const m of [1, 1.5, 2, 3, 5, 7]) out.push(Number((m * 10 ** p).toPrecision(3)));
  return out;
})();

/** "1.5 ms", "20 ms", "2 s": bin edges are round numbers. */
const edgeLabel = (v: number): string => (v >= 1000 ? `${Number((v / 1000).toPrecision(3))} s` : `${v} ms`);

/** The fine log buckets regrouped into 1-2-5 bins between the first and last non-empty one. */
export function displayBins(h: Histogram): Array<{ from: number; to: number; count: number }> {
  const counts = new Array<number>(EDGES.length).fill(0);
  for (const [i, n] of h.buckets) {
    const mid = i === 0 ? BASE_MS / 2 : Math.sqrt(bucketUpper(i - 1) * bucketUpper(i));
    let k = EDGES.findIndex((e) => e >= mid);
    if (k < 1) k = k === 0 ? 1 : EDGES.length - 1;
    counts[k] = (counts[k] ?? 0) + n;
  }
  const first = counts.findIndex((n) => n > 0);
  let last = counts.length - 1;
  while (last > 0 && (counts[last] ?? 0) === 0) last--;
  if (first < 0) return [];
  const bins: Array<{ from: number; to: number; count: number }> = [];
  for (let k = first; k <= last; k++) bins.push({ from: EDGES[k - 1] ?? 0, to: EDGES[k] ?? 0, count: counts[k] ?? 0 });
  return bins;
}

/** Vertical bars: how many cases answered within each response-time bin. */
export function latencyChart(stats: RunStats | undefined): string {
  const label = 'Response-time distribution (POST round trip per case)';
  const h = stats?.overall;
  if (!h || h.count === 0) return empty(label, 'no case events were recorded');
  const bins = displayBins(h);
  const left = 50;
  const bottom = 46;
  const top = 14;
  const height = 220;
  const plotH = height - top - bottom;
  const plotW = W - left - 10;
  const bw = plotW / bins.length;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const parts = [svgOpen(W, height, label)];
  parts.push(axes(left, top, plotW, plotH, max, 'cases'));
  bins.forEach((b, i) => {
    const bh = (b.count / max) * plotH;
    const x = left + i * bw;
    parts.push(
      `<g><title>${html(`${edgeLabel(b.from)} – ${edgeLabel(b.to)}: ${b.count} cases`)}</title>`,
      `<rect x="${num(x + 2)}" y="${num(top + plotH - bh)}" width="${num(Math.max(1, bw - 4))}" height="${num(bh)}" class="bar-cases"/>`,
      b.count > 0
        ? `<text x="${num(x + bw / 2)}" y="${num(top + plotH - bh - 3)}" text-anchor="middle" class="small">${b.count}</text>`
        : '',
      `<text x="${num(x + bw / 2)}" y="${top + plotH + 14}" text-anchor="middle" class="small">≤${html(edgeLabel(b.to))}</text></g>`,
    );
  });
  parts.push(`<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="small">response time</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Requests per second in each time bin of the run. */
export function throughputChart(stats: RunStats | undefined): string {
  const label = 'Throughput over the run (cases per second)';
  const points = stats?.throughput() ?? [];
  if (!stats || points.length === 0) return empty(label, 'no case events were recorded');
  const left = 50;
  const bottom = 40;
  const top = 14;
  const height = 200;
  const plotH = height - top - bottom;
  const plotW = W - left - 10;
  const bw = plotW / points.length;
  const max = Math.max(1, ...points.map((p) => p.perSecond));
  const parts = [svgOpen(W, height, label)];
  parts.push(axes(left, top, plotW, plotH, max, 'per s'));
  points.forEach((p, i) => {
    const bh = (p.perSecond / max) * plotH;
    parts.push(
      `<rect x="${num(left + i * bw)}" y="${num(top + plotH - bh)}" width="${num(Math.max(0.5, bw - (bw > 4 ? 1 : 0)))}" height="${num(bh)}" class="bar-rate"><title>${html(
        `${fmt(p.startMs / 1000)} s – ${fmt((p.startMs + stats.binMs) / 1000)} s: ${fmt(p.perSecond)} cases/s`,
      )}</title></rect>`,
    );
  });
  const end = (points.length * stats.binMs) / 1000;
  parts.push(
    `<text x="${left}" y="${top + plotH + 14}" class="small">0 s</text>`,
    `<text x="${left + plotW}" y="${top + plotH + 14}" text-anchor="end" class="small">${html(fmt(end))} s</text>`,
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="small">time since the run started (bins of ${html(ms(stats.binMs))})</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

function axes(left: number, top: number, plotW: number, plotH: number, max: number, unit: string): string {
  return [
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" class="axis"/>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" class="axis"/>`,
    `<text x="${left - 4}" y="${top + 8}" text-anchor="end" class="small">${html(fmt(max))}</text>`,
    `<text x="${left - 4}" y="${top + plotH}" text-anchor="end" class="small">0</text>`,
    `<text x="${left - 4}" y="${top + plotH / 2}" text-anchor="end" class="small">${html(unit)}</text>`,
  ].join('');
}
