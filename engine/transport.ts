import { readFileSync } from 'node:fs';
import { Pool, type Dispatcher } from 'undici';
import type { ResponseRecord } from '../checks/types';
import { SuiteError } from './errors';
import { PendingRequest } from './pending';
import { reasonOf } from './records';

export { lowerHeaders, noResponse, toRecord } from './records';

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

/** Paths that `new URL()` leaves as they are: unreserved characters and percent escapes, no dot segment. */
const PLAIN_PATH = /^(?:\/[\w\-.!~*'()%]*)+$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

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
