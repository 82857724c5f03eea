import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import { pactFilesIn } from '../../contracts/pact-file';
import { cli, removeDir, tempDir, validatePact, validatePactApi } from './pact-support';

jest.setTimeout(60_000);

const FILE = pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER);

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<{
    description: string;
    type: string;
    providerStates?: Array<{ name: string }>;
    response: { status: number };
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
    expect(pact.interactions).toHaveLength(9);
    for (const i of pact.interactions) {
      expect(i.type).toBe('Synchronous/HTTP');
      expect(i.providerStates?.length).toBe(1);
    }
    const descriptions = pact.interactions.map((i) => i.description);
    expect(descriptions).toContain("a create with the documentation's example body");
    expect(descriptions).toContain('a minimal create (only @odata.type)');
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
      p.interactions.filter((i) => !/\(seed \d+, sample \d+\)$/.test(i.description));
    expect(fixed(b)).toEqual(fixed(a));
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
  });

  test('the committed pact in contracts/pacts is what the defaults generate', () => {
    expect(readFileSync(join(DEFAULT_PACT_DIR, FILE))).toEqual(readFileSync(join(first, FILE)));
  });

  test('names the consumer and provider as asked, and leaves out Location / lastModifiedDateTime on request', async () => {
    const dir = fresh('names');
    const r = await cli([
      'pact',
      '--out',
      dir,
      '--consumer',
      'my-client',
      '--provider',
      'my-service',
      '--no-location',
      '--no-last-modified',
    ]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, pactFileName('my-client', 'my-service')), 'utf8');
    expect(text).not.toContain('"Location"');
    expect(text).not.toContain('lastModifiedDateTime');
  });

  test('every pact file written validates against specs/openapi.yaml (swagger-mock-validator)', async () => {
    const files = [...dirs.flatMap(pactFilesIn), ...pactFilesIn(DEFAULT_PACT_DIR)];
    expect(files.length).toBeGreaterThanOrEqual(5);
    const reports = await Promise.all(files.map(async (file) => ({ file, report: await validatePactApi(file) })));
    for (const { file, report } of reports) {
      // Every interaction of every seed, Edm.DateTimeOffset forms without seconds included, matches the fragment.
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
    expect(pactFilesIn(dir)).toEqual([]);
  });

  test('--help describes every option', async () => {
    const r = await cli(['pact', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--out', '--consumer', '--provider', '--seed', '--no-location', '--no-last-modified'])
      expect(r.all).toContain(o);
  });
});
