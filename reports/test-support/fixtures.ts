import type { CheckResult, Failure, RunEvent, RunResults } from '../../engine/events';

/** Hand-built results for the report tests: stable (fixed times, ids, seed) so snapshots do not move. */

export const TARGET = 'https://graph.example.test/beta';
const URL = `${TARGET}/officeConfiguration/clientConfigurations`;

type CheckId = CheckResult['id'];

export function failure(over: Partial<Failure> & { caseId: string; message: string }): Failure {
  const body = { '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration', displayName: 'x' };
  const text = JSON.stringify(body);
  return {
    messages: [over.message],
    minimal: false,
    request: {
      method: 'POST',
      url: URL,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: 'Bearer <redacted>',
        cookie: 'session=<redacted>',
      },
      body,
      text,
    },
    response: {
      status: 201,
      headers: { 'content-type': 'application/json', 'set-cookie': 'a=b' },
      text: '{"id":"1"}',
      json: { id: '1' },
      durationMs: 3.5,
    },
    reproduce: {
      seed: 42,
      path: 'valid:3',
      curl: `curl -sS -i -X POST '${URL}' -H 'accept: application/json' -H 'cookie: session=abc' -H "Authorization: Bearer $GRAPH_TOKEN" --data-binary '${text}'`,
    },
    ...over,
  };
}

export function check(id: CheckId, over: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    severity: 'error',
    status: 'passed',
    rule: `The rule of ${id}.`,
    source: 'create page',
    cases: 10,
    failedCases: 0,
    failures: [],
    ...over,
  };
}

/** A failed run: one error-level failure (shrunk), one warning-level failure, skipped and passed checks. */
export function sampleResults(): RunResults {
  const checks: CheckResult[] = [
    check('status-201'),
    check('response-schema'),
    check('echo-fields', {
      status: 'failed',
      failedCases: 3,
      failures: [
        failure({
          caseId: 'v3-min',
          minimal: true,
          message: '/displayName: sent "x", got "y"',
          reproduce: {
            seed: 42,
            path: 'valid:3:0:1',
            curl: `curl -sS -i -X POST '${URL}' --data-binary '{"displayName":"x"}'`,
          },
        }),
        failure({ caseId: 'v3', message: '/displayName: sent "xyz", got "y"' }),
        failure({ caseId: 'v7', message: '/displayName: sent "abc", got "y"' }),
      ],
    }),
    check('location-header', {
      severity: 'warning',
      status: 'failed',
      failedCases: 10,
      failures: [failure({ caseId: 'v0', message: 'no Location header' })],
    }),
    check('auth-required', { status: 'skipped', cases: 0, skippedReason: 'no token configured' }),
    check('unknown-property', {
      severity: 'warning',
      status: 'skipped',
      cases: 0,
      skippedReason: 'no case sent an undeclared property',
    }),
  ];
  return {
    tool: { name: 'graph-office-config-conformance', version: '0.1.0' },
    target: TARGET,
    profile: 'graph-docs',
    seed: 42,
    runs: 10,
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1234,
    summary: { passed: 2, failed: 2, skipped: 2, cases: 20, warnings: 1 },
    verdict: 'failed',
    exitCode: 1,
    checks,
    errors: [],
  };
}

/** Every string a target could send back that breaks a naive writer. */
export const HOSTILE =
  'ctl:\u0000\u0001\u0008\u000b\u000c\u001b\u007f\u0085 cdata:]]> tag:<script>alert("x")</script> ' +
  'quote:"\' amp:&amp; &lt; lone:\ud800 \udfff nonchar:\ufffe\uffff astral:😀𝄞 cr:\r\n tab:\t fence:``` ```` pipe:| md:*_[x](y)';

/** sampleResults with hostile strings in every field a target or a check can influence. */
export function hostileResults(): RunResults {
  const r = sampleResults();
  const echo = r.checks.find((c) => c.id === 'echo-fields');
  const f = echo?.failures[0];
  if (!echo || !f) throw new Error('fixture changed');
  f.message = `message ${HOSTILE}`;
  f.messages = [f.message, `second ${HOSTILE}`];
  f.caseId = `case ${HOSTILE}`;
  f.request = { ...f.request, body: { displayName: HOSTILE }, text: JSON.stringify({ displayName: HOSTILE }) };
  f.response = { ...f.response, text: `body ${HOSTILE}`, headers: { 'x-evil': HOSTILE } };
  f.reproduce = { ...f.reproduce, path: `valid:${HOSTILE}`, curl: `curl '${URL}' --data-binary '${HOSTILE}'` };
  echo.rule = `rule ${HOSTILE}`;
  const skipped = r.checks.find((c) => c.status === 'skipped');
  if (skipped) skipped.skippedReason = `reason ${HOSTILE}`;
  r.errors = [{ code: 'x', message: `error ${HOSTILE}`, hint: `hint ${HOSTILE}` }];
  r.exitCode = 2;
  r.verdict = 'error';
  return r;
}

/** 'case' events for a run (for stats and the HTML charts): deterministic durations and times. */
export function caseEvents(n: number, judged: CheckId[], startIso = '2025-01-02T03:04:05.000Z'): RunEvent[] {
  const t0 = Date.parse(startIso);
  const events: RunEvent[] = [
    {
      type: 'run-started',
      at: startIso,
      tool: { name: 'graph-office-config-conformance', version: '0.1.0' },
      target: TARGET,
      seed: 42,
      runs: n,
      concurrency: 4,
      profile: 'graph-docs',
      checks: judged.map((id) => ({ id, severity: 'error' as const })),
      plannedCases: n,
    },
  ];
  for (let k = 0; k < n; k++) {
    events.push({
      type: 'case',
      at: new Date(t0 + k * 7).toISOString(),
      caseId: `v${k}`,
      kind: 'valid',
      path: `valid:${k}`,
      status: k % 10 === 0 ? 400 : 201,
      durationMs: 1 + (k % 20) * 0.5,
      failed: [],
      judged,
      done: k + 1,
      total: n,
    });
  }
  return events;
}
