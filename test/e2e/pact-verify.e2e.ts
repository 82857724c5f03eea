import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import type { PactVerificationResults } from '../../contracts/results';
import { startMutant } from '../../targets/mutants';
import { startReference, type RunningServer } from '../../targets/reference';
import { findAll, parseXml } from '../../reports/test-support/xml';
import { cli, cliProcess, filesBelow, removeDir, tempDir, watchArgv } from './pact-support';

jest.setTimeout(90_000);
/** The verifier child is killed (by PID) well before jest gives up on a test. */
const BOUNDED = ['--total-timeout', '45000', '--timeout', '5000'];

const TOKEN = 'pact-e2e-Secret-7f3a9c';
const PACT = join(DEFAULT_PACT_DIR, pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER));
const INTERACTIONS = (
  JSON.parse(readFileSync(PACT, 'utf8')) as {
    interactions: Array<{
      description: string;
      providerStates: Array<{ name: string }>;
      request: { method: string; path: string };
      response: { status: number };
    }>;
  }
).interactions;
const TOTAL = INTERACTIONS.length;
const INTERACTION_DESCRIPTIONS = INTERACTIONS.map((i) => i.description);
const CREATES = INTERACTIONS.filter((i) => i.response.status === 201).length;
/** The lifecycle interactions: every one that is not a POST to the collection (contracts/lifecycle.ts). */
const LIFECYCLE = INTERACTIONS.filter(
  (i) => !(i.request.method === 'POST' && i.request.path === '/officeConfiguration/clientConfigurations'),
);
/** How often the verifier sets each provider state up: once per interaction that names it. */
const STATE_CALLS: Record<string, number> = {};
for (const i of INTERACTIONS) for (const st of i.providerStates) STATE_CALLS[st.name] = (STATE_CALLS[st.name] ?? 0) + 1;
const methodOf = (description: string): string | undefined =>
  INTERACTIONS.find((i) => i.description === description)?.request.method;

const readResults = (dir: string): PactVerificationResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as PactVerificationResults;

/** Asserts the token is nowhere in what was printed or written. */
function expectNoToken(printed: string, dir: string): void {
  expect(printed).not.toContain(TOKEN);
  for (const f of filesBelow(dir))
    expect({ file: f.file, leaked: f.text.includes(TOKEN) }).toEqual({ file: f.file, leaked: false });
}

/** A target that answers every request 201 with the Authorization header it received in the body. */
function startEchoTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const body = JSON.stringify({
      '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration',
      echoed: req.headers.authorization ?? '',
    });
    res.writeHead(req.method === 'GET' ? 200 : 201, { 'content-type': 'application/json' });
    res.end(body);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((closed) => {
            server.closeAllConnections();
            server.close(() => closed());
          }),
      });
    });
  });
}

describe('conformance verify (provider verification)', () => {
  const dirs: string[] = [];
  const reportDir = (name: string): string => {
    const d = tempDir(`verify-${name}`);
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(removeDir));

  test('the committed pact verifies against the reference implementation (exit 0), token never shown', async () => {
    const ref = await startReference({ token: TOKEN });
    const dir = reportDir('reference');
    // Every process running the verify worker, read from /proc while verify runs: the token is in its environment
    // (the Verifier's request filter adds it), never in its arguments, which every user of the machine can read.
    const watch = watchArgv((argv) => argv.includes('verify-worker'));
    try {
      const r = await cli(['verify', '--target', ref.url, '--token', TOKEN, '--report-dir', dir, ...BOUNDED]);
      const workers = await watch.stop();
      expect(workers.size).toBeGreaterThan(0);
      for (const argv of workers.values()) expect(argv).not.toContain(TOKEN);
      expect(r.code).toBe(0);
      const results = readResults(dir);
      expect(results.exitCode).toBe(0);
      expect(results.verdict).toBe('passed');
      expect(results.checks).toHaveLength(1);
      expect(results.checks[0]).toMatchObject({
        id: 'pact-verification',
        severity: 'error',
        status: 'passed',
        cases: TOTAL,
        failedCases: 0,
        failures: [],
      });
      expect(results.pacts).toEqual([
        {
          file: PACT,
          consumer: DEFAULT_CONSUMER,
          provider: DEFAULT_PROVIDER,
          interactions: TOTAL,
          failed: 0,
          results: INTERACTION_DESCRIPTIONS.map((interaction) => ({ interaction, passed: true })),
        },
      ]);
      // junit.xml: a testcase per interaction, none failed; summary.md says the same.
      const junit = parseXml(readFileSync(join(dir, 'junit.xml'), 'utf8'));
      expect(findAll(junit, 'testcase').map((c) => c.attrs['name'])).toEqual(INTERACTION_DESCRIPTIONS);
      expect([junit.attrs['tests'], junit.attrs['failures'], junit.attrs['errors']]).toEqual([String(TOTAL), '0', '0']);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(`${TOTAL} of ${TOTAL} interactions verified`);
      expect(results.providerStates).toEqual(STATE_CALLS);
      expect(results.providerStateFailures).toBeUndefined();
      expect(r.err.join('\n')).toContain(`PASSED: ${TOTAL} of ${TOTAL} interactions verified`);
      // The Verifier's own report is shown (scrubbed): it names the interactions.
      expect(r.err.join('\n')).toContain("a create with the documentation's example body");
      expectNoToken(r.all, dir);
    } finally {
      await watch.stop();
      await ref.close();
    }
  });

  // The mutants whose faults the contract covers, and the interactions each must fail. The provider states create
  // through the target's POST and take any 2xx (an id from the body, else from Location), so a fault in the 201
  // fails the creates only; a fault in the stored entity shows in the reads of it too.
  const MUTANT_CASES: Array<{ mutant: string; failed: number | 'some'; message: RegExp; interaction?: RegExp }> = [
    { mutant: 'create-answers-201', failed: CREATES, message: /expected 201 but was 200/ },
    { mutant: 'create-returns-id', failed: CREATES, message: /\bid\b/ },
    // The stored entity has no @odata.type: the creates and the read by id lack it (the update expects no body).
    { mutant: 'odata-type-present', failed: CREATES + 1, message: /@odata\.type/ },
    { mutant: 'json-content-type', failed: CREATES, message: /text\/plain/ },
    // Every 4xx: the invalid create's and the unknown id's.
    {
      mutant: 'odata-error-shape',
      failed: 2,
      message: /error/,
      interaction: /^(?:an invalid create|a read of an id no configuration has)/,
    },
    // Not required by the issue, but the "several checkinStatuses" sample exists for it.
    { mutant: 'echo-all-array-items', failed: 'some', message: /checkinStatuses/ },
  ];

  test('verifies several --pact files in one run, each listed with its own counts', async () => {
    const ref = await startReference();
    const pactDir = reportDir('second-pact');
    const dir = reportDir('two-pacts');
    try {
      expect((await cli(['pact', '--out', pactDir, '--consumer', 'second-client', '--seed', '7'])).code).toBe(0);
      const second = join(pactDir, pactFileName('second-client', DEFAULT_PROVIDER));
      const r = await cli([
        'verify',
        '--target',
        ref.url,
        '--pact',
        PACT,
        '--pact',
        second,
        '--report-dir',
        dir,
        '--quiet',
        ...BOUNDED,
      ]);
      expect(r.code).toBe(0);
      const results = readResults(dir);
      expect(results.pacts.map((p) => [p.consumer, p.interactions, p.failed])).toEqual([
        [DEFAULT_CONSUMER, TOTAL, 0],
        ['second-client', TOTAL, 0],
      ]);
      expect(results.checks[0]?.cases).toBe(2 * TOTAL);
    } finally {
      await ref.close();
    }
  });

  test('the pact is the one contracts/pacts holds, with creates, one invalid body and the lifecycle', () => {
    expect(CREATES).toBeGreaterThanOrEqual(7);
    expect(LIFECYCLE).toHaveLength(7);
    expect(TOTAL).toBe(CREATES + 1 + LIFECYCLE.length);
  });

  test('fails (exit 1) against each mutant whose fault the contract covers, listing the failed interactions', async () => {
    const servers: RunningServer[] = [];
    try {
      const runs = await Promise.all(
        MUTANT_CASES.map(async (c) => {
          const server = await startMutant(c.mutant, { token: TOKEN });
          servers.push(server);
          const dir = reportDir(c.mutant);
          const r = await cli([
            'verify',
            '--target',
            server.url,
            '--token',
            TOKEN,
            '--report-dir',
            dir,
            '--quiet',
            ...BOUNDED,
          ]);
          return { c, r, dir };
        }),
      );
      for (const { c, r, dir } of runs) {
        expect({ mutant: c.mutant, code: r.code }).toEqual({ mutant: c.mutant, code: 1 });
        const results = readResults(dir);
        const check = results.checks[0];
        expect(results.verdict).toBe('failed');
        expect(results.exitCode).toBe(1);
        expect(check?.status).toBe('failed');
        if (c.failed === 'some') expect(check?.failedCases).toBeGreaterThan(0);
        else expect({ mutant: c.mutant, failed: check?.failedCases }).toEqual({ mutant: c.mutant, failed: c.failed });
        expect(check?.failures).toHaveLength(check?.failedCases ?? -1);
        if (c.mutant === 'echo-all-array-items')
          expect(check?.failures.map((f) => f.interaction)).toContain(
            INTERACTION_DESCRIPTIONS.find((d) => d.includes('several checkinStatuses')),
          );
        for (const f of check?.failures ?? []) {
          expect(f.pact).toBe(PACT);
          expect(f.interaction).toMatch(c.interaction ?? /./);
          expect(f.messages.join('\n')).toMatch(c.message);
          expect(f.mismatches.length).toBeGreaterThan(0);
          expect(f.request.method).toBe(methodOf(f.interaction));
          expect(f.request.headers['authorization']).toBe('Bearer <redacted>');
          expect(f.response.status).toBeGreaterThan(0); // the target's real answer, recorded at the proxy
          expect(f.reproduce.curl).toContain('$GRAPH_TOKEN');
        }
        for (const f of check?.failures ?? []) expect(r.err.join('\n')).toContain(`FAIL ${f.interaction}`);
        // junit.xml fails exactly the interactions results.json lists as failed.
        const junit = parseXml(readFileSync(join(dir, 'junit.xml'), 'utf8'));
        const failedCases = findAll(junit, 'testcase')
          .filter((tc) => findAll(tc, 'failure').length > 0)
          .map((tc) => tc.attrs['name']);
        expect(failedCases.sort()).toEqual((check?.failures ?? []).map((f) => f.interaction).sort());
        expect(findAll(junit, 'testcase')).toHaveLength(TOTAL);
        expectNoToken(r.all, dir);
      }
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  test('a target that echoes the token back: the token is scrubbed from the output and results.json', async () => {
    const echo = await startEchoTarget();
    const dir = reportDir('echo');
    try {
      // As a user runs it: a separate process, whose whole stdout and stderr are checked.
      const r = await cliProcess(['verify', '--target', echo.url, '--report-dir', dir, ...BOUNDED], {
        GRAPH_TOKEN: TOKEN,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('<redacted>'); // the verifier's report quoted the echoed header, scrubbed
      expectNoToken(r.stdout + r.stderr, dir);
      expect(readResults(dir).checks[0]?.failedCases).toBe(TOTAL);
    } finally {
      await echo.close();
    }
  });

  test('without the token the reference answers 401: every create and every lifecycle interaction fails (exit 1)', async () => {
    const ref = await startReference({ token: TOKEN });
    const dir = reportDir('no-token');
    try {
      const r = await cli(['verify', '--target', ref.url, '--report-dir', dir, '--quiet', ...BOUNDED]);
      expect(r.code).toBe(1);
      // The invalid body's interaction takes any 4xx with the OData error shape (as rejects-invalid does), and the
      // reference's 401 is one; every create fails, and so does every lifecycle interaction (its state's create was
      // refused, and so is the request).
      const results = readResults(dir);
      expect(results.checks[0]?.failedCases).toBe(CREATES + LIFECYCLE.length);
      // The states that create through the target's POST say why they could not.
      const stateCalls = LIFECYCLE.filter((i) => i.providerStates[0]?.name !== 'no configuration has this id');
      expect(results.providerStateFailures).toHaveLength(stateCalls.length);
      for (const m of results.providerStateFailures ?? [])
        expect(m).toMatch(/^provider state "[^"]+": POST \/officeConfiguration\/clientConfigurations answered 401/);
      expect(r.all).toContain('provider state setup failed: provider state "a configuration exists"');
      expect(results.pacts[0]?.results?.filter((x) => x.passed).map((x) => x.interaction)).toEqual([
        INTERACTION_DESCRIPTIONS.find((d) => d.startsWith('an invalid create')),
      ]);
      expect(r.all).toContain('expected 201 but was 401');
    } finally {
      await ref.close();
    }
  });

  test('an unreachable target exits 2 with one line and a hint, and results.json says why', async () => {
    const ref = await startReference();
    const url = ref.url;
    await ref.close(); // a port that was just free: nothing listens there now
    const dir = reportDir('unreachable');
    const r = await cli(['verify', '--target', url, '--token', TOKEN, '--report-dir', dir, ...BOUNDED]);
    expect(r.code).toBe(2);
    expect(r.err.find((l) => l.startsWith('error [target-unreachable]: cannot reach'))).toBeDefined();
    expect(r.err.find((l) => l.startsWith('hint: '))).toBeDefined();
    const results = readResults(dir);
    expect(results.verdict).toBe('error');
    expect(results.errors[0]?.code).toBe('target-unreachable');
    expectNoToken(r.all, dir);
  });

  test('bad input exits 2 with one line and a hint', async () => {
    const dir = reportDir('bad');
    const cases: Array<{ args: string[]; code: string }> = [
      { args: ['verify'], code: 'bad-option' },
      {
        // Every row that gets as far as the report dir names one in a temp folder: nothing lands in the checkout.
        args: ['verify', '--target', 'http://127.0.0.1:9', '--pact', join(dir, 'missing.json'), '--report-dir', dir],
        code: 'pact-file',
      },
      { args: ['verify', '--target', 'not a url', '--report-dir', dir], code: 'bad-target-url' },
      { args: ['verify', '--target', 'http://127.0.0.1:9', '--timeout', '0'], code: 'bad-option' },
      { args: ['verify', '--target', 'http://127.0.0.1:9', '--token', 'bad tok-Q9z'], code: 'bad-option' },
    ];
    for (const c of cases) {
      const r = await cli(c.args);
      expect({ args: c.args, code: r.code }).toEqual({ args: c.args, code: 2 });
      expect(r.err[0]).toMatch(new RegExp(`^error \\[${c.code}\\]: `));
      expect(r.err[1]).toMatch(/^hint: /);
      expect(r.all).not.toContain('tok-Q9z');
    }
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });

  test('--help describes every option', async () => {
    const r = await cli(['verify', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--target', '--pact', '--token', '--report-dir', '--timeout', '--total-timeout', '--quiet'])
      expect(r.all).toContain(o);
  });
});
