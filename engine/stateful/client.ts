/**
 * The stateful mode's HTTP side: one request at a time through the run's transport (throttling honoured, rate limit
 * paced), each kept as a step of the sequence, so a failure shows every request that led to it. Reads that disagree
 * with the model are sent again for a while (a replicated service may not show a write at once) before they count.
 */
import { isSuccess, type LifecycleRuleId, type RequestRecord, type ResponseRecord } from '../../checks/types';
import type { CreatedLedger } from '../cleanup';
import { COLLECTION_PATH, DEFAULTS, PERSISTENT_404_LIMIT, type RunOptions } from '../options';
import type { Sender } from '../sender';
import type { Transport } from '../transport';

/** One request of a sequence and its answer; `label` names the command that sent it ("create #1", "get #2"). */
export interface Step {
  label: string;
  request: RequestRecord;
  response: ResponseRecord;
}

/** How waiting on reads that disagreed went, for results.json's readBackRetries. */
export interface ReadWaits {
  retried: number;
  healed: number;
  waitedMs: number;
  /** Reads whose disagreement outlasted the whole wait, all rules together. */
  persistent: number;
  /** The same, per rule the read was for: each rule has its own budget. */
  persistentByRule: Map<LifecycleRuleId, number>;
}

/** A fresh ReadWaits for a run. */
export const newReadWaits = (): ReadWaits => ({
  retried: 0,
  healed: 0,
  waitedMs: 0,
  persistent: 0,
  persistentByRule: new Map(),
});

export class LifecycleClient {
  readonly steps: Step[] = [];
  requests = 0;

  constructor(
    private readonly opts: RunOptions,
    private readonly transport: Transport,
    private readonly sender: Sender,
    private readonly pace: (() => Promise<void>) | undefined,
    /**
     * Shared by every sequence of a run: after PERSISTENT_404_LIMIT reads for one rule that never agreed, reads for
     * that rule stop waiting (its fault is found; waiting again would only slow the run). Reads for other rules still
     * wait: one real fault must not turn a replica's lag elsewhere into a failure of an unrelated rule.
     */
    private readonly waits: ReadWaits,
    /** The run's record of what it created: creates add to it, DELETEs that succeed take from it. */
    private readonly ledger?: CreatedLedger,
  ) {}

  /** The path of a configuration (the key as a path segment, percent-encoded). */
  static configPath(id: string): string {
    return `${COLLECTION_PATH}/${encodeURIComponent(id)}`;
  }

  async send(
    label: string,
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Step> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = { ...this.sender.headers(text !== undefined), ...extraHeaders };
    if (this.pace) await this.pace();
    this.requests++;
    const response = await this.transport.send({
      method,
      path,
      headers,
      ...(text !== undefined ? { body: text } : {}),
    });
    const step = { label, request: this.sender.record(method, path, headers, text, body), response };
    this.steps.push(step);
    if (method === 'POST' && path === COLLECTION_PATH) this.ledger?.answered(response);
    else if (method === 'DELETE' && (isSuccess(response.status) || response.status === 404)) {
      const id = configIdOf(path);
      if (id !== undefined) this.ledger?.gone(id);
    }
    return step;
  }

  /**
   * A GET whose answer `agrees` with the model is final at once; one that does not is sent again (see settle).
   */
  async read(
    label: string,
    path: string,
    agrees: (r: ResponseRecord) => boolean,
    rule: LifecycleRuleId,
  ): Promise<Step> {
    return this.settle(
      () => this.send(label, 'GET', path),
      (step) => agrees(step.response),
      rule,
    );
  }

  /**
   * Runs `attempt` until what it got `agrees` with the model, with backoff (100 ms, doubling) for up to
   * --read-back-wait: Graph replicates, and a read may not show a write yet. The last result is returned either way
   * (the caller judges it). Every request sent stays in the steps, so a failure shows each one. After
   * PERSISTENT_404_LIMIT reads for `rule` that never agreed in a run, reads for that rule stop waiting: that is a
   * fault, not a delay. The budget is the rule's: reads for other rules still wait.
   */
  async settle<T>(
    attempt: () => Promise<T>,
    agrees: (t: T) => boolean,
    /** The rule a disagreement is for (a function when it depends on what disagreed). */
    ruleOf: LifecycleRuleId | ((t: T) => LifecycleRuleId),
  ): Promise<T> {
    const limit = this.opts.readBackWaitMs ?? DEFAULTS.readBackWaitMs;
    const byRule = this.waits.persistentByRule;
    let waited = 0;
    for (let pause = 100; ; pause *= 2) {
      const got = await attempt();
      const ok = agrees(got);
      const rule = typeof ruleOf === 'function' ? ruleOf(got) : ruleOf;
      if (ok || waited >= limit || (byRule.get(rule) ?? 0) >= PERSISTENT_404_LIMIT) {
        if (waited > 0) {
          if (ok) this.waits.healed++;
          else {
            this.waits.persistent++;
            byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
          }
        }
        return got;
      }
      const ms = Math.min(pause, limit - waited);
      if (waited === 0) this.waits.retried++;
      waited += ms;
      this.waits.waitedMs += ms;
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  /**
   * Every page of a collection: the first GET, then each @odata.nextLink below the service root, at most `maxPages`.
   * `complete` is false when a nextLink was left unfollowed (another origin, or too many pages): the caller then does
   * not judge what the pages lack. `endless` says why the list does not end, when it shows it does not: a nextLink
   * given a second time (the pages loop), or the page budget spent on STALLED_PAGES or more pages in a row that
   * brought no item not seen before (a list that keeps handing out empty or repeated pages).
   */
  async pages(
    label: string,
    path: string,
    maxPages = MAX_LIST_PAGES,
    /** Sent with every page (e.g. `Prefer: odata.maxpagesize=2`). */
    headers: Record<string, string> = {},
    /**
     * Called with each page as it comes, after its ids and nextLink are read: the caller takes what it judges and
     * may shrink what the step keeps (a hostile list's pages must not pile up in memory).
     */
    onPage?: (step: Step) => void,
  ): Promise<{ steps: Step[]; complete: boolean; endless?: string }> {
    const steps: Step[] = [];
    const links = new Set<string>();
    const ids = new Set<string>();
    let stalled = 0;
    let next: string | undefined = path;
    while (next !== undefined) {
      if (steps.length >= maxPages) {
        const endless =
          stalled >= STALLED_PAGES
            ? `${maxPages} pages read and the last ${stalled} brought no item not listed before; the list does not end`
            : undefined;
        return { steps, complete: false, ...(endless ? { endless } : {}) };
      }
      const step = await this.send(label, 'GET', next, undefined, headers);
      steps.push(step);
      stalled = addIds(ids, step.response) > 0 ? 0 : stalled + 1;
      const link = nextLinkOf(step.response);
      onPage?.(step);
      if (link === undefined) return { steps, complete: true };
      if (links.has(link))
        return { steps, complete: false, endless: `the nextLink ${link} was given twice: the pages loop` };
      links.add(link);
      next = this.sender.belowRoot(link, step.request.url);
    }
    return { steps, complete: false };
  }
}

/** The id of a configuration's own path (not below it: an assignment), or undefined. */
function configIdOf(path: string): string | undefined {
  if (!path.startsWith(`${COLLECTION_PATH}/`)) return undefined;
  const rest = path.slice(COLLECTION_PATH.length + 1);
  if (rest === '' || rest.includes('/')) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

/** Characters of a list page's text a step keeps (the page as kept, then a note of what was left out). */
export const MAX_KEPT_PAGE_CHARS = 16 * 1024;

/**
 * Replaces what a step keeps of its answer by `json` (what the judging needs and a reader should see), with a note of
 * what was left out; the text is cut at MAX_KEPT_PAGE_CHARS. The answer as it came is not held any longer.
 */
export function keepOnly(step: Step, json: unknown, note: string | undefined): void {
  const text = JSON.stringify(json) ?? '';
  const cut = text.length > MAX_KEPT_PAGE_CHARS ? `${text.slice(0, MAX_KEPT_PAGE_CHARS)}…` : text;
  step.response = { ...step.response, json, text: note ? `${cut}\n(${note})` : cut };
}

/** Pages a list reads at most. */
export const MAX_LIST_PAGES = 50;
/** Pages in a row with no new item that, with the page budget spent, show a list that does not end. */
export const STALLED_PAGES = 10;

/** Adds the string ids of a page's items to `ids`; returns how many were new. */
function addIds(ids: Set<string>, r: ResponseRecord): number {
  const body = r.json;
  const items = body && typeof body === 'object' ? (body as Record<string, unknown>)['value'] : undefined;
  let added = 0;
  for (const item of Array.isArray(items) ? items : []) {
    const id = item && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : undefined;
    if (typeof id === 'string' && !ids.has(id)) {
      ids.add(id);
      added++;
    }
  }
  return added;
}

function nextLinkOf(r: ResponseRecord): string | undefined {
  const body = r.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const link = (body as Record<string, unknown>)['@odata.nextLink'];
  return typeof link === 'string' ? link : undefined;
}
