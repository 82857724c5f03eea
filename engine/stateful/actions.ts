/**
 * Where the family's two actions are. The sources disagree on each one's last URL segment (specs/DERIVATION.md
 * action-name-qualification and action-name-foreign-namespace), and a server conforms when it answers any documented
 * spelling. So the first request for an action tries the spellings in order (preferred first) until one is answered
 * as a route, and keeps that one for the rest of the run: each spelling is tried at most once, and a server answering
 * the preferred spelling gets one request, as before. Spellings refused on the way are what the lifecycle-action-url
 * warning names; only when none is answered does the action's request fail (lifecycle-status, with every answer).
 */
import type { LifecycleClient, Step } from './client';

export type ActionName = 'assign' | 'updatePriorities';

/**
 * Answers that say a spelling is not a route on this server, so the next is tried: 404 (nothing there), 405 (the
 * segment read as a key, and a POST to an entity), 400 (a key that cannot be one) and 501 (not implemented). Any other
 * answer (2xx, 401, 429, 500, ...) is the action's answer and is judged as it is.
 */
const NOT_A_ROUTE: ReadonlySet<number> = new Set([400, 404, 405, 501]);

/** A documented spelling the server did not answer as a route, while another one was. */
export interface RefusedSpelling {
  action: ActionName;
  spelling: string;
  /** The spelling the server answered. */
  answered: string;
  step: Step;
}

export interface ActionAnswer {
  step: Step;
  /** When every spelling was tried and none was a route: each spelling with the status it got. */
  unrouted?: string;
}

export class ActionUrls {
  private readonly kept = new Map<ActionName, string>();
  /** Spellings refused before the one kept, in the order they were tried. */
  readonly refused: RefusedSpelling[] = [];
  /** Actions a spelling was found for (answered 2xx there). */
  readonly found = new Set<ActionName>();

  constructor(private readonly spellings: Readonly<Record<ActionName, readonly string[]>>) {}

  /** POSTs `body` to the action below `base` (a configuration's path, or the collection's). */
  async send(client: LifecycleClient, action: ActionName, label: string, base: string, body: unknown) {
    const kept = this.kept.get(action);
    if (kept !== undefined) return { step: await client.send(label, 'POST', `${base}/${kept}`, body) };
    const tried: Array<{ spelling: string; step: Step }> = [];
    for (const spelling of this.spellings[action]) {
      const step = await client.send(label, 'POST', `${base}/${spelling}`, body);
      const status = step.response.status;
      if (status >= 200 && status < 300) {
        this.kept.set(action, spelling);
        this.found.add(action);
        for (const t of tried) this.refused.push({ action, spelling: t.spelling, answered: spelling, step: t.step });
        return { step };
      }
      if (!NOT_A_ROUTE.has(status)) return { step };
      tried.push({ spelling, step });
    }
    // No spelling is a route here: later requests go to the preferred one only, and are judged as they are answered.
    const preferred = tried[0] as { spelling: string; step: Step };
    this.kept.set(action, preferred.spelling);
    const unrouted = tried.map((t) => `${t.spelling} answered ${t.step.response.status}`).join(', ');
    return { step: preferred.step, unrouted };
  }
}
