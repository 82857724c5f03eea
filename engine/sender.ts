/**
 * Turning a case into an exchange: the POST, the read-back GET (sent again while a 404 may be replication delay),
 * and, once per run, the GET of the Location header. One Sender per run; it keeps what waiting on read-backs cost.
 */
import {
  asObject,
  isSuccess,
  type Attempt,
  type CaseKind,
  type Exchange,
  type RequestRecord,
  type ResponseRecord,
} from '../checks/types';
import type { InvalidCase } from '../generators/types';
import type { CreatedLedger } from './cleanup';
import { COLLECTION_PATH, DEFAULTS, PERSISTENT_404_LIMIT, type RunOptions } from './options';
import { WRONG_TOKEN } from './reproduce';
import type { Transport } from './transport';

export class Sender {
  /** Whether a Location header was followed yet (once per run). */
  private locationFollowed = false;
  /** What waiting on read-backs cost: results.json's readBackRetries (and `persistent`, which stops the waiting). */
  readonly readBacks = { retried: 0, healed: 0, waitedMs: 0, persistent: 0 };
  /** Priorities of creates of this run that were stored (2xx), and of those still waiting for their answer: count. */
  private readonly storedPriorities = new Set<number>();
  private readonly pendingPriorities = new Map<number, number>();
  /** The -H headers with lower-case names, computed once. */
  private readonly extraHeaders: Record<string, string>;

  constructor(
    private readonly opts: RunOptions,
    private readonly transport: Transport,
    /** Waits for the rate limit (--rate-limit); undefined without one. */
    private readonly pace: (() => Promise<void>) | undefined,
    /** Epoch ms the run started: part of the client-chosen id, so it is new in every run. */
    private readonly startedAt: number,
    /** Where every create's answer is recorded, so the run deletes what it made (engine/cleanup.ts). */
    private readonly ledger?: CreatedLedger,
  ) {
    this.extraHeaders = {};
    for (const [k, v] of Object.entries(opts.headers)) this.extraHeaders[k.toLowerCase()] = v;
  }

  headers(withBody: boolean, auth: 'token' | 'none' | 'wrong' = 'token'): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...this.extraHeaders };
    if (withBody) h['content-type'] = 'application/json';
    if (auth === 'token' && this.opts.token) h['authorization'] = `Bearer ${this.opts.token}`;
    if (auth === 'wrong') h['authorization'] = `Bearer ${WRONG_TOKEN}`;
    if (auth === 'none') delete h['authorization'];
    return h;
  }

  record(method: string, path: string, headers: Record<string, string>, text?: string, body?: unknown): RequestRecord {
    const rec: RequestRecord = { method, url: this.transport.root + path, headers };
    if (text !== undefined) rec.text = text;
    if (body !== undefined) rec.body = body;
    return rec;
  }

  /** One case: POST the body; after a success with an id, GET the entity back. */
  async send(kind: CaseKind, caseId: string, body: unknown, raw?: string): Promise<Exchange> {
    const text = raw ?? JSON.stringify(body);
    const auth = kind === 'auth-missing' ? 'none' : kind === 'auth-wrong' ? 'wrong' : 'token';
    const headers = this.headers(true, auth);
    if (this.pace) await this.pace();
    // Every create that may be stored counts (client-id cases, bodies a lenient server accepts), not only the valid.
    const priority = asObject(body)?.['priority'];
    const tracked = typeof priority === 'number' ? priority : undefined;
    const taken = tracked !== undefined && (this.storedPriorities.has(tracked) || this.pendingPriorities.has(tracked));
    if (tracked !== undefined) this.pendingPriorities.set(tracked, (this.pendingPriorities.get(tracked) ?? 0) + 1);
    const response = await this.transport.send({ method: 'POST', path: COLLECTION_PATH, headers, body: text });
    if (tracked !== undefined) this.settlePriority(tracked, isSuccess(response.status));
    this.ledger?.answered(response);
    const ex: Exchange = {
      caseId,
      kind,
      request: this.record('POST', COLLECTION_PATH, headers, text, raw === undefined ? body : undefined),
      response,
    };
    if (kind === 'valid' && taken && response.status === 409) ex.priorityClash = true;
    const id = asObject(response.json)?.['id'];
    if (kind === 'valid' && isSuccess(response.status) && typeof id === 'string' && id !== '') {
      const path = `${COLLECTION_PATH}/${encodeURIComponent(id)}`;
      const getHeaders = this.headers(false);
      ex.readBack = { request: this.record('GET', path, getHeaders), response: await this.readBack(path, getHeaders) };
      const location = response.headers['location'];
      if (location !== undefined && !this.locationFollowed) {
        const below = this.belowRoot(location, ex.request.url);
        if (below !== undefined) {
          this.locationFollowed = true;
          const got = await this.readBack(below, getHeaders);
          ex.locationRead = { request: this.record('GET', below, getHeaders), response: got };
        }
      }
    }
    return ex;
  }

  /** A create's answer came: its priority is no longer in flight, and is stored if the create succeeded. */
  private settlePriority(priority: number, stored: boolean): void {
    const n = (this.pendingPriorities.get(priority) ?? 1) - 1;
    if (n > 0) this.pendingPriorities.set(priority, n);
    else this.pendingPriorities.delete(priority);
    if (stored) this.storedPriorities.add(priority);
  }

  /**
   * The read-back GET. A 404 is sent again with backoff (250 ms, doubling) for up to readBackWaitMs, since a read
   * right after a write may miss it while the service replicates; the earlier 404s stay on the record as attempts.
   * After PERSISTENT_404_LIMIT read-backs whose 404 outlasted the whole wait, the run stops waiting: that is a fault.
   */
  private async readBack(path: string, headers: Record<string, string>): Promise<ResponseRecord> {
    const limit = this.opts.readBackWaitMs ?? DEFAULTS.readBackWaitMs;
    let waited = 0;
    const attempts: Attempt[] = [];
    for (let pause = 250; ; pause *= 2) {
      if (this.pace) await this.pace();
      const got = await this.transport.send({ method: 'GET', path, headers });
      if (got.status !== 404 || this.readBacks.persistent >= PERSISTENT_404_LIMIT || limit <= 0) {
        if (attempts.length > 0) {
          got.attempts = [...attempts, ...(got.attempts ?? [])];
          if (isSuccess(got.status)) this.readBacks.healed++;
        }
        return got;
      }
      if (waited >= limit) {
        this.readBacks.persistent++;
        got.attempts = [...attempts, ...(got.attempts ?? [])];
        return got;
      }
      const ms = Math.min(pause, limit - waited);
      if (attempts.length === 0) this.readBacks.retried++;
      attempts.push({ status: got.status, waitedMs: ms });
      waited += ms;
      this.readBacks.waitedMs += ms;
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  /**
   * A Location header as a path below the service root (for transport.send), or undefined when it points elsewhere:
   * another origin or outside the root is never sent the token (location-header judges its form).
   */
  belowRoot(location: string, requestUrl: string): string | undefined {
    const app = this.transport.root.startsWith('app:');
    let url: URL;
    let root: URL;
    try {
      // An in-process app has no URL of its own: its paths resolve against a stand-in origin.
      url = new URL(location, app ? `http://app.invalid${requestUrl.slice(this.transport.root.length)}` : requestUrl);
      root = new URL(app ? 'http://app.invalid' : this.transport.root);
    } catch {
      return undefined;
    }
    // An in-process app gets every request whatever host the Location names: only the path counts.
    if (app) return url.pathname + url.search;
    if (url.origin !== root.origin) return undefined;
    const base = root.pathname.replace(/\/$/, '');
    if (!url.pathname.startsWith(`${base}/`)) return undefined;
    return url.pathname.slice(base.length) + url.search;
  }

  /**
   * The client-id case: valid body 0 with an `id` the client chose (unique to this run), to see what the server makes
   * of a key the docs let the server assign.
   */
  async clientId(value: unknown): Promise<Exchange> {
    const id = `conformance-client-id-${this.opts.seed}-${this.startedAt.toString(36)}`;
    const body = { ...(asObject(value) ?? {}), id };
    const ex = await this.send('client-id', 'client-id', body);
    ex.clientId = id;
    return ex;
  }

  /** An invalid case: its body (or raw text) sent like any other, the exchange tagged with the rule it breaks. */
  async invalid(caseId: string, inv: InvalidCase): Promise<Exchange> {
    const ex = await this.send('invalid', caseId, inv.body, inv.raw);
    ex.invalid = { rule: inv.rule, pointer: inv.pointer, expectation: inv.expectation };
    if (inv.leniency) ex.invalid.leniency = inv.leniency;
    return ex;
  }
}
