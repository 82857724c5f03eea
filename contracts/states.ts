/**
 * Provider states: what each interaction needs from the provider before it is replayed. The Pact Verifier calls the
 * handler of every state an interaction names, before the request.
 *
 * Against the reference implementation (and any service whose collection accepts creates from the token holder)
 * there is nothing to set up, so the handlers only count their calls. A provider team with data to prepare (a
 * tenant to create, a quota to reset) replaces these handlers in its own verification, or runs `verify` after its
 * own setup; the state names are the contract.
 */

/** Every 201 interaction: POST to the collection with a valid body creates an entity. */
export const STATE_ACCEPTS_CREATES = 'the collection accepts creates';
/** The 400 interaction: the service validates create bodies against the entity's declared types. */
export const STATE_VALIDATES_BODIES = 'the collection validates create bodies';

export const PROVIDER_STATES: readonly string[] = [STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES];

/** A state handler as the Verifier takes it (setup only; nothing to tear down). */
export type StateSetup = (params?: unknown) => Promise<undefined>;

/** Handlers for every state the generated pacts name; each call is counted in `calls`. */
export function stateHandlers(calls: Map<string, number> = new Map()): Record<string, StateSetup> {
  const handlers: Record<string, StateSetup> = {};
  for (const state of PROVIDER_STATES)
    handlers[state] = () => {
      calls.set(state, (calls.get(state) ?? 0) + 1);
      return Promise.resolve(undefined);
    };
  return handlers;
}
