import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redacting } from '../../cli/commands/run';
import { reportWriters } from '../../cli/commands/report-writers';
import { runCli, type Io } from '../../cli/program';
import type { RunResults } from '../../engine/events';
import { DEFAULTS, runConformance, type RunOptions } from '../../engine/run';
import { caseFilesReporter, ndjsonReporter, resultsJsonReporter } from '../../reports/files';
import { findAll, parseXml } from '../../reports/test-support/xml';
import { createReferenceHandler } from '../../targets/reference';
import { findMutant } from '../../targets/mutants';

/**
 * The real engine against in-process targets (the reference and a mutant, each on a loopback port the engine's
 * transport opens on 127.0.0.1 and closes), every reporter writing to a report dir, then `report diff` on the pair.
 */

const TOKEN = 'e2e-secret-token-0123456789';
/** Always answers 200 instead of 201 to a valid create: breaks status-201, an error-level check, on every case. */
const MUTANT = 'create-answers-201';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'reports-e2e-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runInto(name: string, handler: RequestListener): Promise<{ dir: string; results: RunResults }> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const opts: RunOptions = {
    target: { kind: 'server', server: handler, label: name },
    token: TOKEN,
    headers: {},
    runs: 12,
    seed: 20250101,
    concurrency: 4,
    timeoutMs: 5000,
    profile: 'graph-docs',
    maxResponseBytes: DEFAULTS.maxResponseBytes,
    shrink: true,
    maxShrinkRequests: 20,
    maxFailuresPerCheck: 3,
  };
  const reporters = redacting(
    [resultsJsonReporter(dir), ndjsonReporter(dir), caseFilesReporter(dir), ...reportWriters(dir, {})],
    [TOKEN],
  );
  const results = await runConformance(opts, reporters);
  return { dir, results };
}

function capture(): Io & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

describe('reports of real runs, and report diff on them', () => {
  let reference: { dir: string; results: RunResults };
  let reference2: { dir: string; results: RunResults };
  let mutant: { dir: string; results: RunResults };

  beforeAll(async () => {
    const spec = findMutant(MUTANT);
    if (!spec) throw new Error(`mutant ${MUTANT} is gone from targets/mutants`);
    reference = await runInto('reference', createReferenceHandler({ token: TOKEN }));
    reference2 = await runInto('reference-again', createReferenceHandler({ token: TOKEN }));
    mutant = await runInto('mutant', spec.createHandler({ token: TOKEN }));
  }, 60_000);

  test('each run writes every format, and the token appears in none of them', () => {
    for (const run of [reference, mutant]) {
      for (const f of ['results.json', 'events.ndjson', 'timing.json', 'junit.xml', 'summary.md', 'report.html'])
        expect(existsSync(join(run.dir, f))).toBe(true);
      const files = readdirSync(run.dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
      for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(TOKEN);
    }
  });

  test('the reference passes; the mutant fails status-201 with a minimal counterexample', () => {
    expect(reference.results.exitCode).toBe(0);
    expect(mutant.results.exitCode).toBe(1);
    const broken = mutant.results.checks.find((c) => c.id === 'status-201');
    expect(broken?.status).toBe('failed');
    expect(broken?.failures[0]?.minimal).toBe(true);
  });

  test('junit.xml matches results.json: a testcase per check, failures and skipped counted', () => {
    for (const run of [reference, mutant]) {
      const xml = parseXml(readFileSync(join(run.dir, 'junit.xml'), 'utf8'));
      const checks = run.results.checks;
      expect(findAll(xml, 'testcase')).toHaveLength(checks.length);
      expect(findAll(xml, 'failure')).toHaveLength(
        checks.filter((c) => c.status === 'failed' && c.severity === 'error').length,
      );
      expect(findAll(xml, 'skipped')).toHaveLength(checks.filter((c) => c.status === 'skipped').length);
    }
    const failure = findAll(parseXml(readFileSync(join(mutant.dir, 'junit.xml'), 'utf8')), 'failure')[0];
    expect(failure?.text).toContain('minimal counterexample');
    expect(failure?.text).toContain(`reproduce: seed 20250101`);
    expect(failure?.text).toContain('Authorization: Bearer $GRAPH_TOKEN');
  });

  test('summary.md and report.html show the verdict and the failing check', () => {
    expect(readFileSync(join(mutant.dir, 'summary.md'), 'utf8')).toContain('#### ❌ fail `status-201`');
    const page = readFileSync(join(mutant.dir, 'report.html'), 'utf8');
    expect(page).toContain('<span class="verdict failed">FAILED</span>');
    expect(page).toContain('id="check-status-201"');
    expect(page).toMatch(/\d+ cases: median/);
  });

  test('report diff: reference -> mutant exits 1 (status-201 passed before, fails now)', async () => {
    const io = capture();
    const out = join(root, 'diff-mutant');
    expect(
      await runCli(['report', 'diff', '--baseline', reference.dir, '--current', mutant.dir, '--out', out], io),
    ).toBe(1);
    expect(io.text()).toContain('new failures (1): status-201');
    const diff = JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')) as {
      checks: Array<{ id: string; regression: boolean; current: { medianMs?: number } }>;
    };
    expect(diff.checks.find((c) => c.id === 'status-201')?.regression).toBe(true);
    expect(diff.checks.find((c) => c.id === 'status-201')?.current.medianMs).toBeGreaterThan(0);
  });

  test('report diff: reference -> reference exits 0', async () => {
    const io = capture();
    const out = join(root, 'diff-same');
    expect(
      await runCli(['report', 'diff', '--baseline', reference.dir, '--current', reference2.dir, '--out', out], io),
    ).toBe(0);
    expect(io.text()).toContain('OK: no regression');
    expect(existsSync(join(out, 'diff.html'))).toBe(true);
  });
});
