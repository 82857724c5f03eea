import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { COLLECTION, exampleBody } from '../../targets/testing';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const BIN = resolve(ROOT, 'bin/conformance.js');

interface Served {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  // Only the children this file started, and only those still running (a failed test may leave one).
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Starts `conformance serve ...` and resolves once it printed its URL line. */
function startServe(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolveServed, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 30 s; stderr: ${err}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolveServed({
        child,
        url: out.slice(0, nl).trim(),
        stdout: () => out,
        stderr: () => err,
        stop: () => {
          child.kill('SIGTERM');
          return exited(child);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${String(code)} before printing its URL; stderr: ${err}`));
    });
  });
}

/** Runs the CLI to completion. */
function runToEnd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return exited(child).then((code) => ({ code, stdout, stderr }));
}

const post = (url: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}${COLLECTION}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(exampleBody()),
  });

describe('conformance serve (as a process)', () => {
  test('serves the reference on 127.0.0.1, prints only the URL on stdout, stops cleanly on SIGTERM', async () => {
    const s = await startServe(['--port', '0']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(s.url);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('location')).toBe(`${s.url}${COLLECTION}/${body['id'] as string}`);
    expect(body['@odata.type']).toBe('#microsoft.graph.windowsOfficeClientConfiguration');
    expect(await s.stop()).toBe(0);
    expect(s.stdout().trim()).toBe(s.url);
  });

  test('--token requires the bearer token and is never printed; --base-path moves the service root', async () => {
    const token = 'e2e-secret-token-value';
    const s = await startServe(['--port', '0', '--token', token, '--base-path', '/beta']);
    expect(s.url).toMatch(/\/beta$/);
    expect((await post(s.url)).status).toBe(401);
    expect((await post(s.url, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(s.url, { authorization: `Bearer ${token}` })).status).toBe(201);
    expect(await s.stop()).toBe(0);
    expect(s.stdout() + s.stderr()).not.toContain(token);
  });

  test('--mutant serves a mutant instead of the reference', async () => {
    const s = await startServe(['--mutant', 'create-answers-201']);
    expect((await post(s.url)).status).toBe(200);
    expect(await s.stop()).toBe(0);
  });

  test('--list-mutants lists every mutant and exits 0', async () => {
    const r = await runToEnd(['serve', '--list-mutants']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('create-answers-201');
    expect(r.stdout).toContain('breaks status-201');
  });

  test('a non-numeric --port exits 2 with a hint and no stack trace', async () => {
    const r = await runToEnd(['serve', '--port', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown --mutant exits 2 with a hint naming --list-mutants', async () => {
    const r = await runToEnd(['serve', '--mutant', 'no-such-mutant']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-mutant');
    expect(r.stderr).toMatch(/hint: .*--list-mutants/);
  });
});
