import type { ResponseRecord } from '../checks/types';
import { isThrottled, retryAfterMs, ThrottledTransport } from './throttle';
import type { OutgoingRequest, Transport } from './transport';

const answer = (status: number, headers: Record<string, string> = {}): ResponseRecord => ({
  status,
  headers,
  text: '',
  durationMs: 1,
});

/** A transport that answers from a script, and a clock that only moves when the transport sleeps. */
function scripted(answers: ResponseRecord[]): { inner: Transport; sent: () => number } {
  let i = 0;
  const inner: Transport = {
    root: 'http://t.invalid',
    send: (_req: OutgoingRequest) => Promise.resolve(answers[Math.min(i++, answers.length - 1)] as ResponseRecord),
    close: () => Promise.resolve(),
  };
  return { inner, sent: () => i };
}

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const req: OutgoingRequest = { method: 'POST', path: '/x', headers: {} };

describe('Retry-After', () => {
  test('delay-seconds and HTTP-date forms (RFC 9110 10.2.3); anything else is unreadable', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  test('429 is throttling; 503 only with Retry-After', () => {
    expect(isThrottled(answer(429))).toBe(true);
    expect(isThrottled(answer(503, { 'retry-after': '1' }))).toBe(true);
    expect(isThrottled(answer(503))).toBe(false);
    expect(isThrottled(answer(500, { 'retry-after': '1' }))).toBe(false);
  });
});

describe('ThrottledTransport', () => {
  test('waits Retry-After, sends again, and keeps the throttled answers as attempts', async () => {
    const { inner, sent } = scripted([answer(429, { 'retry-after': '2' }), answer(201)]);
    const clock = fakeClock();
    const t = new ThrottledTransport(inner, { maxWaitMs: 10_000, maxPauseMs: 30_000, maxTries: 6 }, clock);
    const r = await t.send(req);
    expect(r.status).toBe(201);
    expect(sent()).toBe(2);
    expect(clock.slept).toEqual([2000]);
    expect(r.attempts).toEqual([{ status: 429, waitedMs: 2000, retryAfter: '2' }]);
    expect(t.stats).toEqual({ throttledResponses: 1, retries: 1, waitedMs: 2000, gaveUp: false });
  });

  test('without Retry-After a 429 backs off 1, 2, 4 s', async () => {
    const { inner } = scripted([answer(429), answer(429), answer(429), answer(200)]);
    const clock = fakeClock();
    const t = new ThrottledTransport(inner, { maxWaitMs: 60_000, maxPauseMs: 30_000, maxTries: 6 }, clock);
    expect((await t.send(req)).status).toBe(200);
    expect(clock.slept).toEqual([1000, 2000, 4000]);
  });

  test('past the wait budget the throttled answer is returned and the transport is exhausted', async () => {
    const { inner, sent } = scripted([answer(429, { 'retry-after': '5' })]);
    const clock = fakeClock();
    const t = new ThrottledTransport(inner, { maxWaitMs: 12_000, maxPauseMs: 30_000, maxTries: 100 }, clock);
    const r = await t.send(req);
    expect(r.status).toBe(429);
    expect(t.exhausted).toBe(true);
    expect(t.stats.waitedMs).toBe(10_000);
    expect(sent()).toBe(3);
    // Once exhausted, a throttled answer is not waited for again.
    await t.send(req);
    expect(clock.slept).toEqual([5000, 5000]);
  });

  test('a huge Retry-After is capped to the longest pause', async () => {
    const { inner } = scripted([answer(429, { 'retry-after': '86400' }), answer(201)]);
    const clock = fakeClock();
    const t = new ThrottledTransport(inner, { maxWaitMs: 60_000, maxPauseMs: 30_000, maxTries: 6 }, clock);
    expect((await t.send(req)).status).toBe(201);
    expect(clock.slept).toEqual([30_000]);
  });
});
