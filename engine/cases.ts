import fc from 'fast-check';
import type { CaseKind } from '../checks/types';
import { invalidCreateBody, validCreateBody, type CreateBodyOptions } from '../generators';
import type { InvalidCase, ValidBody } from '../generators/types';

/**
 * Random states sampled at a time (about 150 bytes each): a run keeps one batch of them per generator. A batch that
 * starts at index k first skips k states (about a microsecond each), so very long runs take bigger batches (a
 * sixteenth of the run) to keep the skipping to a few seconds at most.
 */
export const STATE_BATCH = 8192;
/** Jobs generated at a time (see JobQueue.next). */
export const LOOKAHEAD = 32;

/** Where fast-check's sampler stood for one index: the Random it handed to the property, and the run id. */
interface Draw {
  mrng: fc.Random;
  runId: number | undefined;
}

/**
 * A raw property that generates nothing: it keeps (a clone of) the Random and run id the sampler hands it for each
 * index, so the value can be generated later from exactly the same state.
 */
const drawRecorder: fc.IRawProperty<Draw, false> = {
  isAsync: () => false,
  generate: (mrng, runId) => new fc.Value({ mrng: mrng.clone(), runId }, undefined),
  shrink: () => fc.Stream.nil(),
  run: () => null,
  runBeforeEach: () => undefined,
  runAfterEach: () => undefined,
};

/**
 * The values `fc.sample(arb, {seed, numRuns: total})` gives, generated one at a time when asked for, so a long run
 * never holds every body at once.
 *
 * fast-check's sampler draws value i from its own Random, cloned from the seed's generator after i + 1 jumps, and
 * passes the run id i (which sets the bias). `fc.sample(drawRecorder, {seed, path: String(k), numRuns: n})` records
 * those Randoms for indexes k..k+n-1 without generating any value (a path skips the first k draws: one jump each,
 * about a microsecond), in batches of STATE_BATCH; value i is then `fc.property(arb, ...)`'s generate from the Random
 * of index i, the very call `fc.sample(arb)` makes. So value i is the same as in one big sample, and as the one
 * `fc.check({seed, path: String(i)})` replays when shrinking (engine/cases.test.ts holds both to it).
 */
export class LazySample<T> {
  private readonly property: fc.IRawProperty<[T], false>;
  private draws: Draw[] = [];
  private start = 0;

  constructor(
    arb: fc.Arbitrary<T>,
    private readonly seed: number,
    readonly total: number,
    private readonly batchSize = STATE_BATCH,
  ) {
    this.property = fc.property(arb, (_value: T) => true);
  }

  /** Value `index` (0 <= index < total); indexes must be asked for in increasing order (gaps allowed). */
  at(index: number): T {
    return this.valueAt(index).value_[0];
  }

  /**
   * Value `index` as fast-check generated it, with the context its shrinker needs (engine/shrink.ts walks
   * `shrinks(value)` from here). Same order rule as at().
   */
  valueAt(index: number): fc.Value<[T]> {
    if (!(index >= 0 && index < this.total)) throw new RangeError(`sample index ${index} outside [0, ${this.total})`);
    if (index < this.start) throw new RangeError(`sample index ${index} asked for after a later one`);
    if (index >= this.start + this.draws.length) {
      this.start = index;
      const numRuns = Math.min(this.batchSize, this.total - index);
      this.draws =
        index === 0
          ? fc.sample(drawRecorder, { seed: this.seed, numRuns })
          : fc.sample(drawRecorder, { seed: this.seed, path: String(index), numRuns });
    }
    const draw = this.draws[index - this.start] as Draw;
    return this.property.generate(draw.mrng.clone(), draw.runId);
  }

  /** The smaller values fast-check would try after `value` failed, in the order fc.check tries them. */
  shrinks(value: fc.Value<[T]>): Iterable<fc.Value<[T]>> {
    return this.property.shrink(value);
  }
}

export type Job =
  | { kind: 'valid'; index: number; value: ValidBody }
  | { kind: 'invalid'; index: number; value: InvalidCase }
  /** The auth and client-id cases send valid body 0 (undefined only in a run of 0 runs). */
  | { kind: Exclude<CaseKind, 'valid' | 'invalid'>; index: 0; value: ValidBody | undefined };

export interface JobPlan {
  runs: number;
  seed: number;
  shard?: { index: number; total: number };
  /** Add the two auth cases (a token is configured and this is shard 1 or no shard). */
  auth: boolean;
  /** Add the client-id case (valid body 0 with an id the client chose; shard 1 or no shard). */
  clientId?: boolean;
  /** The generators' constraints (default: none). */
  bodies?: CreateBodyOptions;
}

/**
 * The cases of a run, in the order they are sent: the auth cases first (when planned), then valid i and invalid i for
 * each index i of the shard. Each body is generated when its job is handed out (see LazySample); `next()` is
 * synchronous and returns undefined once every job was handed out.
 */
export class JobQueue {
  readonly length: number;
  private readonly valid: LazySample<ValidBody>;
  private readonly invalid: LazySample<InvalidCase>;
  private readonly head: Job[] = [];
  private index: number;
  private readonly step: number;
  private pendingInvalid = false;
  /** Jobs generated ahead, and how many of them were handed out. */
  private ahead: Job[] = [];
  private aheadAt = 0;

  constructor(plan: JobPlan, batchSize = Math.max(STATE_BATCH, Math.ceil(plan.runs / 16))) {
    this.valid = new LazySample(validCreateBody(plan.bodies ?? {}), plan.seed, plan.runs, batchSize);
    this.invalid = new LazySample(invalidCreateBody(plan.bodies ?? {}), plan.seed, plan.runs, batchSize);
    this.index = plan.shard ? plan.shard.index - 1 : 0;
    this.step = plan.shard ? plan.shard.total : 1;
    const indexes = this.index < plan.runs ? Math.ceil((plan.runs - this.index) / this.step) : 0;
    const first = (plan.auth || plan.clientId) && plan.runs > 0 ? this.valid.at(0) : undefined;
    if (plan.auth)
      this.head.push({ kind: 'auth-missing', index: 0, value: first }, { kind: 'auth-wrong', index: 0, value: first });
    if (plan.clientId && first !== undefined) this.head.push({ kind: 'client-id', index: 0, value: first });
    this.length = 2 * indexes + this.head.length;
  }

  /**
   * Hands out the next job. Jobs are generated LOOKAHEAD at a time: the generators run in short bursts instead of
   * between every two requests, which keeps their code and data warm (about 5 % more cases per second, measured).
   */
  next(): Job | undefined {
    if (this.aheadAt < this.ahead.length) return this.ahead[this.aheadAt++];
    this.ahead = [];
    this.aheadAt = 0;
    for (let job = this.generate(); job; job = this.ahead.length < LOOKAHEAD ? this.generate() : undefined)
      this.ahead.push(job);
    return this.ahead[this.aheadAt++];
  }

  private generate(): Job | undefined {
    const h = this.head.shift();
    if (h) return h;
    if (this.index >= this.valid.total) return undefined;
    if (!this.pendingInvalid) {
      this.pendingInvalid = true;
      return { kind: 'valid', index: this.index, value: this.valid.at(this.index) };
    }
    this.pendingInvalid = false;
    const i = this.index;
    this.index += this.step;
    return { kind: 'invalid', index: i, value: this.invalid.at(i) };
  }
}

/** A seed for a run that was given none (printed with every run, so it can be repeated). */
export function randomSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
}
