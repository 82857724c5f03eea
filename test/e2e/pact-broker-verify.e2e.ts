/**
 * `verify --broker-url`: the provider's side of the Pact Broker workflow, against the stand-in broker
 * (contracts/broker-stand-in.ts; no Pact Broker can run here). The committed pact is published with `publish` (the
 * official pact-broker client), verified by Pact's Verifier with its own broker options against the reference and a
 * fault mutant, and `pact-broker can-i-deploy` (the official client) asks the stand-in's matrix afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrokerStandIn, type BrokerStandIn } from '../support/broker-stand-in';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import type { BrokerPactFailure, BrokerPactResult, VerificationResults } from '../../contracts/verify';
import { startMutant } from '../../targets/mutants';
import { startReference, type RunningServer } from '../../targets/reference';
import { canIDeploy as askBroker, cli, cliProcess, filesBelow, removeDir, tempDir } from './pact-support';

const canIDeploy = (brokerUrl: string, args: string[]): Promise<{ code: number; output: string }> =>
  askBroker(brokerUrl, BROKER_TOKEN, args);

jest.setTimeout(120_000);
/** The verifier child is killed (by PID) well before jest gives up on a test. */
const BOUNDED = ['--total-timeout', '45000', '--timeout', '5000'];

const TOKEN = 'graph-e2e-Secret-5b81d0';
const BROKER_TOKEN = 'broker-verify-Secret-93c4e7';
/** The variable --broker-token-env names in the in-process runs (set for this file only). */
const TOKEN_VAR = 'CONFORMANCE_E2E_BROKER_TOKEN';
const PACT = join(DEFAULT_PACT_DIR, pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER));
const PACT_JSON = JSON.parse(readFileSync(PACT, 'utf8')) as {
  interactions: Array<{ description: string; response: { status: number } }>;
};
const TOTAL = PACT_JSON.interactions.length;
const CREATES = PACT_JSON.interactions.filter((i) => i.response.status === 201).length;

const readResults = (dir: string): VerificationResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as VerificationResults;
const brokerPacts = (r: VerificationResults): BrokerPactResult[] =>
  r.pacts.filter((p): p is BrokerPactResult => 'source' in p);

/** Neither token is in what was printed or in any report file. */
function expectNoToken(printed: string, dir: string): void {
  for (const secret of [TOKEN, BROKER_TOKEN]) {
    expect(printed).not.toContain(secret);
    for (const f of filesBelow(dir))
      expect({ file: f.file, leaked: f.text.includes(secret) }).toEqual({ file: f.file, leaked: false });
  }
}

describe('conformance verify --broker-url (stand-in Pact Broker)', () => {
  const dirs: string[] = [];
  const servers: Array<BrokerStandIn | RunningServer> = [];
  const reportDir = (name: string): string => {
    const d = tempDir(`broker-verify-${name}`);
    dirs.push(d);
    return d;
  };
  const broker = async (): Promise<BrokerStandIn> => {
    const b = await startBrokerStandIn({ token: BROKER_TOKEN });
    servers.push(b);
    return b;
  };
  const reference = async (): Promise<RunningServer> => {
    const s = await startReference({ token: TOKEN });
    servers.push(s);
    return s;
  };
  const mutant = async (): Promise<RunningServer> => {
    const s = await startMutant('create-answers-201', { token: TOKEN });
    servers.push(s);
    return s;
  };
  /** The consumer's side: publish the committed pact with `publish` (the official client), on branch main. */
  const publish = async (b: BrokerStandIn, version: string, branch = 'main'): Promise<void> => {
    const r = await cli([
      'publish',
      '--broker-url',
      b.url,
      '--consumer-version',
      version,
      '--branch',
      branch,
      '--token',
      BROKER_TOKEN,
      '--retries',
      '0',
      '--timeout',
      '30000',
    ]);
    expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
  };
  const verify = (target: string, b: BrokerStandIn, dir: string, extra: string[]) =>
    cli([
      'verify',
      '--target',
      target,
      '--token',
      TOKEN,
      '--broker-url',
      b.url,
      '--broker-token-env',
      TOKEN_VAR,
      '--report-dir',
      dir,
      ...extra,
      ...BOUNDED,
    ]);
  beforeAll(() => {
    process.env[TOKEN_VAR] = BROKER_TOKEN;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(() => {
    delete process.env[TOKEN_VAR];
    dirs.forEach(removeDir);
  });

  test('the provider CI flow: pending failure (exit 0), success published, can-i-deploy yes, failure published (exit 1), can-i-deploy no', async () => {
    const b = await broker();
    await publish(b, '1.0.0');
    b.core.recordDeployment(DEFAULT_CONSUMER, '1.0.0', 'production');
    const selectors = ['--main-branch', '--deployed-or-released', '--enable-pending'];
    const publishAs = (v: string): string[] => [
      '--publish-results',
      '--provider-version',
      v,
      '--provider-branch',
      'main',
    ];

    // 1. The pact was never verified by this provider: pending. A faulty provider fails it, and the run still passes.
    const bad = await mutant();
    const pendingDir = reportDir('pending');
    const pending = await verify(bad.url, b, pendingDir, [...selectors, ...publishAs('0.9.0'), '--quiet']);
    expect({ code: pending.code, err: pending.code === 0 ? [] : pending.err }).toEqual({ code: 0, err: [] });
    const pendingResults = readResults(pendingDir);
    expect(pendingResults).toMatchObject({ verdict: 'passed', exitCode: 0, pendingFailures: CREATES });
    expect(brokerPacts(pendingResults)).toEqual([
      expect.objectContaining({
        consumer: DEFAULT_CONSUMER,
        provider: DEFAULT_PROVIDER,
        consumerVersion: '1.0.0',
        pending: true,
        wip: false,
        interactions: TOTAL,
        failed: CREATES,
        pendingFailed: CREATES,
      }),
    ]);
    const pendingFailures = pendingResults.checks[0]?.failures as BrokerPactFailure[];
    expect(pendingFailures).toHaveLength(CREATES);
    for (const f of pendingFailures) {
      expect(f).toMatchObject({ pending: true, consumerVersion: '1.0.0' });
      expect(f.messages.join('\n')).toMatch(/expected 201 but was 200/);
      expect(f.response.status).toBe(200); // the target's real answer, recorded at the proxy
    }
    expect(pending.err).toContain(`FAIL (pending, does not fail the run) ${pendingFailures[0]?.interaction ?? ''}`);
    expect(pending.err.join('\n')).toMatch(
      /pending: \d+ failed interaction\(s\) belong to pending pacts.*do not fail the run \(exit 0\)/,
    );
    expect(readFileSync(join(pendingDir, 'summary.md'), 'utf8')).toMatch(/\*\*Pending:\*\* \d+ failed interaction/);
    // A CI test report must not go red on a pending pact: its failures are skipped testcases that say why.
    const junit = readFileSync(join(pendingDir, 'junit.xml'), 'utf8');
    expect(junit).not.toContain('<failure');
    expect(junit.match(/<skipped message="pending pact: /g)).toHaveLength(CREATES);
    expect(b.verifications).toEqual([
      expect.objectContaining({ providerVersion: '0.9.0', providerBranch: 'main', success: false, pending: true }),
    ]);
    expectNoToken(pending.all, pendingDir);

    // 2. The reference passes; its result is published with the provider version and branch.
    const good = await reference();
    const okDir = reportDir('success');
    b.requests.splice(0);
    const ok = await verify(good.url, b, okDir, [...selectors, ...publishAs('1.0.0')]);
    expect({ code: ok.code, err: ok.code === 0 ? [] : ok.err.slice(-8) }).toEqual({ code: 0, err: [] });
    const okResults = readResults(okDir);
    expect(okResults.checks[0]).toMatchObject({ status: 'passed', cases: TOTAL, failedCases: 0 });
    expect(okResults.broker).toEqual({
      url: b.url,
      provider: DEFAULT_PROVIDER,
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      enablePending: true,
      publishResults: true,
      providerVersion: '1.0.0',
      providerBranch: 'main',
    });
    expect(brokerPacts(okResults).map((p) => [p.consumer, p.consumerVersion, p.pending, p.failed])).toEqual([
      [DEFAULT_CONSUMER, '1.0.0', true, 0],
    ]);
    // The Verifier asked the broker with the selectors (this suite asks the same question first, for the reports).
    const queries = b.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/for-verification'));
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const q of queries)
      expect(JSON.parse(q.body)).toEqual({
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        includePendingStatus: true,
        providerVersionBranch: 'main',
      });
    for (const q of b.requests) expect(q.headers['authorization']).toBe(`Bearer ${BROKER_TOKEN}`);
    expect(
      b.requests.some(
        (q) => q.method === 'PUT' && q.path === `/pacticipants/${DEFAULT_PROVIDER}/branches/main/versions/1.0.0`,
      ),
    ).toBe(true);
    const published = b.verifications[1];
    expect(published).toMatchObject({
      consumer: DEFAULT_CONSUMER,
      provider: DEFAULT_PROVIDER,
      consumerVersions: ['1.0.0'],
      providerVersion: '1.0.0',
      providerBranch: 'main',
      success: true,
    });
    expect(published?.testResults).toHaveLength(TOTAL);
    expect(ok.err.join('\n')).toContain(
      `broker pact ${DEFAULT_CONSUMER} 1.0.0 -> ${DEFAULT_PROVIDER} (pending): ${TOTAL}/${TOTAL}`,
    );
    expect(ok.err.join('\n')).toContain('verification results published to');
    expectNoToken(ok.all, okDir);

    // 3. can-i-deploy: the provider version that passed may go to production, the one that failed may not.
    const yes = await canIDeploy(b.url, [
      '--pacticipant',
      DEFAULT_PROVIDER,
      '--version',
      '1.0.0',
      '--to-environment',
      'production',
    ]);
    expect({ code: yes.code, output: yes.code === 0 ? '' : yes.output }).toEqual({ code: 0, output: '' });
    expect(yes.output).toContain('Computer says yes');
    expect(
      (
        await canIDeploy(b.url, [
          '--pacticipant',
          DEFAULT_PROVIDER,
          '--version',
          '0.9.0',
          '--to-environment',
          'production',
        ])
      ).code,
    ).toBe(1);

    // 4. Verified once on main, the pact is no longer pending: the mutant now fails the run, and the failure is published.
    const failDir = reportDir('failure');
    const failed = await verify(bad.url, b, failDir, [...selectors, ...publishAs('1.1.0'), '--quiet']);
    expect(failed.code).toBe(1);
    const failedResults = readResults(failDir);
    expect(failedResults).toMatchObject({ verdict: 'failed', exitCode: 1, pendingFailures: 0 });
    expect(brokerPacts(failedResults).map((p) => [p.consumerVersion, p.pending, p.failed])).toEqual([
      ['1.0.0', false, CREATES],
    ]);
    expect((failedResults.checks[0]?.failures as BrokerPactFailure[]).every((f) => !f.pending)).toBe(true);
    expect(failed.err).toContain(`FAIL ${failedResults.checks[0]?.failures[0]?.interaction ?? ''}`);
    expect(b.verifications[2]).toMatchObject({
      providerVersion: '1.1.0',
      providerBranch: 'main',
      success: false,
      pending: false,
    });
    expectNoToken(failed.all, failDir);

    // 5. can-i-deploy says no for the failed provider version, and for the consumer against the latest provider.
    const no = await canIDeploy(b.url, [
      '--pacticipant',
      DEFAULT_PROVIDER,
      '--version',
      '1.1.0',
      '--to-environment',
      'production',
    ]);
    expect(no.code).toBe(1);
    expect(no.output).toContain('Computer says no');
    const consumerSide = ['--pacticipant', DEFAULT_CONSUMER, '--version', '1.0.0', '--pacticipant', DEFAULT_PROVIDER];
    expect((await canIDeploy(b.url, [...consumerSide, '--latest'])).code).toBe(1);
    expect((await canIDeploy(b.url, [...consumerSide, '--version', '1.0.0'])).code).toBe(0);
    expect(b.requests.filter((q) => q.path === '/matrix').map((q) => q.query)).toContain(
      `q[][pacticipant]=${DEFAULT_PROVIDER}&q[][version]=1.1.0&latestby=cvpv&environment=production`,
    );
  });

  test('as a process with PACT_BROKER_TOKEN: --branch and a JSON selector, work-in-progress pacts, nothing prints the tokens', async () => {
    const b = await broker();
    await publish(b, '2.0.0');
    // A second consumer version on a feature branch, with other content: picked only as work in progress.
    const pact = JSON.parse(readFileSync(PACT, 'utf8')) as { interactions: unknown[] };
    b.core.publishPact(
      { ...pact, interactions: pact.interactions.slice(1) },
      { version: '2.1.0-feat', branch: 'feat' },
    );
    const good = await reference();
    const dir = reportDir('process');
    const r = await cliProcess(
      [
        'verify',
        '--target',
        good.url,
        '--broker-url',
        b.url,
        '--branch',
        'main',
        '--consumer-version-selector',
        JSON.stringify({ deployedOrReleased: true, environment: 'production' }),
        '--enable-pending',
        '--include-wip-pacts-since',
        '2020-01-01',
        '--report-dir',
        dir,
        ...BOUNDED,
      ],
      { PACT_BROKER_TOKEN: BROKER_TOKEN, GRAPH_TOKEN: TOKEN },
      90_000,
    );
    expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
    const results = readResults(dir);
    expect(brokerPacts(results).map((p) => [p.consumerVersion, p.pending, p.wip, p.interactions, p.failed])).toEqual([
      ['2.0.0', true, false, TOTAL, 0],
      ['2.1.0-feat', true, true, TOTAL - 1, 0],
    ]);
    expect(results.broker?.consumerVersionSelectors).toEqual([
      { deployedOrReleased: true, environment: 'production' },
      { branch: 'main' },
    ]);
    expect(results.broker?.publishResults).toBe(false);
    expect(b.verifications).toEqual([]); // not asked to publish
    const query = b.requests.find((q) => q.method === 'POST' && q.path.endsWith('/for-verification'));
    expect(JSON.parse(query?.body ?? '{}')).toMatchObject({
      includeWipPactsSince: '2020-01-01',
      includePendingStatus: true,
    });
    expect(r.stderr).toContain('work in progress, pending');
    expectNoToken(r.stdout + r.stderr, dir);
  });

  test('a broker that refuses the token, or has no pacts for the selectors, exits 2 with a hint', async () => {
    const b = await broker();
    await publish(b, '1.0.0');
    const good = await reference();
    process.env[TOKEN_VAR] = 'wrong-token-Zz81';
    try {
      const dir = reportDir('unauthorized');
      const r = await verify(good.url, b, dir, ['--main-branch', '--quiet']);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`error [broker-unauthorized]: the Pact Broker refused GET ${b.url}/: 401`);
      expect(r.all).toMatch(
        /hint: check the broker token: PACT_BROKER_TOKEN, or the variable --broker-token-env names/,
      );
      expect(r.all).not.toContain('wrong-token-Zz81');
      expect(readResults(dir)).toMatchObject({ verdict: 'error', exitCode: 2 });
    } finally {
      process.env[TOKEN_VAR] = BROKER_TOKEN;
    }
    const dir = reportDir('no-pacts');
    const none = await verify(good.url, b, dir, ['--branch', 'no-such-branch', '--quiet']);
    expect(none.code).toBe(2);
    expect(none.err.find((l) => l.startsWith('error [no-pacts]: the Pact Broker has no pacts'))).toBeDefined();
    expect(none.all).toMatch(/hint: check --provider and the selectors/);
  });

  test('bad input exits 2 with one line and a hint, before the broker is asked anything', async () => {
    const b = await broker();
    const dir = reportDir('bad');
    const base = ['verify', '--target', 'http://127.0.0.1:9', '--report-dir', dir];
    const cases: Array<{ args: string[]; message: RegExp }> = [
      { args: [...base, '--broker-url', b.url, '--pact', PACT], message: /--pact and --broker-url are exclusive/ },
      { args: [...base, '--main-branch'], message: /--main-branch needs --broker-url/ },
      { args: [...base, '--provider', 'x'], message: /--provider needs --broker-url/ },
      {
        args: [...base, '--broker-url', b.url, '--publish-results'],
        message: /--publish-results needs --provider-version/,
      },
      {
        args: [...base, '--broker-url', b.url, '--include-wip-pacts-since', '2024-01-01'],
        message: /needs --enable-pending/,
      },
      {
        args: [...base, '--broker-url', b.url, '--enable-pending', '--include-wip-pacts-since', 'last week'],
        message: /must be a date/,
      },
      { args: [...base, '--broker-url', b.url, '--consumer-version-selector', '{main'], message: /is not JSON/ },
      {
        args: [...base, '--broker-url', b.url, '--consumer-version-selector', '{"brunch":"main"}'],
        message: /unknown key "brunch"/,
      },
      {
        args: [...base, '--broker-url', b.url, '--consumer-version-selector', '{"mainBranch":"yes"}'],
        message: /mainBranch must be true or false/,
      },
      { args: [...base, '--broker-url', 'ftp://broker.example'], message: /is not http or https/ },
      { args: [...base, '--broker-url', 'https://user:Pw-9d1@broker.example'], message: /must not carry credentials/ },
      { args: [...base, '--broker-url', b.url, '--broker-token-env', 'NO_SUCH_VAR_E2E'], message: /which is not set/ },
    ];
    for (const c of cases) {
      const r = await cli(c.args);
      expect({ args: c.args, code: r.code }).toEqual({ args: c.args, code: 2 });
      expect(r.err[0]).toMatch(/^error \[bad-option\]: /);
      expect(r.err[0]).toMatch(c.message);
      expect(r.err[1]).toMatch(/^hint: /);
      expect(r.all).not.toContain('Pw-9d1');
    }
    expect(b.requests).toEqual([]);
  });

  test('--help documents every broker option', async () => {
    const r = await cli(['verify', '--help']);
    expect(r.code).toBe(0);
    for (const o of [
      '--broker-url',
      '--provider',
      '--consumer-version-selector',
      '--main-branch',
      '--deployed-or-released',
      '--branch',
      '--enable-pending',
      '--include-wip-pacts-since',
      '--publish-results',
      '--provider-version',
      '--provider-branch',
      '--broker-token-env',
      'PACT_BROKER_TOKEN',
    ])
      expect(r.all).toContain(o);
  });
});
