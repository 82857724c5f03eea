import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrokerStandIn, type BrokerStandIn, type BrokerStandInOptions } from '../support/broker-stand-in';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import { cli, cliProcess, removeDir, tempDir, watchArgv } from './pact-support';

jest.setTimeout(60_000);

const TOKEN = 'broker-e2e-Secret-41d2b8';
const PACT = join(DEFAULT_PACT_DIR, pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER));

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<{ description: string }>;
}

describe('conformance publish (stand-in Pact Broker)', () => {
  const brokers: BrokerStandIn[] = [];
  const broker = async (options: BrokerStandInOptions = {}): Promise<BrokerStandIn> => {
    const b = await startBrokerStandIn(options);
    brokers.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((b) => b.close()));
  });

  test('publishes the committed pact through publish-contracts with the bearer token, never printing it', async () => {
    const b = await broker({ token: TOKEN });
    const r = await cli([
      'publish',
      '--broker-url',
      b.url,
      '--consumer-version',
      '1.2.3',
      '--branch',
      'main',
      '--token',
      TOKEN,
      '--retries',
      '0',
      '--timeout',
      '30000',
    ]);
    expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
    expect(r.out).toEqual([
      `published ${PACT} (${DEFAULT_CONSUMER} -> ${DEFAULT_PROVIDER}, ${(JSON.parse(readFileSync(PACT, 'utf8')) as PactJson).interactions.length} interactions) as 1.2.3 on main to ${b.url}`,
    ]);
    expect(r.all).not.toContain(TOKEN);
    // The client's flow: the HAL index, then one POST to the pb:publish-contracts relation.
    expect(b.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /', 'POST /contracts/publish']);
    for (const q of b.requests) expect(q.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(b.published).toHaveLength(1);
    const sent = b.published[0];
    const local = JSON.parse(readFileSync(PACT, 'utf8')) as PactJson;
    expect(sent).toMatchObject({
      consumer: DEFAULT_CONSUMER,
      provider: DEFAULT_PROVIDER,
      version: '1.2.3',
      branch: 'main',
    });
    const pact = sent?.pact as PactJson;
    expect(pact.consumer.name).toBe(local.consumer.name);
    expect(pact.provider.name).toBe(local.provider.name);
    expect(pact.interactions.map((i) => i.description)).toEqual(local.interactions.map((i) => i.description));
  });

  test('credentials in --broker-url go to the client as basic auth in its environment, never in its argv', async () => {
    const b = await broker();
    const port = new URL(b.url).port;
    const password = 'pw-Secret-9c1f';
    // Every process whose arguments name this broker, read from /proc while the publish runs.
    const watch = watchArgv((argv) => argv.includes(`127.0.0.1:${port}`) && argv.includes('publish'));
    const r = await cli([
      'publish',
      '--broker-url',
      `http://alice:${password}@127.0.0.1:${port}`,
      '--consumer-version',
      '1.0.0',
      '--retries',
      '0',
    ]);
    const seen = await watch.stop();
    expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
    expect(r.all).not.toContain(password);
    // The client was seen, and its arguments hold the broker URL without the credentials.
    expect(seen.size).toBeGreaterThan(0);
    for (const argv of seen.values()) {
      expect(argv).not.toContain(password);
      expect(argv).toContain(`--broker-base-url http://127.0.0.1:${port}`);
    }
    const basic = `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`;
    expect(b.requests.map((q) => q.headers['authorization'])).toEqual([basic, basic]);
  });

  test('takes the token from PACT_BROKER_TOKEN and publishes a --pact-dir; as a process, nothing prints it', async () => {
    const b = await broker({ token: TOKEN });
    const dir = tempDir('publish-dir');
    try {
      const gen = await cli(['pact', '--out', dir, '--consumer', 'other-client', '--seed', '5']);
      expect(gen.code).toBe(0);
      const r = await cliProcess(
        [
          'publish',
          '--broker-url',
          b.url,
          '--consumer-version',
          'abc123',
          '--pact-dir',
          dir,
          '--retries',
          '0',
          '--timeout',
          '30000',
        ],
        { PACT_BROKER_TOKEN: TOKEN },
      );
      expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout).toContain('published');
      expect(b.published.map((p) => [p.consumer, p.provider, p.version])).toEqual([
        ['other-client', DEFAULT_PROVIDER, 'abc123'],
      ]);
      expect(b.published[0]?.branch).toBeUndefined();
      expect(b.requests.every((q) => q.headers['authorization'] === `Bearer ${TOKEN}`)).toBe(true);
    } finally {
      removeDir(dir);
    }
  });

  test('a broker answering 500 makes publish exit 2 with a clear message and a hint', async () => {
    const b = await broker({ failWith: { status: 500, on: 'publish' } });
    const r = await cli([
      'publish',
      '--broker-url',
      b.url,
      '--consumer-version',
      '1.2.3',
      '--token',
      TOKEN,
      '--retries',
      '0',
      '--timeout',
      '30000',
    ]);
    expect(r.code).toBe(2);
    const line = r.err.find((l) => l.startsWith('error [publish-failed]: '));
    expect(line).toContain(`publishing to ${b.url} failed`);
    expect(line).toContain('500');
    expect(r.err[r.err.indexOf(line ?? '') + 1]).toMatch(/^hint: the broker failed on its side/);
    expect(r.all).not.toContain(TOKEN);
    expect(b.published).toEqual([]);
  });

  test('a wrong token (401) and a broker without publish-contracts (before 2.86) exit 2 with their hints', async () => {
    const guarded = await broker({ token: TOKEN });
    const wrong = await cli([
      'publish',
      '--broker-url',
      guarded.url,
      '--consumer-version',
      '1',
      '--token',
      'nope-123',
      '--retries',
      '0',
      '--timeout',
      '30000',
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.all).toMatch(/hint: the broker refused the credentials/);
    expect(wrong.all).not.toContain('nope-123');

    const legacy = await broker({ legacy: true });
    const old = await cli([
      'publish',
      '--broker-url',
      legacy.url,
      '--consumer-version',
      '1',
      '--retries',
      '0',
      '--timeout',
      '30000',
    ]);
    expect(old.code).toBe(2);
    expect(old.all).toContain('pb:publish-contracts');
    expect(old.all).toMatch(/hint: .*Pact Broker 2\.86\.0 or later/);
    expect(legacy.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /']);
  });

  test('an unreachable broker exits 2 with a hint', async () => {
    const b = await broker();
    const url = b.url;
    await Promise.all(brokers.splice(0).map((x) => x.close()));
    const r = await cli([
      'publish',
      '--broker-url',
      url,
      '--consumer-version',
      '1',
      '--retries',
      '0',
      '--timeout',
      '30000',
    ]);
    expect(r.code).toBe(2);
    expect(r.all).toMatch(/error \[publish-failed\]: publishing to .* failed/);
    expect(r.all).toMatch(/hint: check --broker-url/);
  });

  test('bad input exits 2 with one line and a hint, before anything is sent', async () => {
    const b = await broker();
    const empty = tempDir('publish-empty');
    try {
      const cases: Array<{ args: string[]; code: string }> = [
        { args: ['publish', '--consumer-version', '1'], code: 'bad-option' },
        { args: ['publish', '--broker-url', b.url], code: 'bad-option' },
        { args: ['publish', '--broker-url', 'ftp://x', '--consumer-version', '1'], code: 'bad-option' },
        { args: ['publish', '--broker-url', b.url, '--consumer-version', '1', '--pact-dir', empty], code: 'no-pacts' },
        { args: ['publish', '--broker-url', b.url, '--consumer-version', '1', '--retries', '-1'], code: 'bad-option' },
        { args: ['publish', '--broker-url', b.url, '--consumer-version', '1', '--token', 'a b'], code: 'bad-option' },
      ];
      for (const c of cases) {
        const r = await cli(c.args);
        expect({ args: c.args, code: r.code }).toEqual({ args: c.args, code: 2 });
        expect(r.err[0]).toMatch(new RegExp(`^error \\[${c.code}\\]: `));
        expect(r.err[1]).toMatch(/^hint: /);
      }
      expect(b.requests).toEqual([]);
    } finally {
      removeDir(empty);
    }
  });

  test('--help describes every option', async () => {
    const r = await cli(['publish', '--help']);
    expect(r.code).toBe(0);
    for (const o of [
      '--broker-url',
      '--consumer-version',
      '--branch',
      '--token',
      '--pact-dir',
      '--retries',
      '--timeout',
    ])
      expect(r.all).toContain(o);
  });
});
