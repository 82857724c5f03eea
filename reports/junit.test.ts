import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatJunit, junitReporter } from './junit';
import { HOSTILE, hostileResults, sampleResults } from './test-support/fixtures';
import { findAll, parseXml } from './test-support/xml';

describe('junit.xml', () => {
  test('one testcase per check; failures = failed error-level checks; skipped = skipped checks', () => {
    const results = sampleResults();
    const root = parseXml(formatJunit(results));
    expect(root.name).toBe('testsuites');
    const [suite] = findAll(root, 'testsuite');
    expect(suite?.attrs['name']).toBe('graph-office-conformance');
    const cases = findAll(root, 'testcase');
    expect(cases).toHaveLength(results.checks.length);
    expect(cases.map((c) => c.attrs['name'])).toEqual(results.checks.map((c) => `${c.id}: ${c.rule}`));

    const failedErrors = results.checks.filter((c) => c.status === 'failed' && c.severity === 'error');
    const skipped = results.checks.filter((c) => c.status === 'skipped');
    expect(findAll(root, 'failure')).toHaveLength(failedErrors.length);
    expect(findAll(root, 'skipped')).toHaveLength(skipped.length);
    for (const el of [root, suite]) {
      expect(el?.attrs['tests']).toBe(String(results.checks.length));
      expect(el?.attrs['failures']).toBe(String(failedErrors.length));
      expect(el?.attrs['skipped']).toBe(String(skipped.length));
      expect(el?.attrs['errors']).toBe('0');
    }
    // classname per severity
    expect(cases.find((c) => c.attrs['name']?.startsWith('location-header'))?.attrs['classname']).toBe(
      'graph-office-conformance.warning',
    );
    const props = Object.fromEntries(findAll(root, 'property').map((p) => [p.attrs['name'], p.attrs['value']]));
    expect(props).toMatchObject({ seed: '42', target: results.target, verdict: 'failed' });
  });

  test('a failure carries the minimal counterexample first, then the reproduction (seed, path, curl)', () => {
    const root = parseXml(formatJunit(sampleResults()));
    const echo = findAll(root, 'testcase').find((c) => c.attrs['name']?.startsWith('echo-fields: '));
    const failure = echo?.children.find((c) => c.name === 'failure');
    expect(failure?.attrs['type']).toBe('error');
    expect(failure?.attrs['message']).toBe('3 of 10 cases failed: /displayName: sent "x", got "y"');
    const text = failure?.text ?? '';
    expect(text.indexOf('minimal counterexample (case v3-min)')).toBeGreaterThan(-1);
    expect(text.indexOf('minimal counterexample (case v3-min)')).toBeLessThan(text.indexOf('(case v3)'));
    expect(text).toContain('reproduce: seed 42, path valid:3:0:1');
    expect(text).toContain(
      "curl -sS -i -X POST 'https://graph.example.test/beta/officeConfiguration/clientConfigurations'",
    );
    expect(text).toContain('conformance replay cases/echo-fields.json');
  });

  test('warnings pass with system-out by default and fail when configured', () => {
    const results = sampleResults();
    const byDefault = findAll(parseXml(formatJunit(results)), 'testcase').find((c) =>
      c.attrs['name']?.startsWith('location-header'),
    );
    expect(byDefault?.children.map((c) => c.name)).toEqual(['system-out']);
    expect(byDefault?.children[0]?.text).toContain('WARNING (not failing the run)');
    expect(byDefault?.children[0]?.text).toContain('no Location header');

    const strict = parseXml(formatJunit(results, { warnings: 'fail' }));
    const failed = results.checks.filter((c) => c.status === 'failed');
    expect(findAll(strict, 'failure')).toHaveLength(failed.length);
    expect(strict.attrs['failures']).toBe(String(failed.length));
    const warn = findAll(strict, 'testcase').find((c) => c.attrs['name']?.startsWith('location-header'));
    expect(warn?.children[0]?.attrs['type']).toBe('warning');
  });

  test('skipped checks carry <skipped message="reason"/>', () => {
    const root = parseXml(formatJunit(sampleResults()));
    expect(findAll(root, 'skipped').map((s) => s.attrs['message'])).toEqual([
      'no token configured',
      'no case sent an undeclared property',
    ]);
  });

  test('classname by target', () => {
    const root = parseXml(formatJunit(sampleResults(), { classname: 'target' }));
    expect(new Set(findAll(root, 'testcase').map((c) => c.attrs['classname']))).toEqual(
      new Set(['graph-office-conformance.graph_example_test']),
    );
  });

  test('hostile strings: still well-formed XML 1.0; text survives; forbidden characters become \\uXXXX', () => {
    const results = hostileResults();
    const xml = formatJunit(results);
    const root = parseXml(xml); // throws on any well-formedness problem
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    const echo = findAll(root, 'testcase').find((c) => c.attrs['name']?.startsWith('echo-fields: '));
    expect(echo?.attrs['name']).toContain('<script>alert("x")</script>');
    expect(echo?.attrs['name']).toContain('\r\n tab:\t'); // attribute line breaks and tabs survive as references
    const text = echo?.children.find((c) => c.name === 'failure')?.text ?? '';
    expect(text).toContain('😀𝄞');
    expect(text).toContain(']]>');
    expect(text).toContain('\\u0000\\u0001\\u0008\\u000b\\u000c\\u001b\\u007f\\u0085');
    expect(text).toContain('lone:\\ud800 \\udfff nonchar:\\ufffe\\uffff');
    // a suite error becomes an <error> testcase of its own
    const errors = findAll(root, 'error');
    expect(errors).toHaveLength(1);
    expect(root.attrs['errors']).toBe('1');
    expect(root.attrs['tests']).toBe(String(results.checks.length + 1));
    expect(errors[0]?.text).toContain(`hint: hint ${HOSTILE.slice(0, 4)}`);
  });

  test('credential header values never appear', () => {
    const xml = formatJunit(sampleResults());
    expect(xml).not.toContain('session=abc');
    expect(xml).not.toContain('session=&lt;redacted&gt;');
    expect(xml).not.toContain('a=b');
    expect(xml).toContain('authorization: &lt;hidden&gt;');
    expect(xml).toContain("-H 'cookie: &lt;hidden&gt;'");
  });

  test('the reporter writes junit.xml on run-finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    try {
      const r = junitReporter(dir);
      await r.onEvent?.({ type: 'run-finished', at: '2025-01-01T00:00:00Z', results: sampleResults() });
      expect(findAll(parseXml(readFileSync(join(dir, 'junit.xml'), 'utf8')), 'testcase')).toHaveLength(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
