import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import type supertest from 'supertest';
import { Pool, type Dispatcher } from 'undici';
import type { ResponseRecord } from '../checks/types';
import { SuiteError } from './errors';

export interface OutgoingRequest {
  method: string;
  /** Path below the service root, e.g. /officeConfiguration/clientConfigurations. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * Only the status line and headers are wanted (a reachability probe): the answer settles as soon as they arrive,
   * with an empty body, and the rest is not read, so a large answer costs nothing.
   */
  statusOnly?: boolean;
}

/** How the engine reaches a target: a URL over HTTP(S), or an in-process app through supertest. */
export interface Transport {
  /** The service root, for reports and reproductions. */
  readonly root: string;
  send(req: OutgoingRequest): Promise<ResponseRecord>;
  close(): Promise<void>;
}

export interface HttpTransportOptions {
  timeoutMs: number;
  concurrency: number;
  maxResponseBytes: number;
  caFile?: string;
  insecure?: boolean;
}

function lowerHeaders(raw: http.IncomingHttpHeaders | Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A response that never came (timeout, reset, too large): status 0 and the reason. */
export function noResponse(reason: string, durationMs: number): ResponseRecord {
  return { status: 0, headers: {}, text: '', durationMs, error: reason };
}

function decode(buf: Buffer, encoding: string | undefined, cap: number): Buffer {
  const enc = (encoding ?? '').trim().toLowerCase();
  // maxOutputLength stops a compression bomb at the same cap as a plain body.
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(buf, { maxOutputLength: cap });
  if (enc === 'deflate') return zlib.inflateSync(buf, { maxOutputLength: cap });
  if (enc === 'br') return zlib.brotliDecompressSync(buf, { maxOutputLength: cap });
  return buf;
}

export function toRecord(
  status: number,
  headers: Record<string, string>,
  buf: Buffer,
  durationMs: number,
): ResponseRecord {
  const text = buf.toString('utf8');
  const json = parseJson(text);
  const rec: ResponseRecord = { status, headers, text, durationMs };
  if (json !== undefined) rec.json = json;
  return rec;
}

/** Why a request got no answer, from the error the client gave. */
function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const kind = err.code ?? (err.name && err.name !== 'Error' ? err.name : 'error');
  return `${kind}: ${err.message}`;
}

/** Paths that `new URL()` leaves as they are: unreserved characters and percent escapes, no dot segment. */
const PLAIN_PATH = /^(?:\/[\w\-.!~*'()%]*)+$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

const onTimeout = (pending: PendingRequest): void => pending.timeout();

/**
 * One request in flight, as undici's dispatch handler: collects the answer (only the final one after any 1xx), stops
 * at the body cap or the time limit, and settles once with a ResponseRecord. A class rather than closures: a request
 * costs one object instead of half a dozen functions.
 */
class PendingRequest implements Dispatcher.DispatchHandler {
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined;
  private timedOut = false;
  private status = 0;
  private headers: Record<string, string> = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (r: ResponseRecord) => void,
    private readonly timeoutMs: number,
    private readonly cap: number,
    private readonly statusOnly = false,
  ) {
    this.timer = setTimeout(onTimeout, timeoutMs, this);
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }

  private finish(r: ResponseRecord): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(r);
  }

  /** No answer: settle with status 0 and the reason, and drop the request if it is still going. */
  fail(reason: string): void {
    this.finish(noResponse(reason, this.elapsed()));
    if (this.controller && !this.controller.aborted) this.controller.abort(new Error(reason));
  }

  timeout(): void {
    this.timedOut = true;
    this.fail(`no complete answer within ${this.timeoutMs} ms`);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // undici may start a request again (a retry after its connection failed): nothing of an earlier try counts.
    this.controller = controller;
    this.status = 0;
    this.headers = {};
    this.chunks = [];
    this.size = 0;
    if (this.timedOut) controller.abort(new Error('timed out before it was sent'));
  }

  onResponseStart(
    _c: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // Called again after a 1xx answer: only the last (final) answer counts.
    this.status = statusCode;
    this.headers = lowerHeaders(headers);
    this.chunks = [];
    this.size = 0;
    if (this.statusOnly && statusCode >= 200) {
      this.finish({ status: statusCode, headers: this.headers, text: '', durationMs: this.elapsed() });
      if (this.controller && !this.controller.aborted) this.controller.abort(new Error('status only'));
    }
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.cap) return this.fail(`response body over ${this.cap} bytes; stopped reading`);
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const encoding = this.headers['content-encoding'];
    let buf: Buffer;
    try {
      const raw = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
      buf = decode(raw, encoding, this.cap);
    } catch (e) {
      return this.fail(`body could not be decoded (${encoding ?? ''}): ${(e as Error).message}`);
    }
    this.finish(toRecord(this.status, this.headers, buf, this.elapsed()));
  }

  onResponseError(_c: Dispatcher.DispatchController, e: Error): void {
    if (this.settled) return;
    this.fail(
      this.status === 0 ? reasonOf(e) : `the answer broke off after the headers (${this.status}): ${reasonOf(e)}`,
    );
  }
}

/**
 * Sends requests to a URL over keep-alive connections (an undici Pool of at most `concurrency` of them); never
 * follows redirects, never sends the token elsewhere. Every request has a total time limit (queueing, connecting,
 * headers and body together) and a cap on the body it reads, compressed or not.
 */
export class HttpTransport implements Transport {
  readonly root: string;
  private readonly base: URL;
  private readonly pool: Pool;

  constructor(
    root: string,
    private readonly opts: HttpTransportOptions,
  ) {
    let url: URL;
    try {
      url = new URL(root);
    } catch {
      throw new SuiteError(
        'bad-target-url',
        `--target "${root}" is not a URL`,
        'give the service root, e.g. --target http://127.0.0.1:8080/beta',
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SuiteError(
        'bad-target-url',
        `--target "${root}" is not http or https`,
        'give the service root, e.g. --target http://127.0.0.1:8080/beta',
      );
    }
    this.base = url;
    this.root = url.toString().replace(/\/$/, '');
    this.basePath = url.search || url.hash ? '' : url.pathname.replace(/\/$/, '');
    const connect: { ca?: Buffer; rejectUnauthorized?: boolean } = {};
    if (url.protocol === 'https:') {
      if (opts.caFile) {
        try {
          connect.ca = readFileSync(opts.caFile);
        } catch (e) {
          throw new SuiteError(
            'bad-ca-file',
            `--ca ${opts.caFile}: ${(e as Error).message}`,
            'give a PEM file with the CA that signed the target certificate',
          );
        }
      }
      if (opts.insecure) connect.rejectUnauthorized = false;
    }
    // undici's own header and body timeouts stay behind the total limit below (which says what happened); they are
    // only a backstop.
    const backstop = opts.timeoutMs * 2 + 1000;
    this.pool = new Pool(url.origin, {
      connections: Math.max(1, opts.concurrency),
      pipelining: 1,
      headersTimeout: backstop,
      bodyTimeout: backstop,
      connectTimeout: backstop,
      connect,
    });
  }

  url(path: string): string {
    return this.root + path;
  }

  /** The service root's path without its trailing slash, e.g. /beta ('' for a root at /). */
  private readonly basePath: string;

  /** Request targets (path and query) of the first few paths (the collection path is sent again and again). */
  private readonly paths = new Map<string, string>();

  /**
   * The request target for a path below the service root: what `new URL(root + path)` makes of it. A plain path
   * (PLAIN_PATH, no dot segment) under a root without a query needs no parsing: every read-back GET.
   */
  private pathOf(path: string): string {
    let target = this.paths.get(path);
    if (target !== undefined) return target;
    if ((this.basePath !== '' || this.root === this.base.origin) && PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path))
      return this.basePath + path;
    const url = new URL(this.root + path);
    target = url.pathname + url.search;
    if (this.paths.size < 16) this.paths.set(path, target);
    return target;
  }

  send(req: OutgoingRequest): Promise<ResponseRecord> {
    return new Promise<ResponseRecord>((resolve) => {
      const pending = new PendingRequest(resolve, this.opts.timeoutMs, this.opts.maxResponseBytes, req.statusOnly);
      try {
        this.pool.dispatch(
          {
            origin: this.base.origin,
            path: this.pathOf(req.path),
            method: req.method as Dispatcher.HttpMethod,
            headers: req.headers,
            body: req.body ?? null,
          },
          pending,
        );
      } catch (e) {
        pending.fail(reasonOf(e));
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  get host(): string {
    return this.base.host;
  }
}

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
