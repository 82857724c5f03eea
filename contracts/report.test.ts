import { findAll, parseXml, type XmlElement } from '../reports/test-support/xml';
import { failure, HOSTILE, TARGET } from '../reports/test-support/fixtures';
import { formatVerificationJunit, formatVerificationMarkdown } from './report';
import {
  PACT_CHECK_ID,
  PACT_CHECK_RULE,
  PACT_CHECK_SOURCE,
  type PactFailure,
  type PactVerificationResults,
} from './results';

const pactFailure = (pact: string, interaction: string, message: string): PactFailure => ({
  ...failure({ caseId: 'pact-2', message }),
  messages: [message, 'body: $.id expected a string'],
  interaction,
  pact,
  mismatches: [{ type: 'StatusMismatch', message }],
});

function results(over: Partial<PactVerificationResults> = {}): PactVerificationResults {
  const failures = [pactFailure('a.json', 'a create with every property', 'expected status 201 but was 200')];
  return {
    tool: { name: 'graph-office-config-conformance', version: '0.1.0' },
    target: TARGET,
    profile: 'pact',
    seed: 0,
    runs: 4,
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 1234,
    summary: { passed: 0, failed: 1, skipped: 0, cases: 4, warnings: 0 },
    verdict: 'failed',
    exitCode: 1,
    checks: [
      {
        id: PACT_CHECK_ID,
        severity: 'error',
        status: 'failed',
        rule: PACT_CHECK_RULE,
        source: PACT_CHECK_SOURCE,
        cases: 4,
        failedCases: 1,
        failures,
      },
    ],
    errors: [],
    pacts: [
      {
        file: 'a.json',
        consumer: 'client',
        provider: 'service',
        interactions: 3,
        failed: 1,
        results: [
          { interaction: 'a minimal create', passed: true },
          { interaction: 'a create with every property', passed: false },
          { interaction: 'an invalid body', passed: true },
        ],
      },
      {
        file: 'b.json',
        consumer: 'other client',
        provider: 'service',
        interactions: 1,
        failed: 0,
        results: [{ interaction: 'a minimal create', passed: true }],
      },
    ],
    providerStates: {},
    ...over,
  };
}

const attr = (el: XmlElement | undefined, name: string): string | undefined => el?.attrs[name];

describe('verify junit.xml', () => {
  test('a testsuite per pact file and a testcase per interaction; the failed one carries the mismatches', () => {
    const doc = parseXml(formatVerificationJunit(results()));
    expect(doc.name).toBe('testsuites');
    expect([attr(doc, 'tests'), attr(doc, 'failures'), attr(doc, 'errors'), attr(doc, 'skipped')]).toEqual([
      '4',
      '1',
      '0',
      '0',
    ]);
    const suites = findAll(doc, 'testsuite');
    expect(suites.map((s) => [attr(s, 'name'), attr(s, 'tests'), attr(s, 'failures')])).toEqual([
      ['a.json', '3', '1'],
      ['b.json', '1', '0'],
    ]);
    const cases = findAll(doc, 'testcase');
    expect(cases.map((c) => [attr(c, 'classname'), attr(c, 'name')])).toEqual([
      ['pact.client.service', 'a minimal create'],
      ['pact.client.service', 'a create with every property'],
      ['pact.client.service', 'an invalid body'],
      ['pact.other_client.service', 'a minimal create'],
    ]);
    const failures = findAll(doc, 'failure');
    expect(failures).toHaveLength(1);
    expect(attr(failures[0], 'message')).toBe('expected status 201 but was 200');
    expect(failures[0]?.text).toContain('interaction: a create with every property');
    expect(failures[0]?.text).toContain('body: $.id expected a string');
    expect(failures[0]?.text).toContain('Authorization: Bearer $GRAPH_TOKEN');
    expect(failures[0]?.text).not.toContain('session=abc');
  });

  test('suite errors are error testcases; a pact the verifier gave no result for is a skipped testcase', () => {
    const r = results({
      verdict: 'error',
      exitCode: 2,
      errors: [{ code: 'verify-timeout', message: 'the Pact verifier did not finish', hint: 'raise --total-timeout' }],
    });
    r.pacts[1] = { ...(r.pacts[1] as PactVerificationResults['pacts'][number]), interactions: 0, results: [] };
    const doc = parseXml(formatVerificationJunit(r));
    expect([attr(doc, 'tests'), attr(doc, 'failures'), attr(doc, 'errors'), attr(doc, 'skipped')]).toEqual([
      '5',
      '1',
      '1',
      '1',
    ]);
    const errors = findAll(doc, 'error');
    expect(attr(errors[0], 'type')).toBe('verify-timeout');
    expect(errors[0]?.text).toContain('hint: raise --total-timeout');
    expect(findAll(doc, 'skipped')).toHaveLength(1);
  });

  test('hostile interaction names and answers stay well-formed XML', () => {
    const r = results();
    const f = pactFailure('a.json', HOSTILE, HOSTILE);
    f.response = { ...f.response, text: HOSTILE, json: undefined };
    (r.checks[0] as PactVerificationResults['checks'][number]).failures = [f];
    (r.pacts[0] as PactVerificationResults['pacts'][number]).results = [{ interaction: HOSTILE, passed: false }];
    const doc = parseXml(formatVerificationJunit(r));
    const name = attr(findAll(doc, 'testcase')[0], 'name') ?? '';
    // Decoded back, the markup is text again; control characters are shown, not written raw.
    expect(name).toContain('tag:<script>alert("x")</script>');
    expect(name).toContain('cdata:]]>');
    expect(name).toContain('astral:😀𝄞');
    expect(name).not.toContain('\u0000');
    expect(findAll(doc, 'failure')).toHaveLength(1);
    expect(findAll(doc, 'failure')[0]?.text).toContain('tag:<script>');
  });
});

describe('verify summary.md', () => {
  test('verdict, a row per pact file, each failed interaction with its mismatches and curl', () => {
    const md = formatVerificationMarkdown(results());
    expect(md).toMatch(/^# Pact verification: FAILED\n/);
    expect(md).toContain('3 of 4 interactions verified against `https://graph.example.test/beta`');
    expect(md).toContain('| `a.json` | client → service | 2 of 3 | 1 |');
    expect(md).toContain('| `b.json` | other client → service | 1 of 1 | 0 |');
    expect(md).toContain('## FAILED a create with every property');
    expect(md).toContain('- body: $.id expected a string');
    expect(md).toContain('Bearer $GRAPH_TOKEN');
  });

  test('errors are listed with their hint', () => {
    const md = formatVerificationMarkdown(
      results({ errors: [{ code: 'target-unreachable', message: 'cannot reach it', hint: 'start it first' }] }),
    );
    expect(md).toContain('- `target-unreachable`: cannot reach it (hint: start it first)');
  });
});
