import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSuiteError } from '../engine/errors';
import { MUTANT_NAMES, startMutant } from '../targets/mutants';
import { runCli, type Io } from './program';

/** What the CLI does with bad input: exit 2, one error line with a stable code and a hint, and nothing started. */

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-input-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function capture(): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

/** A saved case as `run` writes it to cases/ (replay reads the file before its options). */
function caseFile(): string {
  const file = join(root, 'case.json');
  const text = JSON.stringify({ '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration', displayName: 'x' });
  writeFileSync(
    file,
    JSON.stringify({
      format: 'conformance-case/1',
      check: 'read-after-create',
      severity: 'error',
      target: 'http://127.0.0.1:1/beta',
      profile: 'graph-docs',
      seed: 1,
      path: 'valid:0',
      message: 'm',
      minimal: true,
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:1/beta/officeConfiguration/clientConfigurations',
        headers: {},
        text,
      },
      response: { status: 201, body: '{}' },
    }),
  );
  return file;
}

describe('--target with more than the service root (run, replay)', () => {
  const SECRET = 'pa55-w0rd-xyz';
  test.each([
    ['run', `https://ops:${SECRET}@graph.example.test/beta`, /credentials/],
    ['run', 'https://graph.example.test/beta?$top=5', /query/],
    ['run', 'https://graph.example.test/beta#frag', /fragment/],
    ['replay', `http://ops:${SECRET}@127.0.0.1:9/beta`, /credentials/],
    ['replay', 'http://127.0.0.1:9/beta?api-version=2', /query/],
  ])('%s --target %s: exit 2, bad-target-url with a hint, the password never printed', async (cmd, target, why) => {
    const io = capture();
    const reportDir = join(root, 'out');
    const args =
      cmd === 'run'
        ? ['run', '--target', target, '--report-dir', reportDir]
        : ['replay', caseFile(), '--target', target];
    expect(await runCli(args, io)).toBe(2);
    expect(io.stderr()).toMatch(/^error \[bad-target-url\]: /);
    expect(io.stderr()).toMatch(why);
    expect(io.stderr()).toMatch(/\nhint: .*service root/);
    expect(io.stdout() + io.stderr()).not.toContain(SECRET);
    expect(existsSync(reportDir)).toBe(false);
  });
});

describe('--mutant with an unknown name (run, replay)', () => {
  test('run --mutant nope: exit 2, unknown-mutant, the known names in the hint, no report dir made', async () => {
    const io = capture();
    const reportDir = join(root, 'out');
    expect(await runCli(['run', '--mutant', 'nope', '--report-dir', reportDir], io)).toBe(2);
    expect(io.stderr()).toContain('error [unknown-mutant]: unknown mutant "nope"');
    expect(io.stderr()).not.toContain('bug in the suite');
    const hint =
      io
        .stderr()
        .split('\n')
        .find((l) => l.startsWith('hint: ')) ?? '';
    for (const name of MUTANT_NAMES) expect(hint).toContain(name);
    expect(existsSync(reportDir)).toBe(false);
  });

  test('replay --mutant nope: exit 2, unknown-mutant', async () => {
    const io = capture();
    expect(await runCli(['replay', caseFile(), '--mutant', 'nope'], io)).toBe(2);
    expect(io.stderr()).toContain('error [unknown-mutant]');
    expect(io.stderr()).not.toContain('bug in the suite');
  });

  test('startMutant itself refuses an unknown name with a SuiteError', async () => {
    const e: unknown = await startMutant('nope').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isSuiteError(e) && e.code).toBe('unknown-mutant');
    expect(isSuiteError(e) && e.hint).toContain(MUTANT_NAMES[0]);
  });
});

describe('--secret-header', () => {
  test('run --help lists it; a name no -H header has is exit 2, bad-header', async () => {
    const help = capture();
    expect(await runCli(['run', '--help'], help)).toBe(0);
    expect(help.stdout()).toContain('--secret-header <name>');
    const io = capture();
    expect(
      await runCli(
        ['run', '-H', 'X-Api-Secret: abc', '--secret-header', 'X-Other', '--report-dir', join(root, 'out')],
        io,
      ),
    ).toBe(2);
    expect(io.stderr()).toContain('error [bad-header]');
    expect(io.stderr()).toContain('hint:');
  });
});

describe('replay --help', () => {
  test('documents the three exit codes', async () => {
    const io = capture();
    expect(await runCli(['replay', '--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(/0\s+passes now/);
    expect(io.stdout()).toMatch(/1\s+still fails/);
    expect(io.stdout()).toMatch(/2\s+cannot tell/);
  });
});
