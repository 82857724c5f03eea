import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../engine/events';
import { ndjsonReporter } from './files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ndjson-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const caseEvent = (i: number): RunEvent => ({
  type: 'case',
  at: new Date(1_700_000_000_000 + i).toISOString(),
  caseId: `v${i}`,
  kind: 'valid',
  path: `valid:${i}`,
  status: 201,
  durationMs: 1.5,
  failed: [],
  judged: ['status-201', 'echo-fields'],
  done: i + 1,
  total: 10_000,
});
const shrink: RunEvent = {
  type: 'shrink',
  at: '2024-01-01T00:00:00.000Z',
  checkId: 'echo-fields',
  phase: 'started',
  requests: 0,
};
const lines = (): string[] =>
  readFileSync(join(dir, 'events.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('ndjsonReporter', () => {
  test('every event, one JSON line each, in order, across many chunks', async () => {
    const r = ndjsonReporter(dir, { chunkChars: 4096 });
    const events: RunEvent[] = [];
    for (let i = 0; i < 5000; i++) {
      const e = i === 2500 ? shrink : caseEvent(i);
      events.push(e);
      await r.onEvent?.(e);
    }
    await r.close?.();
    expect(lines()).toEqual(events.map((e) => JSON.stringify(e)));
  });

  test('a chunk that is not full is written after flushMs, without waiting for the end', async () => {
    const r = ndjsonReporter(dir, { flushMs: 20 });
    await r.onEvent?.(caseEvent(0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines()).toEqual([JSON.stringify(caseEvent(0))]);
    await r.close?.();
  });

  test('an event other than a case is written at once, with the cases before it', async () => {
    const r = ndjsonReporter(dir, { flushMs: 60_000 });
    await r.onEvent?.(caseEvent(0));
    await r.onEvent?.(shrink);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines()).toEqual([JSON.stringify(caseEvent(0)), JSON.stringify(shrink)]);
    await r.close?.();
  });

  test('when the file falls behind, onEvent returns a promise that settles once it drained', async () => {
    const r = ndjsonReporter(dir, { chunkChars: 64 });
    let waited = 0;
    for (let i = 0; i < 2000; i++) {
      const pending = r.onEvent?.(caseEvent(i));
      if (pending) {
        waited++;
        await pending;
      }
    }
    await r.close?.();
    expect(waited).toBeGreaterThan(0);
    expect(lines()).toHaveLength(2000);
  });
});
