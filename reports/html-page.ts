import { html } from './text';

/**
 * The shell of the HTML reports: one self-contained file, inline CSS only, no script, no external fonts or images.
 * The Content-Security-Policy forbids any fetch, so even a mistake in a body could not make the page call out.
 */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #59636e; --bar: #54aeff; --rate: #8250df; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow: auto; max-height: 420px; white-space: pre-wrap; word-break: break-all; margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td:last-child { overflow-wrap: anywhere; min-width: 12em; } table.checks td:nth-child(2), table.checks td:nth-child(3) { white-space: nowrap; }
th { background: var(--panel); } table.checks td:first-child { white-space: nowrap; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict { display: inline-block; padding: 4px 12px; border-radius: 999px; color: #fff; font-weight: 600; letter-spacing: .04em; }
.verdict.passed { background: var(--pass); } .verdict.failed { background: var(--fail); } .verdict.error, .verdict.inconclusive { background: var(--warn); }
table.details td { font-size: 12px; vertical-align: top; word-break: break-all; }
.st-pass { color: var(--pass); font-weight: 600; } .st-fail { color: var(--fail); font-weight: 600; }
.st-warn { color: var(--warn); font-weight: 600; } .st-skip { color: var(--skip); }
.meta { color: var(--muted); } .meta b { color: var(--fg); font-weight: 600; }
.error-box { border-left: 4px solid var(--warn); background: #fff8c5; padding: 8px 12px; margin: 8px 0; }
details { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
summary { cursor: pointer; font-weight: 600; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } @media (max-width: 800px) { .cols { grid-template-columns: 1fr; } }
figure { margin: 12px 0 20px; } figcaption { color: var(--muted); font-size: 13px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg .label { font-size: 12px; fill: var(--fg); } svg .small { font-size: 11px; fill: var(--muted); } svg .muted { font-size: 13px; fill: var(--muted); }
svg .bar-cases { fill: var(--bar); } svg .bar-failed { fill: var(--fail); } svg .bar-rate { fill: var(--rate); } svg .axis { stroke: var(--muted); stroke-width: 1; }
.up { color: var(--fail); } .down { color: var(--pass); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

export function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${html(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${html(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
