import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter, RunEvent } from '../../engine/events';
import { REDACTED } from '../../engine/redact';
import { runCli } from '../program';
import { redacting } from './run';

const SECRET = 'secret-token-0123456789';

const errorEvent = (message: string): RunEvent => ({
  type: 'error',
  at: '2026-01-01T00:00:00.000Z',
  error: { code: 'x', message },
});

describe('redacting()', () => {
  test('every reporter sees each event with the secrets replaced, in order', async () => {
    const seen: Array<[string, RunEvent]> = [];
    const reporter = (name: string): Reporter => ({ onEvent: (e) => void seen.push([name, e]) });
    const [a, b] = redacting([reporter('a'), reporter('b')], [SECRET]);
    const first = errorEvent(`echoed ${SECRET}`);
    const second = errorEvent(`again ${SECRET}!`);
    for (const e of [first, second]) {
      await a?.onEvent?.(e);
      await b?.onEvent?.(e);
    }
    expect(seen.map(([name, e]) => [name, e.type === 'error' ? e.error.message : ''])).toEqual([
      ['a', `echoed ${REDACTED}`],
      ['b', `echoed ${REDACTED}`],
      ['a', `again ${REDACTED}!`],
      ['b', `again ${REDACTED}!`],
    ]);
    expect(JSON.stringify(seen)).not.toContain(SECRET);
  });

  test('an event object passed again after another one is redacted again, not served from the last one', async () => {
    const seen: RunEvent[] = [];
    const [r] = redacting([{ onEvent: (e) => void seen.push(e) }], [SECRET]);
    const x = errorEvent(`x ${SECRET}`);
    const y = errorEvent('y');
    for (const e of [x, y, x]) await r?.onEvent?.(e);
    expect(seen.map((e) => (e.type === 'error' ? e.error.message : ''))).toEqual([
      `x ${REDACTED}`,
      'y',
      `x ${REDACTED}`,
    ]);
  });

  test('close is passed through; a reporter without onEvent gets none', async () => {
    let closed = 0;
    const [r] = redacting([{ close: () => void closed++ }], [SECRET]);
    expect(r?.onEvent).toBeUndefined();
    await r?.close?.();
    expect(closed).toBe(1);
  });
});

describe('a token given as a flag', () => {
  const runWith = async (args: string[], env: Record<string, string | undefined>) => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-token-warning-'));
    const saved = process.env['GRAPH_TOKEN'];
    const err: string[] = [];
    try {
      if (env['GRAPH_TOKEN'] === undefined) delete process.env['GRAPH_TOKEN'];
      else process.env['GRAPH_TOKEN'] = env['GRAPH_TOKEN'];
      const code = await runCli(['run', '--runs', '2', '--report-dir', dir, ...args], {
        out: () => undefined,
        err: (l) => err.push(l),
      });
      return { code, warnings: err.filter((l) => l.startsWith('warning: --token')) };
    } finally {
      if (saved === undefined) delete process.env['GRAPH_TOKEN'];
      else process.env['GRAPH_TOKEN'] = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test('--token prints one warning naming ps and GRAPH_TOKEN; GRAPH_TOKEN prints none', async () => {
    const flag = await runWith(['--token', 'flag-token-1234'], {});
    expect(flag.code).toBe(0);
    expect(flag.warnings).toEqual([
      "warning: --token puts the secret in this process's arguments, where `ps` shows it to other users of the machine; set GRAPH_TOKEN instead",
    ]);
    const viaEnv = await runWith([], { GRAPH_TOKEN: 'env-token-1234' });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.warnings).toEqual([]);
  });
});
