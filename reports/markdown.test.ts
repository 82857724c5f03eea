import { formatMarkdown, MD_BODY_LIMIT } from './markdown';
import { hostileResults, sampleResults } from './test-support/fixtures';

// markdown-it (a dependency already) ships no types: the little this test uses, declared here.
interface MdToken {
  type: string;
  info: string;
  content: string;
}
const MarkdownIt = require('markdown-it') as new (options?: { html?: boolean }) => {
  render(src: string): string;
  parse(src: string, env: object): MdToken[];
};

describe('summary.md', () => {
  test('snapshot of a hand-built failed run', () => {
    expect(formatMarkdown(sampleResults())).toMatchSnapshot();
  });

  test('verdict, seed, one table row per check, first failure of each failing check with its curl', () => {
    const results = sampleResults();
    const md = formatMarkdown(results);
    expect(md.split('\n')[0]).toBe('## ❌ FAILED: Graph officeConfiguration conformance');
    expect(md).toContain('**seed** `42`');
    for (const c of results.checks) expect(md).toContain(`| \`${c.id}\` |`);
    expect(md).toContain('#### ❌ fail `echo-fields`: 3 of 10 cases');
    expect(md).toContain('Minimal counterexample (case `v3-min`');
    expect(md).not.toContain('case `v3`,'); // only the first failure of a check
    expect(md).toContain('#### ⚠️ warn `location-header`');
    expect(md).toContain(
      "```sh\ncurl -sS -i -X POST 'https://graph.example.test/beta/officeConfiguration/clientConfigurations'",
    );
  });

  test('a passed run has no failures section', () => {
    const r = sampleResults();
    r.checks = r.checks.filter((c) => c.status !== 'failed');
    r.verdict = 'passed';
    r.exitCode = 0;
    const md = formatMarkdown(r);
    expect(md.startsWith('## ✅ PASSED')).toBe(true);
    expect(md).not.toContain('### Failures');
  });

  test('bodies are cut to a sane length', () => {
    const r = sampleResults();
    const f = r.checks.find((c) => c.id === 'echo-fields')?.failures[0];
    if (!f) throw new Error('fixture');
    f.response = { ...f.response, text: 'y'.repeat(50_000), json: undefined };
    const md = formatMarkdown(r);
    expect(md).toContain(`${'y'.repeat(MD_BODY_LIMIT)}… (${50_000 - MD_BODY_LIMIT} more characters)`);
    expect(md.length).toBeLessThan(20_000);
  });

  test('hostile strings cannot inject HTML, break the table or close a fence early', () => {
    const results = hostileResults();
    const md = formatMarkdown(results);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    // rendered: no raw HTML element, every table row has the same number of cells, fenced blocks stay closed
    const rendered = new MarkdownIt({ html: true }).render(md);
    expect(rendered).not.toContain('<script>');
    expect(rendered).toContain('&lt;script&gt;');
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(results.checks.length);
    const tokens = new MarkdownIt().parse(md, {});
    const fences = tokens.filter((t) => t.type === 'fence');
    expect(fences.map((t) => t.info)).toEqual(['json', '', 'sh', 'json', 'json', 'sh']);
    expect(fences[1]?.content).toContain('fence:``` ````');
    const rowsRendered = tokens.filter((t) => t.type === 'tr_open').length;
    expect(rowsRendered).toBe(results.checks.length + 1);
  });

  test('credential header values never appear', () => {
    const md = formatMarkdown(sampleResults());
    expect(md).not.toContain('session=abc');
    expect(md).toContain("-H 'cookie: <hidden>'");
  });
});
