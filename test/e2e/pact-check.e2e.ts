/**
 * `conformance pact check` through runCli in-process, with the real swagger-mock-validator (a child node process):
 * the committed pact passes, copies broken one way each fail with the rule and its source in every report, bad input
 * exits 2 with a hint, and pacts written by `conformance pact` (another seed, the strict profile) raise no false alarm.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONSUMER, DEFAULT_PACT_DIR, DEFAULT_PROVIDER, pactFileName } from '../../contracts/defaults';
import type { PactCheckResults } from '../../contracts/check';
import { cli, ROOT, removeDir, tempDir } from './pact-support';

jest.setTimeout(120_000);

const FILE = pactFileName(DEFAULT_CONSUMER, DEFAULT_PROVIDER);
const COMMITTED = join(DEFAULT_PACT_DIR, FILE);
const TOTAL = (JSON.parse(readFileSync(COMMITTED, 'utf8')) as { interactions: unknown[] }).interactions.length;
const ASSIGN = 'an assign of one group to a configuration [graph-docs]';
const MINIMAL = 'a minimal create (only @odata.type) [graph-docs]';
const STATUS_SOURCE = 'OData 4.01 Protocol 11.4.2 / the create page: 201 Created';

interface PactJson {
  interactions: Array<{
    description: string;
    request: { body: { content: Record<string, unknown> } };
    response: { status: number; body: { content: Record<string, unknown> } };
  }>;
}

const readResults = (dir: string): PactCheckResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as PactCheckResults;

describe('conformance pact check', () => {
  const dirs: string[] = [];
  const fresh = (name: string): string => {
    const d = tempDir(`pact-check-${name}`);
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach(removeDir));

  /** A copy of the committed pact with `edit` applied to the interaction named `description`. */
  function brokenCopy(name: string, description: string, edit: (i: PactJson['interactions'][number]) => void): string {
    const pact = JSON.parse(readFileSync(COMMITTED, 'utf8')) as PactJson;
    const i = pact.interactions.find((x) => x.description === description);
    if (!i) throw new Error(`no interaction "${description}" in the committed pact`);
    edit(i);
    const file = join(fresh(name), FILE);
    writeFileSync(file, JSON.stringify(pact, null, 2));
    return file;
  }

  test('the committed pact: exit 0, the three reports written, no finding', async () => {
    const reports = fresh('committed');
    const r = await cli(['pact', 'check', COMMITTED, '--report-dir', reports]);
    expect({ code: r.code, err: r.code === 0 ? [] : r.err }).toEqual({ code: 0, err: [] });
    for (const f of ['results.json', 'junit.xml', 'summary.md']) expect(existsSync(join(reports, f))).toBe(true);
    const results = readResults(reports);
    expect(results).toMatchObject({ verdict: 'passed', exitCode: 0, profile: 'graph-docs' });
    // The lifecycle interactions (read, update, delete, assignments, assign, updatePriorities, an unknown id) are
    // judged as the operations they address: no finding at all.
    expect(results.findings).toEqual([]);
    expect(results.pacts[0]).toMatchObject({ interactions: TOTAL, failed: 0, specification: '4.0' });
    expect(TOTAL).toBe(16);
    expect(r.all).toContain(`PASSED: ${TOTAL} of ${TOTAL} interactions without an error finding`);
  });

  test("a copy whose assign expects a bare array (the slice's schema): exit 1, the validator says why", async () => {
    const file = brokenCopy('bare-array', ASSIGN, (i) => {
      const content = i.response.body.content as { value?: unknown };
      (i.response.body as { content: unknown }).content = content.value;
    });
    const reports = fresh('bare-array-reports');
    const r = await cli(['pact', 'check', file, '--report-dir', reports]);
    expect(r.code).toBe(1);
    const errors = readResults(reports).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.interaction)).toEqual(errors.map(() => ASSIGN));
    expect(errors.map((f) => `${f.rule} ${f.code ?? ''}`.trim())).toContain('openapi-slice response.body.incompatible');
  });

  test('a copy whose create expects 200: exit 1, create-status-201 and its source in every report', async () => {
    const file = brokenCopy('expects-200', MINIMAL, (i) => {
      i.response.status = 200;
    });
    const reports = fresh('expects-200-reports');
    const r = await cli(['pact', 'check', file, '--report-dir', reports]);
    expect(r.code).toBe(1);
    const results = readResults(reports);
    expect(results.verdict).toBe('failed');
    const errors = results.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.interaction}: ${f.rule}`)).toEqual([`${MINIMAL}: create-status-201`]);
    expect(errors[0]?.source).toContain(STATUS_SOURCE);
    // The validator sees it too (200 is only the spec's `default` answer): a warning.
    expect(results.findings.some((f) => f.rule === 'openapi-slice' && f.code === 'response.status.default')).toBe(true);
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    const md = readFileSync(join(reports, 'summary.md'), 'utf8');
    for (const text of [junit, md, r.all]) {
      expect(text).toContain('create-status-201');
      expect(text).toContain(STATUS_SOURCE);
    }
    expect(junit).toMatch(new RegExp(`<testsuites name="graph-office-pact-check" tests="${TOTAL}" failures="1"`));
  });

  test('a copy expecting a property the docs do not have: exit 1, response-property', async () => {
    const file = brokenCopy('unknown-property', MINIMAL, (i) => {
      i.response.body.content['colourScheme'] = 'dark';
    });
    const reports = fresh('unknown-property-reports');
    const r = await cli(['pact', 'check', file, '--report-dir', reports]);
    expect(r.code).toBe(1);
    const errors = readResults(reports).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.rule)).toEqual(['response-property']);
    expect(errors[0]?.message).toContain('/colourScheme');
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect(junit).toContain('response-property');
    expect(junit).toContain('undeclared properties only on open types');
  });

  test('the validator judges the request body: a create sending a string for an Int32 and expecting 201', async () => {
    const file = brokenCopy('bad-body', MINIMAL, (i) => {
      i.request.body.content['priority'] = 'high';
    });
    const reports = fresh('bad-body-reports');
    const r = await cli(['pact', 'check', file, '--report-dir', reports]);
    expect(r.code).toBe(1);
    const errors = readResults(reports).findings.filter((f) => f.severity === 'error');
    expect(new Set(errors.map((f) => `${f.rule} ${f.code ?? ''}`.trim()))).toEqual(
      new Set(['openapi-slice request.body.incompatible', 'create-body-valid']),
    );
  });

  test('bad input exits 2 with a hint: a file that is not a pact, not JSON, missing; no file at all', async () => {
    const reports = fresh('bad-input');
    const notPact = await cli(['pact', 'check', join(ROOT, 'package.json'), '--report-dir', reports]);
    expect(notPact.code).toBe(2);
    expect(notPact.err[0]).toMatch(/^error \[pact-file\]: .*package\.json is not a pact/);
    expect(notPact.err[1]).toMatch(/^hint: /);
    expect(existsSync(join(reports, 'results.json'))).toBe(false);
    const notJson = await cli(['pact', 'check', join(ROOT, 'specs', 'openapi.yaml'), '--report-dir', reports]);
    expect({ code: notJson.code, first: notJson.err[0]?.slice(0, 20) }).toEqual({
      code: 2,
      first: 'error [pact-file]: /',
    });
    const missing = await cli(['pact', 'check', join(reports, 'nope.json'), '--report-dir', reports]);
    expect(missing.code).toBe(2);
    expect(missing.all).toContain('pact file not found');
    const none = await cli(['pact', 'check']);
    expect(none.code).toBe(2);
    expect(none.all).toContain("missing required argument 'pact-files'");
    const stray = await cli(['pact', 'check', COMMITTED, '--seed', '3']);
    expect(stray.code).toBe(2);
    expect(stray.all).toContain('--seed is an option of `pact` (generate), not of `pact check`');
  });

  test('help: `pact check --help` documents it; `pact --help` still lists the generate options', async () => {
    const check = await cli(['pact', 'check', '--help']);
    expect(check.code).toBe(0);
    expect(check.all).toContain('Usage: conformance pact check [options] <pact-files...>');
    for (const word of ['--profile', '--report-dir', 'Exit codes: 0', 'swagger-mock-validator'])
      expect(check.all).toContain(word);
    const pact = await cli(['pact', '--help']);
    expect(pact.code).toBe(0);
    for (const flag of ['--out', '--consumer', '--provider', '--seed', '--profile', '--no-location', '--last-modified'])
      expect(pact.all).toContain(flag);
    expect(pact.all).toMatch(/check \[options\] <pact-files\.\.\.>/);
  });

  test('no false alarm on pacts `conformance pact` writes: another seed, and the strict pact in its profile', async () => {
    const seeded = fresh('seed-5');
    expect((await cli(['pact', '--out', seeded, '--seed', '5'])).code).toBe(0);
    const strict = fresh('strict');
    expect((await cli(['pact', '--out', strict, '--profile', 'odata-strict'])).code).toBe(0);
    const reports = fresh('generated-reports');
    const r = await cli(['pact', 'check', join(seeded, FILE), '--report-dir', reports]);
    expect({ code: r.code, errors: readResults(reports).findings.filter((f) => f.severity === 'error') }).toEqual({
      code: 0,
      errors: [],
    });
    const s = await cli(['pact', 'check', '--profile', 'odata-strict', join(strict, FILE), '--report-dir', reports]);
    expect({ code: s.code, profile: readResults(reports).profile }).toEqual({ code: 0, profile: 'odata-strict' });
    // The strict pact requires a Location, which graph-docs never promises.
    const d = await cli(['pact', 'check', join(strict, FILE), '--report-dir', reports]);
    expect(d.code).toBe(1);
    expect(
      new Set(
        readResults(reports)
          .findings.filter((f) => f.severity === 'error')
          .map((f) => f.rule),
      ),
    ).toEqual(new Set(['location-header-expected']));
  });
});
