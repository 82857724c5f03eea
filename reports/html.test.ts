import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatHtml, htmlReporter } from './html';
import { RunStats } from './stats';
import { caseEvents, hostileResults, sampleResults } from './test-support/fixtures';
import { parseXml } from './test-support/xml';
import { html as escapeHtml } from './text';
import type { RunResults } from '../engine/events';

function statsFor(n = 200): RunStats {
  const s = new RunStats();
  for (const e of caseEvents(n, ['status-201', 'echo-fields', 'location-header'])) s.onEvent(e);
  return s;
}

/** Every http(s):// in the page must be the start of the target's escaped text (request URLs, curl), not markup. */
function externalUrls(page: string, results: RunResults): string[] {
  const target = escapeHtml(results.target);
  const bad: string[] = [];
  for (const m of page.matchAll(/https?:\/\//gi)) {
    const at = m.index;
    const before = page.slice(Math.max(0, at - 2), at);
    const inMarkup = /[=("']$/.test(before) || /url\s*\($/i.test(page.slice(Math.max(0, at - 6), at));
    if (!page.startsWith(target, at) || inMarkup) bad.push(page.slice(Math.max(0, at - 30), at + 60));
  }
  return bad;
}

describe('report.html', () => {
  test('self-contained: no external URL, script source, stylesheet link, @import or url()', () => {
    // the detector itself: markup URLs and URLs to other hosts are caught
    expect(externalUrls('<img src="https://cdn.example/x.png">', sampleResults())).toHaveLength(1);
    expect(externalUrls(`<a href="${sampleResults().target}">`, sampleResults())).toHaveLength(1);
    expect(externalUrls('text http://elsewhere.example/', sampleResults())).toHaveLength(1);
    for (const results of [sampleResults(), hostileResults()]) {
      const page = formatHtml(results, statsFor());
      expect(externalUrls(page, results)).toEqual([]);
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<link/i);
      expect(page).not.toMatch(/@import/i);
      expect(page).not.toMatch(/url\s*\(/i);
      expect(page).not.toMatch(/<(img|iframe|object|embed|video|audio|source|base|form)\b/i);
      expect(page).not.toMatch(/\s(src|href|xlink:href|srcset)\s*=\s*(?!["']?#)/i); // only in-page anchors
      expect(page).toContain('http-equiv="Content-Security-Policy"');
    }
  });

  test('shows the verdict, every check id and the failures with minimal body, response and curl', () => {
    const results = sampleResults();
    const page = formatHtml(results, statsFor());
    expect(page).toContain('<span class="verdict failed">FAILED</span>');
    for (const c of results.checks) expect(page).toContain(`<code>${c.id}</code>`);
    expect(page).toContain('id="check-echo-fields"');
    expect(page).toContain('Minimal counterexample — case <code>v3-min</code>');
    expect(page).toContain('&quot;displayName&quot;: &quot;x&quot;'); // the minimal body, pretty-printed
    expect(page).toContain('Create response: 201');
    expect(page).toContain('<pre class="curl">curl -sS -i -X POST');
    expect(page).toContain('seed <b>42</b>');
  });

  test('three inline SVG charts, each well-formed, with bars for the data', () => {
    const page = formatHtml(sampleResults(), statsFor());
    const svgs = [...page.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) expect(() => parseXml(svg)).not.toThrow();
    expect(svgs[0]).toContain('Cases and failures per check');
    expect(svgs[0]).toContain('class="bar-failed"');
    expect(svgs[1]).toContain('Response-time distribution');
    expect((svgs[1]?.match(/class="bar-cases"/g) ?? []).length).toBeGreaterThan(2);
    expect(svgs[2]).toContain('Throughput over the run');
    expect((svgs[2]?.match(/class="bar-rate"/g) ?? []).length).toBeGreaterThan(5);
  });

  test('without case events the charts say so instead of drawing', () => {
    const page = formatHtml(sampleResults());
    expect(page.match(/no case events were recorded/g)).toHaveLength(2);
  });

  test('hostile strings are escaped everywhere', () => {
    const page = formatHtml(hostileResults(), statsFor());
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('😀𝄞');
    expect(page).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/);
    expect(page).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  test('credential header values never appear', () => {
    const page = formatHtml(sampleResults(), statsFor());
    expect(page).not.toContain('session=abc');
    expect(page).not.toContain('a=b');
    expect(page).toContain('cookie: &lt;hidden&gt;');
    expect(page).toContain('set-cookie: &lt;hidden&gt;');
  });

  test('the reporter aggregates case events itself and writes report.html on run-finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-'));
    try {
      const r = htmlReporter(dir);
      for (const e of caseEvents(30, ['status-201'])) await r.onEvent?.(e);
      await r.onEvent?.({ type: 'run-finished', at: '2025-01-02T03:04:06.000Z', results: sampleResults() });
      const page = readFileSync(join(dir, 'report.html'), 'utf8');
      expect(page).toContain('30 cases: median');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
