/**
 * The consumer-driven loop, end to end (issue 17): an example consumer built on @microsoft/microsoft-graph-client
 * (examples/graph-admin-client) writes its pact with the consumer kit against Pact's mock server; `pact check`
 * accepts it and refuses a broken copy; `publish` sends it to the stand-in Pact Broker; `verify --broker-url` pulls
 * it, verifies it against the reference and publishes the result; `pact-broker can-i-deploy` (the official client)
 * then answers yes. The same against a fault mutant: the verification fails, its result is published, and
 * can-i-deploy answers no.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrokerStandIn, type BrokerStandIn } from '../support/broker-stand-in';
import { GRAPH_PROVIDER } from '../../contracts/kit';
import { CONSUMER, writeConsumerPact } from '../../examples/graph-admin-client/pact';
import { startMutant } from '../../targets/mutants';
import { startReference, type RunningServer } from '../../targets/reference';
import { canIDeploy, cli, filesBelow, removeDir, tempDir } from './pact-support';

jest.setTimeout(180_000);

const TOKEN = 'loop-graph-Secret-41c2';
const BROKER_TOKEN = 'loop-broker-Secret-7d0e';
const TOKEN_VAR = 'CONFORMANCE_E2E_LOOP_BROKER_TOKEN';
const BOUNDED = ['--total-timeout', '45000', '--timeout', '5000'];

const dirs: string[] = [];
const servers: Array<BrokerStandIn | RunningServer> = [];
const dir = (name: string): string => {
  const d = tempDir(`loop-${name}`);
  dirs.push(d);
  return d;
};

beforeAll(() => {
  process.env[TOKEN_VAR] = BROKER_TOKEN;
});
afterAll(async () => {
  delete process.env[TOKEN_VAR];
  await Promise.all(servers.splice(0).map((s) => s.close()));
  dirs.forEach(removeDir);
});

const ok = (r: { code: number; err: string[] }): { code: number; err: string[] } => ({
  code: r.code,
  err: r.code === 0 ? [] : r.err.slice(-10),
});

test('consumer pact -> pact check -> publish -> verify from the broker -> can-i-deploy, for a good and a faulty provider', async () => {
  // 1. The consumer's own test: its Graph-client-based client against Pact's mock server, the pact written with the kit.
  const pactDir = dir('pact');
  const pactFile = await writeConsumerPact(pactDir);
  const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as {
    consumer: { name: string };
    provider: { name: string };
    interactions: Array<{ response: { status: number } }>;
  };
  expect([pact.consumer.name, pact.provider.name]).toEqual([CONSUMER, GRAPH_PROVIDER]);

  // 2. pact check accepts it, and refuses a copy that expects 200 from the create.
  const checked = await cli(['pact', 'check', pactFile, '--report-dir', dir('check')]);
  expect(ok(checked)).toEqual({ code: 0, err: [] });
  const brokenDir = dir('broken');
  const broken = join(brokenDir, 'broken.json');
  const copy = structuredClone(pact);
  for (const i of copy.interactions) i.response.status = 200;
  writeFileSync(broken, JSON.stringify(copy));
  const refused = await cli(['pact', 'check', broken, '--report-dir', dir('check-broken')]);
  expect(refused.code).toBe(1);
  expect(readFileSync(join(dirs[dirs.length - 1] as string, 'summary.md'), 'utf8')).toContain('create-status-201');

  // 3. The consumer publishes it (the official pact-broker client) to the stand-in broker.
  const broker = await startBrokerStandIn({ token: BROKER_TOKEN });
  servers.push(broker);
  const published = await cli([
    'publish',
    '--broker-url',
    broker.url,
    '--consumer-version',
    '2.0.0',
    '--branch',
    'main',
    '--pact-dir',
    pactDir,
    '--token',
    BROKER_TOKEN,
    '--retries',
    '0',
  ]);
  expect(ok(published)).toEqual({ code: 0, err: [] });
  expect(broker.published.map((p) => [p.consumer, p.provider, p.version])).toEqual([
    [CONSUMER, GRAPH_PROVIDER, '2.0.0'],
  ]);

  // 4. The provider (the reference) verifies the consumers' pacts from the broker and publishes the result.
  const verify = (target: string, version: string, reports: string) =>
    cli([
      'verify',
      '--target',
      target,
      '--token',
      TOKEN,
      '--broker-url',
      broker.url,
      '--broker-token-env',
      TOKEN_VAR,
      '--main-branch',
      '--publish-results',
      '--provider-version',
      version,
      '--provider-branch',
      'main',
      '--report-dir',
      reports,
      '--quiet',
      ...BOUNDED,
    ]);
  const reference = await startReference({ token: TOKEN });
  servers.push(reference);
  const goodDir = dir('verify-good');
  const good = await verify(reference.url, '1.0.0', goodDir);
  expect(ok(good)).toEqual({ code: 0, err: [] });
  expect(broker.verifications).toEqual([
    expect.objectContaining({ providerVersion: '1.0.0', providerBranch: 'main', success: true }),
  ]);

  // 5. can-i-deploy: the consumer 2.0.0 with the provider 1.0.0 in production: yes.
  broker.core.recordDeployment(GRAPH_PROVIDER, '1.0.0', 'production');
  const yes = await canIDeploy(broker.url, BROKER_TOKEN, [
    '--pacticipant',
    CONSUMER,
    '--version',
    '2.0.0',
    '--to-environment',
    'production',
  ]);
  expect({ code: yes.code, output: yes.code === 0 ? '' : yes.output }).toEqual({ code: 0, output: '' });

  // 6. A faulty provider build (answers 200 to the create) fails the pact, and can-i-deploy refuses it.
  const faulty = await startMutant('create-answers-201', { token: TOKEN });
  servers.push(faulty);
  const badDir = dir('verify-bad');
  const bad = await verify(faulty.url, '1.1.0', badDir);
  expect(bad.code).toBe(1);
  expect(broker.verifications[1]).toEqual(
    expect.objectContaining({ providerVersion: '1.1.0', providerBranch: 'main', success: false }),
  );
  broker.core.recordDeployment(CONSUMER, '2.0.0', 'production');
  const no = await canIDeploy(broker.url, BROKER_TOKEN, [
    '--pacticipant',
    GRAPH_PROVIDER,
    '--version',
    '1.1.0',
    '--to-environment',
    'production',
  ]);
  expect(no.code).toBe(1);

  // Neither token is in anything the loop wrote.
  for (const d of [goodDir, badDir])
    for (const f of filesBelow(d)) {
      expect({ file: f.file, leaked: f.text.includes(TOKEN) || f.text.includes(BROKER_TOKEN) }).toEqual({
        file: f.file,
        leaked: false,
      });
    }
});
