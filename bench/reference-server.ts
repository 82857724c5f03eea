/**
 * The benchmark's target: the reference implementation in a process of its own (forked by bench/support.ts), so the
 * suite under measurement and the server never share an event loop. Bound to 127.0.0.1 on an ephemeral port.
 *
 * Talks to its parent over IPC only:
 * - sends `{type: 'listening', url}` once it listens;
 * - `{type: 'reset'}`: a fresh store (the reference keeps every created entity; a reset keeps one phase's entities
 *   from weighing on the next), the request counter and the first-request time cleared; answers `{type: 'reset'}`;
 * - `{type: 'stats'}`: answers `{type: 'stats', requests, firstRequestAt, rss}` (firstRequestAt in epoch ms,
 *   performance.timeOrigin + performance.now(), so the parent can compare it with its own clock);
 * - `{type: 'stop'}`, or the parent going away: closes every connection and exits.
 */
import type { RequestListener } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createReferenceHandler } from '../targets/reference/handler';
import { startServer } from '../targets/reference/server';

type Message = { type: 'reset' } | { type: 'stats' } | { type: 'stop' };

const token = process.env['BENCH_REFERENCE_TOKEN'] || undefined;
const fresh = (): RequestListener => createReferenceHandler(token === undefined ? {} : { token });
let handler = fresh();
let requests = 0;
let firstRequestAt: number | undefined;

const listener: RequestListener = (req, res) => {
  if (firstRequestAt === undefined) firstRequestAt = performance.timeOrigin + performance.now();
  requests++;
  handler(req, res);
};

function send(message: object): void {
  if (process.connected) process.send?.(message);
}

async function main(): Promise<void> {
  const server = await startServer(listener, { host: '127.0.0.1', port: 0 });
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('message', (m: Message) => {
    if (m.type === 'reset') {
      handler = fresh();
      requests = 0;
      firstRequestAt = undefined;
      send({ type: 'reset' });
    } else if (m.type === 'stats') {
      send({ type: 'stats', requests, firstRequestAt, rss: process.memoryUsage().rss });
    } else if (m.type === 'stop') stop();
  });
  process.on('disconnect', stop);
  send({ type: 'listening', url: server.url });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench server: ${String(e)}\n`);
  process.exit(1);
});
