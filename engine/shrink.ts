/**
 * Shrinking: the first failing generated case of a check is generated again (same seed, same index) and fast-check's
 * shrink tree below it is walked here, one candidate body at a time, each sent to the target and judged by that
 * check; the smallest that still fails is kept. The walk is the one fc.check makes after a failure (try the shrinks
 * of the current value in order; descend into the first that still fails), so the path it records replays with
 * `fc.check({seed, path})` too. It runs outside any fast-check property: the network is driven by this loop, bounded
 * by a request budget and a time limit, so a slow or hostile target cannot hold the run.
 */
import { performance } from 'node:perf_hooks';
import type { Exchange, Finding } from '../checks/types';
import { invalidCreateBody, validCreateBody, type CreateBodyOptions } from '../generators';
import type { InvalidCase, ValidBody } from '../generators/types';
import { LazySample } from './cases';
import type { RunEvent } from './events';
import { now, type CheckState, type Judge } from './judge';
import { DEFAULTS, type RunOptions } from './options';
import type { Sender } from './sender';

export interface ShrinkDeps {
  opts: RunOptions;
  bodies: CreateBodyOptions;
  sender: Sender;
  judge: Judge;
  emit: (event: RunEvent) => Promise<void> | undefined;
}

/** What trying one candidate says: it still fails (descend), it holds (try the next), or stop exploring. */
export type Probe<T> = (candidate: T) => Promise<'fails' | 'holds' | 'stop'>;

/**
 * Walks the shrink tree of value `index` of `sample`: in each level the candidates are tried in order and the walk
 * descends into the first one that still fails, until a level has none or the probe says stop. Returns the fast-check
 * path of the last candidate that failed (`index:a:b...`), or undefined when none did.
 */
export async function descend<T>(
  sample: LazySample<T>,
  index: number,
  probe: Probe<T>,
  /** Value `index` as already generated and run (fc.commands shrinks only the commands that ran in it). */
  start: ReturnType<LazySample<T>['valueAt']> = sample.valueAt(index),
): Promise<string | undefined> {
  let current = start;
  const steps: number[] = [];
  for (;;) {
    let next: typeof current | undefined;
    let position = 0;
    for (const candidate of sample.shrinks(current)) {
      const verdict = await probe(candidate.value_[0]);
      if (verdict === 'stop') return steps.length ? [index, ...steps].join(':') : undefined;
      if (verdict === 'fails') {
        next = candidate;
        break;
      }
      position++;
    }
    if (next === undefined) return steps.length ? [index, ...steps].join(':') : undefined;
    steps.push(position);
    current = next;
  }
}

/** Sends shrunk bodies one at a time within the budget; remembers the last one that still failed. */
class Attempts {
  best: { ex: Exchange; messages: Finding[] } | undefined;
  requests = 0;
  private stopped = false;
  private readonly deadline: number;

  constructor(
    private readonly state: CheckState,
    private readonly d: ShrinkDeps,
    shrinkMs: number,
  ) {
    this.deadline = performance.now() + shrinkMs;
  }

  readonly valid: Probe<ValidBody> = async (body) =>
    this.judged(() => this.d.sender.send('valid', this.nextCaseId(), body));

  readonly invalid: Probe<InvalidCase> = async (invalidCase) =>
    this.judged(() => this.d.sender.invalid(this.nextCaseId(), invalidCase));

  private nextCaseId(): string {
    this.requests++;
    return `${this.state.check.id}-shrink-${this.requests}`;
  }

  private async judged(send: () => Promise<Exchange>): Promise<'fails' | 'holds' | 'stop'> {
    // Out of requests or time, or the target stopped answering: stop exploring, keep the best so far.
    if (this.stopped || this.requests >= this.d.opts.maxShrinkRequests || performance.now() > this.deadline)
      return 'stop';
    const ex = await send();
    if (ex.response.status === 0) this.stopped = true;
    const msgs = this.d.judge.judgeOne(this.state, ex);
    if (msgs && msgs.length > 0) {
      this.best = { ex, messages: msgs };
      return 'fails';
    }
    return 'holds';
  }
}

/** Shrinks the first failing case of `state` and puts the minimal failure first in its results. */
export async function shrinkFirst(state: CheckState, d: ShrinkDeps): Promise<void> {
  const first = state.first;
  if (!first) return;
  await d.emit({ type: 'shrink', at: now(), checkId: state.check.id, phase: 'started', requests: 0 });
  const attempts = new Attempts(state, d, d.opts.maxShrinkMs ?? DEFAULTS.maxShrinkMs);
  // A sample of one value per batch: only value `first.index` is generated.
  const path =
    first.kind === 'valid'
      ? await descend(
          new LazySample(validCreateBody(d.bodies), d.opts.seed, first.index + 1, 1),
          first.index,
          attempts.valid,
        )
      : await descend(
          new LazySample(invalidCreateBody(d.bodies), d.opts.seed, first.index + 1, 1),
          first.index,
          attempts.invalid,
        );
  await d.emit({ type: 'shrink', at: now(), checkId: state.check.id, phase: 'finished', requests: attempts.requests });
  const found = attempts.best;
  if (path === undefined || !found) return;
  found.ex.caseId = `${first.kind === 'valid' ? 'v' : 'i'}${first.index}-min`;
  state.result.failures.unshift(d.judge.failure(found.ex, found.messages, `${first.kind}:${path}`, true));
  if (state.result.failures.length > d.opts.maxFailuresPerCheck + 1) state.result.failures.pop();
}
