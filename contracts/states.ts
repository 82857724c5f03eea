/**
 * Provider states: what each interaction needs from the provider before it is replayed. The Pact Verifier calls the
 * handler of every state an interaction names, before the request (setup), and again after it (teardown).
 *
 * The create interactions need nothing set up (the collection accepts creates from the token holder), so their
 * handlers only count their calls. The lifecycle interactions (GET, PATCH and DELETE of one configuration, its
 * assignments, assign, updatePriorities) need a configuration that exists: their states make one through the
 * verified target's own POST (and assign), with the token when one is configured, read it back until it is
 * readable (a 404 right after a write may be replication delay: sent again with backoff, as `run`'s read-back
 * does, within STATE_READ_WAIT_MS), and hand its id back to the
 * Verifier. That is Pact V3 provider-state injection: the pact writes `${idSegment}` in the path (and `${id}` in a
 * body) with an example, and the Verifier puts the provider's values in before it sends the request. Teardown
 * deletes what the setup made (best effort), so a real provider is left as it was found.
 *
 * The token goes only into the Authorization header of requests to the target; no message, return value or log
 * line here ever holds it. A provider team with other data to prepare replaces these handlers in its own
 * verification, or runs `verify` after its own setup; the state names and the values they return are the contract.
 */
import { randomInt, randomUUID } from 'node:crypto';

/** Every 201 interaction: POST to the collection with a valid body creates an entity. */
export const STATE_ACCEPTS_CREATES = 'the collection accepts creates';
/** The 400 interaction: the service validates create bodies against the entity's declared types. */
export const STATE_VALIDATES_BODIES = 'the collection validates create bodies';
/** GET, PATCH, DELETE of one configuration, assign and updatePriorities: one configuration exists (its id given). */
export const STATE_CONFIGURATION_EXISTS = 'a configuration exists';
/** GET of a configuration's assignments: a configuration with one group assignment exists (its id given). */
export const STATE_CONFIGURATION_ASSIGNED = 'a configuration with one group assignment exists';
/** GET of an unknown id: an id no configuration has (given). */
export const STATE_NO_CONFIGURATION = 'no configuration has this id';

export const PROVIDER_STATES: readonly string[] = [
  STATE_ACCEPTS_CREATES,
  STATE_VALIDATES_BODIES,
  STATE_CONFIGURATION_EXISTS,
  STATE_CONFIGURATION_ASSIGNED,
  STATE_NO_CONFIGURATION,
];

/** The states whose setup makes (or names) a configuration and returns its id. */
export const LIFECYCLE_STATES: readonly string[] = [
  STATE_CONFIGURATION_EXISTS,
  STATE_CONFIGURATION_ASSIGNED,
  STATE_NO_CONFIGURATION,
];

/**
 * The values a lifecycle state returns: `id` as the service wrote it (for request bodies), `idSegment` the same id
 * percent-encoded for a URL path segment (an id may hold '/', '+' or non-ASCII characters: OData URL Conventions
 * 4.01 section 2.1), and `priority`, a priority no other configuration is likely to have (for updatePriorities).
 */
export const STATE_ID = 'id';
export const STATE_ID_SEGMENT = 'idSegment';
export const STATE_PRIORITY = 'priority';

const COLLECTION = '/officeConfiguration/clientConfigurations';

/** What the configuration a state makes is created with (priority aside: a fresh one each time). */
export const STATE_CONFIGURATION = {
  '@odata.type': '#microsoft.graph.windowsOfficeClientConfiguration',
  displayName: 'Pact provider state',
} as const;

/** The group the assigned state's one assignment targets. */
export const STATE_GROUP_ID = '6f2d5c84-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
const GROUP_TARGET = '#microsoft.graph.officeConfigurationGroupAssignmentTarget';

/** The provider the states set up: the Verifier's target (its service root) and the token, if any. */
export interface StateTarget {
  /** Service root of the verified provider, e.g. http://127.0.0.1:8080/beta. */
  url: string;
  /** Bearer token: sent to `url` only, in the Authorization header; never logged, returned or written. */
  token?: string;
  /** Per-request timeout (ms). */
  timeoutMs: number;
  /** How long a setup waits for its new configuration to be readable; default STATE_READ_WAIT_MS. */
  readWaitMs?: number;
}

/**
 * How long a setup waits for a configuration it made to be readable (GET sent again on 404, 250 ms doubling). Once a
 * read-back's 404 outlasted the wait, later setups stop waiting: that is no delay but a fault, which the
 * interactions then show.
 */
export const STATE_READ_WAIT_MS = 2000;

type StateValues = Record<string, string | number>;
/** A state's setup or teardown as the Verifier takes it: the values it returns are injected into the request. */
export type StateFunc = (params?: unknown) => Promise<StateValues | undefined>;
export interface StateHandler {
  setup: StateFunc;
  teardown?: StateFunc;
}

/** What went wrong in a state's setup; the message names the request and the status, never a header. */
export class StateSetupError extends Error {
  override name = 'StateSetupError';
}

/** One JSON request to the target: its status, its Location header, and its body as JSON (undefined if not JSON). */
async function send(
  t: StateTarget,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; location?: string; json?: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (t.token !== undefined) headers['authorization'] = `Bearer ${t.token}`;
  let res: Response;
  try {
    res = await fetch(t.url.replace(/\/+$/, '') + path, {
      method,
      headers,
      // A redirect would carry the token elsewhere: a create is never redirected, so refuse to follow one.
      redirect: 'error',
      signal: AbortSignal.timeout(t.timeoutMs),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: unknown } }).cause?.code;
    throw new StateSetupError(
      `${method} ${path} got no answer (${typeof cause === 'string' ? cause : (e as Error).name})`,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  const location = res.headers.get('location') ?? undefined;
  return { status: res.status, ...(location !== undefined ? { location } : {}), json };
}

/** The key a Location names (…/{id}, …('{id}') or …(id='{id}'), a type cast after it allowed), decoded. */
export function idFromLocation(location: string): string | undefined {
  const m = /\/clientConfigurations(?:\/([^/?#()]+)|\((?:id=)?'((?:[^']|'')*)'\))/.exec(location);
  const raw = m?.[1] ?? m?.[2]?.replace(/''/g, "'");
  if (raw === undefined || raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The values a state returns for the configuration `id`. */
function valuesFor(id: string): StateValues {
  return {
    [STATE_ID]: id,
    [STATE_ID_SEGMENT]: encodeURIComponent(id),
    // Far from the small priorities the create interactions send: a service refusing clashes (a SHOULD it may
    // enforce) has no reason to refuse the updatePriorities interaction's.
    [STATE_PRIORITY]: randomInt(1_000_000, 2_000_000_000),
  };
}

/**
 * Creates a configuration through the target's POST and returns its id: the answer's `id`, else its Location's
 * key. Any 2xx is taken (the create interactions judge the status, not the state).
 */
export async function createConfiguration(t: StateTarget): Promise<string> {
  const body = { ...STATE_CONFIGURATION, priority: randomInt(1_000_000, 2_000_000_000) };
  const r = await send(t, 'POST', COLLECTION, body);
  if (r.status < 200 || r.status > 299)
    throw new StateSetupError(`POST ${COLLECTION} answered ${r.status}, not a 2xx: no configuration was created`);
  const fromBody = (r.json as { id?: unknown } | undefined)?.id;
  const id = typeof fromBody === 'string' && fromBody !== '' ? fromBody : idFromLocation(r.location ?? '');
  if (id === undefined)
    throw new StateSetupError(`POST ${COLLECTION} answered ${r.status} with neither an id in its body nor a Location`);
  return id;
}

/**
 * Reads the configuration until it answers something else than 404, within `waitMs` (250 ms, doubling); whether it
 * did. Nothing is judged here: the interactions judge the reads.
 */
export async function readBack(t: StateTarget, id: string, waitMs: number): Promise<boolean> {
  const path = `${COLLECTION}/${encodeURIComponent(id)}`;
  for (let delay = 250, waited = 0; ; waited += delay, delay *= 2) {
    const r = await send(t, 'GET', path).catch(() => undefined);
    if (r !== undefined && r.status !== 404) return true;
    if (waited + delay > waitMs) return false;
    await new Promise((done) => setTimeout(done, delay));
  }
}

/** Gives the configuration one group assignment through the target's assign action. */
async function assignGroup(t: StateTarget, id: string): Promise<void> {
  const path = `${COLLECTION}/${encodeURIComponent(id)}/assign`;
  const body = {
    officeConfigurationAssignments: [{ target: { '@odata.type': GROUP_TARGET, groupId: STATE_GROUP_ID } }],
  };
  const r = await send(t, 'POST', path, body);
  if (r.status < 200 || r.status > 299) throw new StateSetupError(`POST ${path} answered ${r.status}, not a 2xx`);
}

/**
 * Handlers for every state the generated pacts name. Each setup is counted in `calls`. The lifecycle states need
 * `target` (verify-worker.ts passes the Verifier's target and token); without one their setup fails with a message.
 */
export function stateHandlers(
  calls: Map<string, number> = new Map(),
  target?: StateTarget,
): Record<string, StateHandler> {
  const count = (state: string): void => {
    calls.set(state, (calls.get(state) ?? 0) + 1);
  };
  /** Ids the setups made since the last teardown: the teardown deletes them. */
  const made: string[] = [];
  let waitMs = target?.readWaitMs ?? STATE_READ_WAIT_MS;
  const need = (state: string): StateTarget => {
    if (target) return target;
    throw new StateSetupError(`provider state "${state}" needs the target to set up (none was given)`);
  };
  const make = (state: string, assigned: boolean) => async (): Promise<StateValues> => {
    count(state);
    const t = need(state);
    const id = await createConfiguration(t).catch(rethrowAs(state));
    made.push(id);
    if (!(await readBack(t, id, waitMs))) waitMs = 0;
    if (assigned) await assignGroup(t, id).catch(rethrowAs(state));
    return valuesFor(id);
  };
  const teardown = async (): Promise<undefined> => {
    const ids = made.splice(0);
    if (target)
      for (const id of ids)
        await send(target, 'DELETE', `${COLLECTION}/${encodeURIComponent(id)}`).catch(() => undefined);
    return undefined;
  };
  const handlers: Record<string, StateHandler> = {};
  for (const state of [STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES])
    handlers[state] = {
      setup: () => {
        count(state);
        return Promise.resolve(undefined);
      },
    };
  handlers[STATE_CONFIGURATION_EXISTS] = { setup: make(STATE_CONFIGURATION_EXISTS, false), teardown };
  handlers[STATE_CONFIGURATION_ASSIGNED] = { setup: make(STATE_CONFIGURATION_ASSIGNED, true), teardown };
  handlers[STATE_NO_CONFIGURATION] = {
    setup: () => {
      count(STATE_NO_CONFIGURATION);
      // A fresh UUID: no provider has it (ids are server-assigned), and a service whose keys are GUIDs takes its form.
      return Promise.resolve(valuesFor(randomUUID()));
    },
  };
  return handlers;
}

/** The error a state's setup fails with, naming the state (Pact prints it; it never holds the token). */
function rethrowAs(state: string): (e: unknown) => never {
  return (e: unknown) => {
    throw new StateSetupError(`provider state "${state}": ${e instanceof Error ? e.message : String(e)}`);
  };
}
