import type { Attempt, ResponseRecord } from '../checks/types';
import type { OutgoingRequest, Transport } from './transport';

/** How long the suite waits out a throttling target, and how often it asks again. */
export interface ThrottlePolicy {
  /** Total time the run may spend paused for throttling, in ms; past it the run stops as inconclusive. */
  maxWaitMs: number;
  /** Longest single pause, in ms: a larger Retry-After is capped to it (and the budget decides). */
  maxPauseMs: number;
  /** Sends of one request at most (the first and the retries). */
  maxTries: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { maxWaitMs: 60_000, maxPauseMs: 30_000, maxTries: 6 };

/** What throttling cost a run: results.json's `throttling`, shown by every report. */
export interface ThrottleStats {
  /** Answers that asked the suite to slow down (429, or 503 with Retry-After). */
  throttledResponses: number;
  /** Requests sent again after such an answer. */
  retries: number;
  /** Time the run stood paused, in ms (pauses of concurrent requests overlap and count once). */
  waitedMs: number;
  /** The wait budget ran out while the target still throttled: the run stopped there. */
  gaveUp: boolean;
}

/**
 * Whether an answer asks the client to come back later. Graph throttles with 429 and sometimes 503, both with
 * Retry-After (RFC 9110 10.2.3; RFC 6585 4 for 429). A 503 without Retry-After is a server error like any other 5xx,
 * judged by no-server-error.
 */
export function isThrottled(r: ResponseRecord): boolean {
  return r.status === 429 || (r.status === 503 && r.headers['retry-after'] !== undefined);
}

/** Requests in a row with no answer after which the run stops as inconclusive (the target stopped answering). */
export const NO_ANSWER_LIMIT = 5;

/** Retry-After as ms from `now`: delay-seconds or an HTTP-date (RFC 9110 10.2.3); undefined when unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A transport that honours throttling. Every request waits while the run is paused; a throttled answer pauses the
 * whole run (all workers: the target asked the client, not one request, to slow down) for its Retry-After (or 1, 2,
 * 4 ... s without one) and the request is sent again. The total pause has a budget: once it is spent the throttled
 * answer is returned as it came, `exhausted` turns true, and the engine ends the run as inconclusive.
 */
export class ThrottledTransport implements Transport {
  readonly stats: ThrottleStats = { throttledResponses: 0, retries: 0, waitedMs: 0, gaveUp: false };
  private pausedUntil = 0;
  /** Requests in a row that got no answer at all (status 0: timeout, reset, refused). */
  private noAnswerStreak = 0;
  /**
   * NO_ANSWER_LIMIT requests in a row got no answer: the target has stopped answering (or hangs on every request).
   * The run stops sending (`exhausted`), and every later request comes back at once as unanswered, not after a
   * timeout each: a hanging target costs NO_ANSWER_LIMIT timeouts per worker, not one per case or sequence.
   */
  silent = false;

  constructor(
    private readonly inner: Transport,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
  ) {}

  get root(): string {
    return this.inner.root;
  }

  get exhausted(): boolean {
    return this.stats.gaveUp || this.silent;
  }

  /** Extends the run's pause to `until` and counts the time added; false when that would exceed the budget. */
  private pause(ms: number): boolean {
    const now = this.clock.now();
    const until = now + ms;
    const added = Math.max(0, until - Math.max(now, this.pausedUntil));
    if (this.stats.waitedMs + added > this.policy.maxWaitMs) return false;
    this.stats.waitedMs += added;
    this.pausedUntil = Math.max(this.pausedUntil, until);
    return true;
  }

  private async waitIfPaused(): Promise<void> {
    const wait = this.pausedUntil - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
  }

  async send(req: OutgoingRequest): Promise<ResponseRecord> {
    const attempts: Attempt[] = [];
    if (this.silent)
      return { status: 0, headers: {}, text: '', durationMs: 0, error: 'not sent: the target stopped answering' };
    for (let tries = 1; ; tries++) {
      await this.waitIfPaused();
      const r = await this.inner.send(req);
      this.noAnswerStreak = r.status === 0 ? this.noAnswerStreak + 1 : 0;
      if (this.noAnswerStreak >= NO_ANSWER_LIMIT) this.silent = true;
      if (!isThrottled(r)) {
        if (attempts.length > 0) r.attempts = attempts;
        return r;
      }
      this.stats.throttledResponses++;
      const asked = retryAfterMs(r.headers['retry-after']);
      const ms = Math.min(asked ?? 1000 * 2 ** Math.min(attempts.length, 5), this.policy.maxPauseMs);
      if (this.stats.gaveUp || tries >= this.policy.maxTries || !this.pause(ms)) {
        this.stats.gaveUp = true;
        if (attempts.length > 0) r.attempts = attempts;
        return r;
      }
      const a: Attempt = { status: r.status, waitedMs: ms };
      if (r.headers['retry-after'] !== undefined) a.retryAfter = r.headers['retry-after'];
      attempts.push(a);
      this.stats.retries++;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
