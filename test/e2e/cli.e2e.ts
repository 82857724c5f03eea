import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

/** Runs the CLI the way a user does (`npm run conformance -- ...` is `tsx cli/main.ts ...`). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [resolve(ROOT, 'bin/conformance.js'), ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('conformance CLI (as a process)', () => {
  test('--help lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('derive');
  });

  // The default docs folder is ../shared/graph-docs beside the clone; a clone elsewhere has none, and then the
  // command must say so (exit 2 with a hint) rather than pass or crash.
  const docsBeside = existsSync(resolve(ROOT, '..', 'shared', 'graph-docs'));

  test('derive --check: up to date against the docs beside the clone, or a clear error without them', async () => {
    const r = await cli(['derive', '--check']);
    if (docsBeside) {
      expect(r.stdout).toContain('specs are up to date');
      expect(r.code).toBe(0);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('docs folder not found');
      expect(r.stderr).toContain('hint:');
    }
  });

  test('an unknown command exits 2 with a hint and no stack trace', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('derive on a missing folder exits 2 with the folder and a hint', async () => {
    const r = await cli(['derive', '--docs', '/no/such/docs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/no/such/docs');
    expect(r.stderr).toContain('hint:');
  });
});
