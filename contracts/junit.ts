/**
 * The junit.xml shape the contract reports share (`verify`'s and `pact check`'s): a <testsuites> document of one
 * <testsuite> per pact file (its properties, a testcase per interaction), with the counts summed from the suites.
 */
import { xmlAttr } from '../reports/text';

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** The class name of a pact's testcases, `<prefix>.<consumer>.<provider>`: CI tools group by it. */
export const pactClassName = (prefix: string, consumer: string, provider: string): string =>
  `${prefix}.${`${consumer}.${provider}`.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;

/** One testcase; `parts` (<failure>, <skipped>, <system-out>, ...) inside it, none: an empty (passed) testcase. */
export function junitCase(name: string, classname: string, parts: string[] = []): string {
  const open = `      <testcase name="${xmlAttr(name)}" classname="${xmlAttr(classname)}" time="0.000"`;
  return parts.length === 0
    ? `${open}/>`
    : `${open}>\n${parts.map((p) => `        ${p}`).join('\n')}\n      </testcase>`;
}

export interface JunitSuite {
  name: string;
  failures: number;
  errors: number;
  skipped: number;
  /** When the run started (ISO 8601). */
  timestamp: string;
  /** <property> names and values; none: no <properties>. */
  properties?: Array<[string, string]>;
  /** The testcases, as junitCase writes them. */
  cases: string[];
}

/** A pact file's testsuite, still without testcases: its consumer and provider, then `more`, as its properties. */
export function pactFileSuite(
  pact: { file: string; consumer: string; provider: string },
  timestamp: string,
  more: Array<[string, string]>,
): JunitSuite {
  return {
    name: pact.file,
    failures: 0,
    errors: 0,
    skipped: 0,
    timestamp,
    properties: [['consumer', pact.consumer], ['provider', pact.provider], ...more],
    cases: [],
  };
}

function junitSuite(s: JunitSuite): string {
  const properties = s.properties
    ? [
        '    <properties>',
        ...s.properties.map(([name, value]) => `      <property name="${name}" value="${xmlAttr(value)}"/>`),
        '    </properties>',
      ]
    : [];
  return [
    `  <testsuite name="${xmlAttr(s.name)}" tests="${s.cases.length}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="0.000" timestamp="${xmlAttr(s.timestamp)}">`,
    ...properties,
    ...s.cases,
    '  </testsuite>',
  ].join('\n');
}

/** The junit.xml document: its suites, with the testcases, failures, errors and skips of all of them counted. */
export function junitDocument(name: string, suites: JunitSuite[], durationMs: number): string {
  const sum = (count: (s: JunitSuite) => number): number => suites.reduce((n, s) => n + count(s), 0);
  const counts = `tests="${sum((s) => s.cases.length)}" failures="${sum((s) => s.failures)}" errors="${sum((s) => s.errors)}" skipped="${sum((s) => s.skipped)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts} time="${seconds(durationMs)}">`,
    ...suites.map(junitSuite),
    '</testsuites>',
    '',
  ].join('\n');
}
