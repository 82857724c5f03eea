/** What one run or replay opens: the transport, and the sender and judge that share it; and the preflight. */
import type { CheckContext } from '../checks/types';
import type { Specs } from '../specs/loader';
import { SuiteError } from './errors';
import type { RunEvent, SuiteErrorRecord } from './events';
import { CreatedLedger } from './cleanup';
import { Judge, type CheckState } from './judge';
import { openTransport } from './open';
import { COLLECTION_PATH, type RunOptions } from './options';
import type { Redactor } from './redact';
import { Sender } from './sender';
import { DEFAULT_THROTTLE, ThrottledTransport } from './throttle';

export interface Session {
  transport: ThrottledTransport;
  /** What the run created on the target, deleted again before it ends (engine/cleanup.ts). */
  ledger: CreatedLedger;
  sender: Sender;
  judge: Judge;
  seenIds: Map<string, string>;
  startedAt: number;
}

/** Opens the target (throttling honoured) with a sender and a judge over `states`, all created together. */
export function openSession(
  opts: RunOptions,
  specs: Specs,
  states: CheckState[],
  pace: (() => Promise<void>) | undefined,
  out: { redact: Redactor; errors: SuiteErrorRecord[]; emit: (e: RunEvent) => Promise<void> | undefined },
): Session {
  const startedAt = Date.now();
  const transport = new ThrottledTransport(openTransport(opts), { ...DEFAULT_THROTTLE, ...opts.throttle });
  const seenIds = new Map<string, string>();
  const ctx: CheckContext = {
    profile: opts.profile,
    specs,
    runStartedAt: startedAt,
    now: Date.now,
    seenIds,
    priorityClash: opts.stateful?.priorityClash ?? opts.priorityClash ?? 'either',
  };
  const judge = new Judge(states, {
    ctx,
    seenIds,
    redact: out.redact,
    seed: opts.seed,
    maxFailuresPerCheck: opts.maxFailuresPerCheck,
    errors: out.errors,
    emit: out.emit,
  });
  // The id is what the target answered: a hostile target may answer a secret, so the event carries it redacted.
  const ledger = new CreatedLedger(
    (id) => void out.emit({ type: 'created', at: new Date().toISOString(), id: out.redact(id) }),
  );
  return { transport, ledger, sender: new Sender(opts, transport, pace, startedAt, ledger), judge, seenIds, startedAt };
}

/**
 * One small request before the run: is anything there? Only its status line is read (and $top=1 asks for one
 * entity), so the cost is the same whatever the collection holds. Only a URL target is asked.
 */
export async function preflight(s: Session, opts: RunOptions, redact: Redactor): Promise<void> {
  if (opts.target.kind !== 'url') return;
  const r = await s.transport.send({
    method: 'GET',
    path: `${COLLECTION_PATH}?$top=1`,
    headers: s.sender.headers(false),
    statusOnly: true,
  });
  if (r.status === 0) {
    throw new SuiteError(
      'target-unreachable',
      `cannot reach ${s.transport.root}${COLLECTION_PATH}: ${redact(r.error ?? 'no answer')}`,
      'start the server under test first, and check the URL (scheme, host, port and the service root such as /beta)',
    );
  }
}
