import type { RunResults } from '../engine/events';
import { failureText } from './failure-text';
import { formatHtml } from './html';
import { formatMarkdown } from './markdown';
import { check, failure, sampleResults } from './test-support/fixtures';

/** A run whose echo-fields failure carries findings as data (pointer, expected, actual). */
function withDetails(): RunResults {
  const f = failure({
    caseId: 'v1-min',
    message: '/displayName: sent "a", got "b"',
    messages: ['/displayName: sent "a", got "b"', 'a plain message'],
    details: [
      { message: '/displayName: sent "a", got "b"', pointer: '/displayName', expected: 'a', actual: 'b' },
      { message: 'a plain message' },
    ],
  });
  return {
    ...sampleResults(),
    checks: [check('echo-fields', { status: 'failed', failedCases: 1, cases: 1, failures: [f] })],
  };
}

describe('findings as data in the reports', () => {
  test('HTML: a pointer / expected / actual table with only the structured findings', () => {
    const page = formatHtml(withDetails());
    const table = /<table class="details">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(table).toContain(
      '<td><code>/displayName</code></td><td><code>&quot;a&quot;</code></td><td><code>&quot;b&quot;</code></td>',
    );
    expect(table).not.toContain('a plain message');
  });

  test('Markdown: the same table', () => {
    expect(formatMarkdown(withDetails())).toMatch(
      /\| pointer \| expected \| actual \|\n\| --- \| --- \| --- \|\n\| `\/displayName` \| `"a"` \| `"b"` \|/,
    );
  });

  test('JUnit and other text reports: one "at <pointer>: expected …, actual …" line per structured finding', () => {
    const f = withDetails().checks[0]?.failures[0];
    if (!f) throw new Error('no failure');
    const text = failureText(f);
    expect(text).toContain('  at /displayName: expected "a", actual "b"');
    expect(text.match(/ at /g)).toHaveLength(1);
  });

  test('a failure without details renders as before', () => {
    const r = withDetails();
    const f = r.checks[0]?.failures[0];
    if (!f) throw new Error('no failure');
    delete f.details;
    expect(formatHtml(r)).not.toContain('<table class="details">');
    expect(failureText(f)).not.toContain(' at /');
  });
});
