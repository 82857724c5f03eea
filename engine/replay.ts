/** Sending a saved case again (`conformance replay`), as the run sent it. */
import { asObject, type CaseKind, type Exchange, type InvalidTag } from '../checks/types';
import type { Sender } from './sender';

export interface SavedCase {
  kind: CaseKind;
  /** The exact request body text saved with the case (JSON or not). */
  text: string;
  invalid?: InvalidTag;
}

/**
 * Sends the saved request `times` times (a rule about ids across creates needs two) and returns the last exchange;
 * the ids the earlier ones got are added to `seenIds`, as the run would have.
 */
export async function sendSaved(
  saved: SavedCase,
  times: number,
  sender: Sender,
  seenIds: Map<string, string>,
): Promise<Exchange> {
  let body: unknown;
  try {
    body = JSON.parse(saved.text) as unknown;
  } catch {
    body = undefined;
  }
  const raw = body === undefined ? saved.text : undefined;
  const sentId = asObject(body)?.['id'];
  let ex: Exchange | undefined;
  for (let i = 0; i < Math.max(1, times); i++) {
    if (ex) {
      const id = asObject(ex.response.json)?.['id'];
      if (typeof id === 'string') seenIds.set(id, ex.caseId);
    }
    ex = await sender.send(saved.kind, `replay-${i}`, body, raw);
    if (saved.invalid) ex.invalid = saved.invalid;
    if (saved.kind === 'client-id' && typeof sentId === 'string') ex.clientId = sentId;
  }
  if (!ex) throw new Error('replay sent nothing');
  return ex;
}
