import { runChild, startChild } from './child';

const node = (script: string, extra: Partial<Parameters<typeof runChild>[0]> = {}) =>
  runChild({ command: process.execPath, args: ['-e', script], timeoutMs: 10_000, ...extra });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('child processes', () => {
  test('a child that exits: its code, stdout, stderr and both in order', async () => {
    const r = await node(
      "process.stdout.write('out1 '); setTimeout(() => { process.stderr.write('err é '); setTimeout(() => { process.stdout.write('out2'); process.exit(3); }, 20); }, 20);",
    );
    expect(r).toMatchObject({ code: 3, signal: null, timedOut: false, truncated: false });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe('out1 out2');
    expect(r.stderr).toBe('err é ');
    expect(r.output).toBe('out1 err é out2');
    expect(r.durationMs).toBeGreaterThan(0);
    expect(r.startedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  test('cwd and env reach the child', async () => {
    const r = await node('process.stdout.write(process.cwd() + "|" + process.env.CHILD_TEST_VALUE)', {
      cwd: __dirname,
      env: { ...process.env, CHILD_TEST_VALUE: 'yes' },
    });
    expect(r.stdout).toBe(`${__dirname}|yes`);
  });

  test('a child still running at the limit is killed with SIGKILL, even one that ignores SIGTERM', async () => {
    const started = Date.now();
    const { child, result } = startChild({
      command: process.execPath,
      args: ['-e', "process.on('SIGTERM', () => {}); process.stdout.write('started'); setInterval(() => {}, 1000);"],
      timeoutMs: 500,
    });
    const r = await result;
    expect(r).toMatchObject({ code: null, signal: 'SIGKILL', timedOut: true, stdout: 'started' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(alive(child.pid as number)).toBe(false);
  });

  test('the limit settles the result even when a grandchild keeps the pipes open', async () => {
    // The child starts a grandchild that inherits its stdout and outlives it: only the child's PID is killed.
    const script =
      "const { spawn } = require('node:child_process');" +
      "const g = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: ['ignore', 'inherit', 'inherit'] });" +
      'process.stdout.write(String(g.pid)); setInterval(() => {}, 1000);';
    const r = await node(script, { timeoutMs: 1000 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    const grandchild = Number(r.stdout);
    expect(alive(grandchild)).toBe(true);
    process.kill(grandchild, 'SIGKILL');
  });

  test('output beyond the cap is dropped, per stream and together', async () => {
    const r = await node("process.stdout.write('a'.repeat(100000)); process.stderr.write('b'.repeat(100000));", {
      maxOutput: 1000,
    });
    expect(r.code).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.stdout).toBe('a'.repeat(1000));
    expect(r.stderr).toBe('b'.repeat(1000));
    expect(r.output).toHaveLength(1000);
  });

  test('a command that cannot start gives its error, not an exception', async () => {
    const r = await runChild({ command: '/nonexistent/child-test-binary', args: [], timeoutMs: 5000 });
    expect(r.error?.message).toMatch(/ENOENT/);
    expect(r.timedOut).toBe(false);
    expect(r.code).not.toBe(0);
  });

  test('ipc: a message each way', async () => {
    const { child, result } = startChild({
      command: process.execPath,
      args: ['-e', "process.once('message', (m) => process.send({ echo: m }, () => process.exit(0)));"],
      timeoutMs: 10_000,
      ipc: true,
    });
    const replies: unknown[] = [];
    child.on('message', (m) => replies.push(m));
    child.send({ hello: 1 });
    const r = await result;
    expect(r.code).toBe(0);
    expect(replies).toEqual([{ echo: { hello: 1 } }]);
  });
});
