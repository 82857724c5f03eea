/** An in-process target: an app module or a server, driven through supertest over a loopback port. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type supertest from 'supertest';
import type { ResponseRecord } from '../checks/types';
import { lowerHeaders, noResponse, toRecord } from './records';
import type { OutgoingRequest, Transport } from './transport';

/** What an --app module may export: a request handler, an http.Server, or an object with callback() (Koa). */
export type AppLike = http.RequestListener | http.Server | { callback: () => http.RequestListener };

export function toServer(app: unknown): http.Server | undefined {
  if (app instanceof http.Server) return app;
  if (typeof app === 'function') return http.createServer(app as http.RequestListener);
  if (app && typeof app === 'object') {
    const o = app as Record<string, unknown>;
    if (typeof o['callback'] === 'function') return http.createServer((o['callback'] as () => http.RequestListener)());
    if ('default' in o) return toServer(o['default']);
    if (typeof o['handler'] === 'function') return http.createServer(o['handler'] as http.RequestListener);
  }
  return undefined;
}

/**
 * Drives an in-process app through supertest. The app runs inside the suite's process; supertest reaches it over a
 * loopback port that this transport opens on 127.0.0.1 and closes at the end, through keep-alive connections (at
 * most `concurrency` of them), as HttpTransport does, rather than a new connection per request.
 */
export class AppTransport implements Transport {
  readonly root: string;
  private listening: Promise<void>;
  private readonly agent: http.Agent;
  /** supertest bound to the server once; each request is a Test made from it. */
  private readonly client: ReturnType<typeof supertest>;

  constructor(
    private readonly server: http.Server,
    label: string,
    private readonly opts: { timeoutMs: number; maxResponseBytes: number; concurrency?: number },
  ) {
    this.root = `app:${label}`;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, opts.concurrency ?? 8) });
    // supertest (with superagent, formidable, qs) is loaded only when an in-process target is used: a URL run does not
    // pay for it at start-up.
    const load = require('supertest') as typeof supertest;
    this.client = load(server);
    this.listening = server.listening
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve());
        });
  }

  async send(req: OutgoingRequest): Promise<ResponseRecord> {
    await this.listening;
    const started = performance.now();
    const method = req.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put';
    let test = this.client[method](req.path).agent(this.agent).timeout(this.opts.timeoutMs).buffer(true);
    for (const [k, v] of Object.entries(req.headers)) test = test.set(k, v);
    const cap = this.opts.maxResponseBytes;
    test = test.parse((res, cb) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= cap) chunks.push(c);
      });
      res.on('end', () => cb(null, size > cap ? null : Buffer.concat(chunks)));
    });
    if (req.body !== undefined) test = test.send(req.body);
    try {
      const res = await test.ok(() => true);
      const body = res.body as Buffer | null;
      if (body === null)
        return noResponse(`response body over ${cap} bytes; stopped reading`, performance.now() - started);
      return toRecord(
        res.status,
        lowerHeaders(res.headers as Record<string, unknown>),
        Buffer.isBuffer(body) ? body : Buffer.from(''),
        performance.now() - started,
      );
    } catch (e) {
      return noResponse((e as Error).message, performance.now() - started);
    }
  }

  close(): Promise<void> {
    this.agent.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
