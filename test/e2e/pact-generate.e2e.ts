import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import { pactFilesIn } from '../../contracts/pact-file';
import { cli, removeDir, tempDir, validatePact, validatePactApi, validatePactsApi } from './pact-support';

jest.setTimeout(60_000);

const FILE = pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER);
/** The creates (the docs' example, a minimal body, six generated shapes, one invalid body) and the lifecycle ones. */
const CREATES = 9;
const LIFECYCLE = 7;
const C = '/officeConfiguration/clientConfigurations';

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<{
    description: string;
    type: string;
    providerStates?: Array<{ name: string }>;
    request: { method: string; path: string; generators?: Record<string, unknown> };
    comments?: { text?: string[] };
    response: {
      status: number;
      headers?: Record<string, string[]>;
      body?: { content?: Record<string, unknown> };
      matchingRules?: Record<string, Record<string, { matchers: Array<Record<string, unknown>> }>>;
    };
  }>;
  metadata: { pactSpecification: { version: string } };
}

const readJson = (file: string): PactJson => JSON.parse(readFileSync(file, 'utf8')) as PactJson;

describe('conformance pact (generate)', () => {
  const dirs: string[] = [];
  const fresh = (name: string): string => {
    const d = tempDir(`pact-${name}`);
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(removeDir));

  let first: string;

  beforeAll(async () => {
    first = fresh('a');
    const r = await cli(['pact', '--out', first]);
    expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
    expect(r.out).toEqual([join(first, FILE)]);
  });

  test('writes one Pact V4 file with the documented interactions, each with a provider state', () => {
    const pact = readJson(join(first, FILE));
    expect(pact.consumer.name).toBe(DEFAULT_CONSUMER);
    expect(pact.provider.name).toBe(DEFAULT_PROVIDER);
    expect(pact.metadata.pactSpecification.version).toBe('4.0');
    expect(pact.interactions).toHaveLength(CREATES + LIFECYCLE);
    for (const i of pact.interactions) {
      expect(i.type).toBe('Synchronous/HTTP');
      expect(i.providerStates?.length).toBe(1);
    }
    const creates = pact.interactions.filter((i) => i.request.method === 'POST' && i.request.path === C);
    expect(creates).toHaveLength(CREATES);
    const descriptions = pact.interactions.map((i) => i.description);
    // Every description names the reading the pact applies: graph-docs, the default profile's.
    for (const d of descriptions) expect(d).toMatch(/ \[graph-docs\]$/);
    expect(descriptions).toContain("a create with the documentation's example body [graph-docs]");
    expect(descriptions).toContain('a minimal create (only @odata.type) [graph-docs]');
    for (const shape of [
      'with checkinStatuses',
      'with several checkinStatuses',
      'without checkinStatuses',
      'with null values',
      'with non-ASCII text',
      'with a checkinDateTime offset',
    ])
      expect(descriptions.some((d) => d.startsWith(`a generated create ${shape} (seed 1,`))).toBe(true);
    expect(pact.interactions.filter((i) => i.response.status === 400)).toHaveLength(1);
  });

  test('the lifecycle interactions take their ids from provider states (Pact V3 provider-state injection)', () => {
    const pact = readJson(join(first, FILE));
    const lifecycle = pact.interactions.filter((i) => !(i.request.method === 'POST' && i.request.path === C));
    expect(lifecycle.map((i) => `${i.request.method} ${i.providerStates?.[0]?.name ?? ''}`).sort()).toEqual(
      [
        'DELETE a configuration exists',
        'GET a configuration exists',
        'GET a configuration with one group assignment exists',
        'GET no configuration has this id',
        'PATCH a configuration exists',
        'POST a configuration exists',
        'POST a configuration exists',
      ].sort(),
    );
    for (const i of lifecycle) {
      const generators = i.request.generators ?? {};
      if (i.request.path.endsWith('/microsoft.graph.updatePriorities'))
        // Bound to the collection: the id and the priority are injected into the body.
        expect(generators['body']).toEqual({
          '$.officeConfigurationPolicyIds[0]': { expression: '${id}', type: 'ProviderState' },
          '$.officeConfigurationPriorities[0]': { expression: '${priority}', type: 'ProviderState' },
        });
      else
        expect(generators['path']).toEqual({
          expression: i.request.path.replace(/^(\/officeConfiguration\/clientConfigurations\/)[^/]+/, '$1${idSegment}'),
          type: 'ProviderState',
        });
    }
    // DELETE and updatePriorities: 204 or the pages' 200, by a V4 statusCode matcher; nothing else is expected back.
    for (const i of lifecycle.filter((x) => x.response.status === 204)) {
      expect(i.response.matchingRules?.['status']?.['$']?.matchers).toEqual([
        { match: 'statusCode', status: [200, 204] },
      ]);
      expect(i.response.body).toBeUndefined();
    }
    // PATCH too: 200 or 204 in both profiles (the update pages, Protocol 11.4.3), no body expected.
    expect(lifecycle.filter((x) => x.response.status === 204)).toHaveLength(3);
  });

  test('is deterministic: the same seed writes the same bytes; another seed changes only the samples', async () => {
    const again = fresh('b');
    expect((await cli(['pact', '--out', again])).code).toBe(0);
    expect(readFileSync(join(again, FILE))).toEqual(readFileSync(join(first, FILE)));

    const other = fresh('c');
    expect((await cli(['pact', '--out', other, '--seed', '99'])).code).toBe(0);
    const a = readJson(join(first, FILE));
    const b = readJson(join(other, FILE));
    expect(b.metadata).toEqual(a.metadata);
    const fixed = (p: PactJson): unknown[] =>
      p.interactions.filter((i) => !/\(seed \d+, sample \d+\) \[[a-z-]+\]$/.test(i.description));
    expect(fixed(a)).toHaveLength(2 + LIFECYCLE);
    expect(fixed(b)).toEqual(fixed(a));
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
  });

  test('the committed pact in contracts/pacts is what the defaults generate', () => {
    expect(readFileSync(join(DEFAULT_PACT_DIR, FILE))).toEqual(readFileSync(join(first, FILE)));
  });

  test('the graph-docs pact expects no Location, no lastModifiedDateTime, no Stream and no nested @odata.type', () => {
    const pact = readJson(join(first, FILE));
    for (const i of pact.interactions.filter((x) => x.response.status === 201)) {
      const body = i.response.body?.content ?? {};
      expect(Object.keys(i.response.headers ?? {})).toEqual(['Content-Type']);
      expect(body['lastModifiedDateTime']).toBeUndefined();
      expect(body['userPreferencePayload']).toBeUndefined();
      expect(body['policyPayload']).toBeUndefined();
      expect(JSON.stringify(body).match(/@odata\.type/g)).toHaveLength(1); // the top-level one only
      const top = i.response.matchingRules?.['body']?.["$['@odata.type']"]?.matchers;
      expect(top).toEqual([{ match: 'regex', regex: '^#?microsoft\\.graph\\.windowsOfficeClientConfiguration$' }]);
      expect(i.comments?.text?.join(' ')).toContain('Reading: graph-docs');
    }
    const invalid = pact.interactions.find((x) => x.response.status === 400);
    expect(invalid?.response.matchingRules?.['status']?.['$']?.matchers).toEqual([
      { match: 'statusCode', status: 'clientError' },
    ]);
  });

  test('--profile odata-strict writes the strict pact: Location and the top-level "#" required', async () => {
    const dir = fresh('strict');
    const r = await cli(['pact', '--profile', 'odata-strict', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.err[0]).toContain('profile odata-strict');
    const pact = readJson(join(dir, FILE));
    expect(pact.interactions).toHaveLength(CREATES + LIFECYCLE);
    const generated = readJson(join(first, FILE));
    for (const [n, i] of pact.interactions.entries()) {
      expect(i.description).toMatch(/ \[odata-strict\]$/);
      // The same requests as the graph-docs pact, in the same order.
      expect(i.description.replace(/ \[odata-strict\]$/, '')).toBe(
        generated.interactions[n]?.description.replace(/ \[graph-docs\]$/, ''),
      );
      // odata-strict takes no 200 for a DELETE or updatePriorities: exactly 204. A PATCH may answer either in both.
      if (i.response.status === 204 && !i.description.startsWith('an update of a configuration'))
        expect(i.response.matchingRules?.['status']).toBeUndefined();
      if (i.description.startsWith('an update of a configuration'))
        expect(i.response.matchingRules?.['status']?.['$']?.matchers).toEqual([
          { match: 'statusCode', status: [200, 204] },
        ]);
      if (i.response.status !== 201) continue;
      expect(i.response.headers?.['Location']).toHaveLength(1);
      expect(i.response.body?.content?.['@odata.type']).toBe('#microsoft.graph.windowsOfficeClientConfiguration');
      expect(i.response.matchingRules?.['body']?.["$['@odata.type']"]).toBeUndefined(); // exact
      expect(i.response.body?.content?.['lastModifiedDateTime']).toBeUndefined();
    }
  });

  test('names the consumer and provider as asked; --location and --last-modified override the profile', async () => {
    const dir = fresh('names');
    const r = await cli([
      'pact',
      '--out',
      dir,
      '--consumer',
      'my-client',
      '--provider',
      'my-service',
      '--location',
      '--last-modified',
    ]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, pactFileName('my-client', 'my-service')), 'utf8');
    expect(text).toContain('"Location"');
    expect(text).toContain('lastModifiedDateTime');
    const strictDir = fresh('strict-no-location');
    expect((await cli(['pact', '--profile', 'odata-strict', '--no-location', '--out', strictDir])).code).toBe(0);
    expect(readFileSync(join(strictDir, FILE), 'utf8')).not.toContain('"Location"');
  });

  test('every pact file written validates against specs/openapi.yaml (swagger-mock-validator)', async () => {
    const files = [...dirs.flatMap(pactFilesIn), ...pactFilesIn(DEFAULT_PACT_DIR)];
    expect(files.length).toBeGreaterThanOrEqual(5);
    const reports = (await validatePactsApi(files)).map((report, i) => ({ file: files[i], report }));
    expect(reports).toHaveLength(files.length);
    for (const { file, report } of reports) {
      // Every interaction of every seed, Edm.DateTimeOffset forms without seconds included, matches the fragment (the
      // PATCH interaction's Prefer header too: the fragment declares it, OData 4.01 Protocol 8.2.8.7).
      expect({ file, errors: report.errors, warnings: report.warnings }).toEqual({ file, errors: [], warnings: [] });
    }
    // The default seed's pacts (the committed one included) validate without any finding, by the CLI as well.
    for (const file of [join(first, FILE), join(DEFAULT_PACT_DIR, FILE)]) {
      expect(reports.find((r) => r.file === file)?.report.errors).toEqual([]);
      const cliRun = await validatePact(file);
      expect({ code: cliRun.code, output: cliRun.code === 0 ? '' : cliRun.output }).toEqual({ code: 0, output: '' });
      expect(cliRun.output).toMatch(/0 error\(s\)/);
    }
    // Our expected bodies use declared properties only, so they pass with closed response bodies too.
    expect((await validatePactApi(join(first, FILE), 'false')).errors).toEqual([]);
  });

  test('bad input exits 2 with one line and a hint, writing nothing', async () => {
    const dir = fresh('bad');
    for (const args of [
      ['--seed', 'x'],
      ['--seed', '1.5'],
      ['--consumer', ''],
      ['--provider', 'a/b'],
    ]) {
      const r = await cli(['pact', '--out', dir, ...args]);
      expect(r.code).toBe(2);
      expect(r.err[0]).toMatch(/^error \[bad-option\]: /);
      expect(r.err[1]).toMatch(/^hint: /);
    }
    const unknown = await cli(['pact', '--out', dir, '--profile', 'lenient']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toBe('error [unknown-profile]: unknown profile "lenient"');
    expect(pactFilesIn(dir)).toEqual([]);
    // A strict pact never replaces the committed graph-docs one by default.
    const before = readFileSync(join(DEFAULT_PACT_DIR, FILE));
    const strict = await cli(['pact', '--profile', 'odata-strict']);
    expect(strict.code).toBe(2);
    expect(strict.err[0]).toMatch(
      /^error \[bad-option\]: the odata-strict pact would replace the committed graph-docs pact/,
    );
    expect(strict.err[1]).toMatch(/^hint: .*--out/);
    expect(readFileSync(join(DEFAULT_PACT_DIR, FILE))).toEqual(before);
  });

  test('--help describes every option', async () => {
    const r = await cli(['pact', '--help']);
    expect(r.code).toBe(0);
    for (const o of [
      '--out',
      '--consumer',
      '--provider',
      '--seed',
      '--profile',
      '--location',
      '--no-location',
      '--last-modified',
      '--no-last-modified',
    ])
      expect(r.all).toContain(o);
  });
});
