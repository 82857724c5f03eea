/** One HTTP request in flight through undici, with a total time limit and a body cap. */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { ResponseRecord } from '../checks/types';
import { decode, lowerHeaders, noResponse, reasonOf, toRecord } from './records';

const onTimeout = (pending: PendingRequest): void => pending.timeout();

/**
 * One request in flight, as undici's dispatch handler: collects the answer (only the final one after any 1xx), stops
 * at the body cap or the time limit, and settles once with a ResponseRecord. A class rather than closures: a request
 * costs one object instead of half a dozen functions.
 */
export class PendingRequest implements Dispatcher.DispatchHandler {
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
