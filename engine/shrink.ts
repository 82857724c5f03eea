/**
 * Shrinking: the first failing generated case of a check is found again through fast-check (same seed, same path)
 * and shrunk, each candidate body sent to the target and judged by that check; the smallest that still fails is
 * kept. Bounded by a request budget and a time limit, so a slow or hostile target cannot hold the run.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { Exchange, Finding } from '../checks/types';
import { invalidCreateBody, validCreateBody, type CreateBodyOptions } from '../generators';
import type { InvalidCase, ValidBody } from '../generators/types';
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

/** Tries shrunk bodies one at a time; remembers the last one that still failed. */
class Attempts {
  best: { ex: Exchange; messages: Finding[] } | undefined;
  requests = 0;
  private budget: number;
  private readonly deadline: number;

  constructor(
    private readonly state: CheckState,
    private readonly d: ShrinkDeps,
    shrinkMs: number,
  ) {
    this.budget = d.opts.maxShrinkRequests;
    this.deadline = performance.now() + shrinkMs;
  }

  /** fast-check's predicate: false (a counterexample) when the check still fails this body. */
  async holds(kind: 'valid' | 'invalid', value: ValidBody | InvalidCase): Promise<boolean> {
    // Out of requests or time, or the target stopped answering: stop exploring, keep the best so far.
    if (this.budget-- <= 0 || performance.now() > this.deadline) return true;
    this.requests++;
    const caseId = `${this.state.check.id}-shrink-${this.requests}`;
    const ex =
      kind === 'invalid'
        ? await this.d.sender.invalid(caseId, value as InvalidCase)
        : await this.d.sender.send('valid', caseId, value);
    if (ex.response.status === 0) this.budget = 0;
    const msgs = this.d.judge.judgeOne(this.state, ex);
    if (msgs && msgs.length > 0) {
      this.best = { ex, messages: msgs };
      return false;
    }
    return true;
  }
}

/** Shrinks the first failing case of `state` and puts the minimal failure first in its results. */
export async function shrinkFirst(state: CheckState, d: ShrinkDeps): Promise<void> {
  const first = state.first;
  if (!first) return;
  await d.emit({ type: 'shrink', at: now(), checkId: state.check.id, phase: 'started', requests: 0 });
  const shrinkMs = d.opts.maxShrinkMs ?? DEFAULTS.maxShrinkMs;
  const attempts = new Attempts(state, d, shrinkMs);
  const params = {
    seed: d.opts.seed,
    path: String(first.index),
    endOnFailure: false,
    interruptAfterTimeLimit: shrinkMs,
  };
  const out =
    first.kind === 'valid'
      ? await fc.check(
          fc.asyncProperty(validCreateBody(d.bodies), (v) => attempts.holds('valid', v)),
          params,
        )
      : await fc.check(
          fc.asyncProperty(invalidCreateBody(d.bodies), (v) => attempts.holds('invalid', v)),
          params,
        );
  await d.emit({ type: 'shrink', at: now(), checkId: state.check.id, phase: 'finished', requests: attempts.requests });
  const found = attempts.best;
  if (!out.failed || !found) return;
  const path = `${first.kind}:${out.counterexamplePath ?? first.index}`;
  found.ex.caseId = `${first.kind === 'valid' ? 'v' : 'i'}${first.index}-min`;
  state.result.failures.unshift(d.judge.failure(found.ex, found.messages, path, true));
  if (state.result.failures.length > d.opts.maxFailuresPerCheck + 1) state.result.failures.pop();
}
