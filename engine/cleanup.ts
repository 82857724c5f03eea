/**
 * What a run created on the target, and the sweep that deletes it. Every answer of a create the engine sees (the
 * create cases, their shrinking, the auth and client-id cases, a lenient server's stored "invalid" bodies, the
 * stateful sequences) adds the id it gave; a DELETE that succeeds, or a read showing the entity gone, forgets it.
 * Before the run ends the sweep deletes what is left, within a time budget, so a shared tenant is left as it was
 * found; what it could not delete is listed with the answer its DELETE got (results.json `cleanup`, every report).
 */
import { isSuccess, type ResponseRecord } from '../checks/types';
import { COLLECTION_PATH } from './options';
import type { Transport } from './transport';

/** An entity the run created and could not delete. */
export interface Leftover {
  id: string;
  /** The DELETE's status (0: no answer), or why none was sent. */
  status: number | 'not-sent';
  /** What went wrong, in words. */
  reason: string;
}

/** results.json `cleanup`: what the run created and what it deleted again. */
export interface CleanupRecord {
  /** Entities the run's creates were answered with (ids learnt). */
  created: number;
  /** Of those, deleted again (by the run's own commands or by the sweep). */
  deleted: number;
  /** Creates answered 2xx without an id the run could read: they cannot be deleted by it. */
  withoutId: number;
  /** --keep-created: nothing was deleted on purpose. */
  kept?: boolean;
  /** What is still there (at most LEFTOVERS_KEPT; `leftOut` counts the rest). */
  leftovers: Leftover[];
  leftOut?: number;
}

/** Leftovers results.json lists one by one. */
export const LEFTOVERS_KEPT = 100;
/** How long the sweep may take in all (ms): a slow or hanging target ends the run anyway. */
export const CLEANUP_BUDGET_MS = 60_000;

export class CreatedLedger {
  private readonly live = new Set<string>();
  private created = 0;
  private deleted = 0;
  private withoutId = 0;
  /** Ids learnt, in order, for a listener (events.ndjson) that records them as they come. */
  constructor(private readonly onCreated?: (id: string) => void) {}

  /** A create was answered: adds the id it gave (a 2xx with none is counted as undeletable). */
  answered(response: ResponseRecord): void {
    if (!isSuccess(response.status)) return;
    const body = response.json;
    const id = body && typeof body === 'object' ? (body as Record<string, unknown>)['id'] : undefined;
    if (typeof id !== 'string' || id === '') {
      this.withoutId++;
      return;
    }
    this.add(id);
  }

  add(id: string): void {
    if (this.live.has(id)) return;
    this.live.add(id);
    this.created++;
    this.onCreated?.(id);
  }

  /** The entity is gone (a DELETE of it succeeded, or answered 404). */
  gone(id: string): void {
    if (this.live.delete(id)) this.deleted++;
  }

  get outstanding(): number {
    return this.live.size;
  }

  /**
   * Deletes every entity still live, `concurrency` at a time, until CLEANUP_BUDGET_MS is spent; 2xx and 404 count as
   * deleted. `keep` (--keep-created) sends nothing and lists what was kept.
   */
  async sweep(
    transport: Transport & { readonly silent?: boolean },
    headers: Record<string, string>,
    concurrency: number,
    keep = false,
    /** Waits for the rate limit (--rate-limit), as every other request does. */
    pace?: () => Promise<void>,
  ): Promise<CleanupRecord> {
    const leftovers: Leftover[] = [];
    const ids = [...this.live];
    if (keep) {
      for (const id of ids) leftovers.push({ id, status: 'not-sent', reason: 'kept (--keep-created)' });
      return this.record(leftovers, true);
    }
    const deadline = Date.now() + CLEANUP_BUDGET_MS;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        const id = ids[i] as string;
        if (Date.now() > deadline || transport.silent) {
          const why = transport.silent ? 'the target stopped answering' : 'the cleanup time budget was spent';
          leftovers.push({ id, status: 'not-sent', reason: `not sent: ${why}` });
          continue;
        }
        if (pace) await pace();
        const r = await transport.send({
          method: 'DELETE',
          path: `${COLLECTION_PATH}/${encodeURIComponent(id)}`,
          headers,
        });
        if (isSuccess(r.status) || r.status === 404) this.gone(id);
        else
          leftovers.push({
            id,
            status: r.status,
            reason: r.status === 0 ? 'the DELETE got no answer' : `the DELETE answered ${r.status}`,
          });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
    return this.record(leftovers, false);
  }

  private record(leftovers: Leftover[], kept: boolean): CleanupRecord {
    const rec: CleanupRecord = {
      created: this.created,
      deleted: this.deleted,
      withoutId: this.withoutId,
      leftovers: leftovers.slice(0, LEFTOVERS_KEPT),
    };
    if (kept) rec.kept = true;
    if (leftovers.length > LEFTOVERS_KEPT) rec.leftOut = leftovers.length - LEFTOVERS_KEPT;
    return rec;
  }
}
