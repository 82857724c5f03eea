/**
 * The HTTP client alone, without the suite around it: CPU time per request of this process while it sends the
 * bench's request mix (POST a valid body, GET what it created, POST an invalid body) to the server in its own
 * process, `concurrency` chains at a time. Two clients: Node's `node:http` with a keep-alive Agent (what the suite's
 * transport used before undici) and the suite's own HttpTransport (an undici Pool). CPU time, not wall time: it says
 * what each request costs the sender, which is what limits the suite on a machine it shares with its target.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { COLLECTION_PATH } from '../engine/run';
import { HttpTransport } from '../engine/transport';
import { BENCH_TOKEN } from './support';

export interface ClientFigure {
  client: string;
  requests: number;
  /** CPU time of this process (user + system) per request, in microseconds. */
  cpuMicrosPerRequest: number;
  requestsPerSecond: number;
}

type Send = (method: string, path: string, body?: string) => Promise<{ status: number; text: string }>;

const headers = (withBody: boolean): Record<string, string> => ({
  accept: 'application/json',
  authorization: `Bearer ${BENCH_TOKEN}`,
  ...(withBody ? { 'content-type': 'application/json' } : {}),
});

function nodeHttp(root: string, concurrency: number): { send: Send; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(root);
  const send: Send = (method, path, body) =>
    new Promise((resolve, reject) => {
      const h = headers(body !== undefined);
      if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
      const req = http.request(
        {
          hostname: base.hostname,
          port: base.port,
          path: base.pathname.replace(/\/$/, '') + path,
          method,
          headers: h,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

function suiteTransport(root: string, concurrency: number): { send: Send; close: () => Promise<void> } {
  const t = new HttpTransport(root, { timeoutMs: 10_000, concurrency, maxResponseBytes: 4 * 1024 * 1024 });
  const send: Send = async (method, path, body) => {
    const r = await t.send({
      method,
      path,
      headers: headers(body !== undefined),
      ...(body !== undefined ? { body } : {}),
    });
    if (r.status === 0) throw new Error(`bench client: no answer (${r.error ?? '?'})`);
    return r;
  };
  return { send, close: () => t.close() };
}

/** Sends `requests` requests of the mix over `send`, `concurrency` chains at a time; CPU and wall time. */
async function measure(
  client: string,
  send: Send,
  pool: Array<{ valid: string; invalid: string }>,
  requests: number,
  concurrency: number,
): Promise<ClientFigure> {
  let sent = 0;
  let next = 0;
  const chain = async (): Promise<void> => {
    while (sent < requests) {
      const bodies = pool[next++ % pool.length] as { valid: string; invalid: string };
      sent += 3;
      const created = await send('POST', COLLECTION_PATH, bodies.valid);
      const id = (JSON.parse(created.text) as { id?: unknown }).id;
      if (typeof id !== 'string') throw new Error(`bench client: the create answered ${created.status} without an id`);
      await send('GET', `${COLLECTION_PATH}/${encodeURIComponent(id)}`);
      await send('POST', COLLECTION_PATH, bodies.invalid);
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, chain));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    client,
    requests: sent,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / sent,
    requestsPerSecond: (sent / ms) * 1000,
  };
}

/**
 * Each client in turn, `rounds` times (the first round of each also warms its JIT and is dropped), against a server
 * whose store `reset` empties before every measurement. Returns every kept measurement.
 */
export async function clientFigures(
  root: string,
  reset: () => Promise<void>,
  pool: Array<{ valid: string; invalid: string }>,
  requests: number,
  concurrency: number,
  rounds: number,
): Promise<ClientFigure[]> {
  const node = nodeHttp(root, concurrency);
  const suite = suiteTransport(root, concurrency);
  const kept: ClientFigure[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const [name, send] of [
        ['node:http (keep-alive Agent)', node.send],
        ['suite transport (undici Pool)', suite.send],
      ] as const) {
        await reset();
        const figure = await measure(name, send, pool, round === 0 ? Math.min(requests, 6000) : requests, concurrency);
        if (round > 0) kept.push(figure);
      }
    }
  } finally {
    node.close();
    await suite.close();
  }
  return kept;
}
