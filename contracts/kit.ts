/**
 * The consumer kit: what a consumer team needs to write its own pact for the create in a few lines, with request
 * bodies the Graph docs allow and the response matchers the suite's readings use (the same ones as the committed
 * pact), so the pact passes `conformance pact check` and verifies against any conforming provider.
 *
 *   const pact = new PactV4({ consumer: 'my-admin-tool', provider: GRAPH_PROVIDER });
 *   await addInteraction(pact, createInteraction({ body: { displayName: 'Office defaults', priority: 1 } }))
 *     .executeTest(async (mock) => { await myClient(mock.url).create(...); });
 *
 * Exported by the package as `graph-office-config-conformance/kit` (TypeScript source: run the consumer's tests with
 * a TypeScript-aware runner such as ts-jest, @swc/jest or tsx). A body that is not docs-valid is refused when the
 * interaction is built, with the schema's complaints: a pact the provider can never honour is caught before it is
 * published, not when a provider fails it.
 */
import { MatchersV3, type HTTPResponseStatusClass, type PactV4 } from '@pact-foundation/pact';
import type { V4InteractionWithResponse } from '@pact-foundation/pact/src/v4/http/types';
import { COLLECTION_PATH } from '../engine/run';
import { loadSpecs, toSchemaErrors } from '../specs/loader';
import { DEFAULT_PROVIDER } from './defaults';
import { exampleCreateBody } from './example';
import { AUTHORIZATION_PATTERN, EXAMPLE_AUTHORIZATION } from './interactions';
import { createdResponse, refusedResponse } from './matchers';
import { readingFor, type Profile } from './readings';
import { STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES } from './states';

/** The provider name the suite's pacts and `verify` use: a consumer's pact names it so one broker pairs them. */
export const GRAPH_PROVIDER = DEFAULT_PROVIDER;

/** The types POST /officeConfiguration/clientConfigurations creates (the create pages of the docs). */
export const CREATABLE_TYPES = [
  'windowsOfficeClientConfiguration',
  'windowsOfficeClientSecurityConfiguration',
] as const;
export type CreatableType = (typeof CREATABLE_TYPES)[number];

export { PROVIDER_STATES, STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES } from './states';
export type { Profile } from './readings';

/** An interaction as plain data (matchers included): what `addInteraction` hands to Pact. */
export interface KitInteraction {
  description: string;
  states: string[];
  request: { method: 'POST'; path: string; headers: Record<string, unknown>; body: Record<string, unknown> };
  response: { status: number; statusClass?: 'clientError'; headers: Record<string, unknown>; body: unknown };
}

export interface CreateInteractionOptions {
  /**
   * The properties to send (without @odata.type, which `type` sets; with it, it must name a creatable type).
   * Default: the docs' example body.
   */
  body?: Record<string, unknown>;
  /** Default windowsOfficeClientConfiguration. */
  type?: CreatableType;
  /**
   * Whose reading the expected answer applies (graph-docs, the default: no Location or lastModifiedDateTime
   * required, '#' optional on @odata.type; odata-strict: Location required, '#' required).
   */
  profile?: Profile;
  /** Default: "a create of a <type>". */
  description?: string;
  /** Provider state; default the suite's "the collection accepts creates" (the provider verifies it). */
  state?: string;
  /** Ask for a Location header in the answer even in graph-docs (OData 4.01 makes it a MUST; the docs show none). */
  location?: boolean;
}

/** A kit error: the consumer asked for a pact no conforming provider can honour. */
export class KitError extends Error {}

function qualified(type: string): string {
  return `#microsoft.graph.${type}`;
}

/**
 * A create body the docs allow: `body` with @odata.type set, checked against the create request schema. Throws a
 * KitError naming every violation (JSON pointer and message) when it is not.
 */
export function docsValidBody(
  body: Record<string, unknown> = exampleCreateBody(),
  type: CreatableType = 'windowsOfficeClientConfiguration',
): Record<string, unknown> {
  if (!(CREATABLE_TYPES as readonly string[]).includes(type))
    throw new KitError(`"${String(type)}" is not a creatable type; use one of ${CREATABLE_TYPES.join(', ')}`);
  const sent = body['@odata.type'];
  if (sent !== undefined && sent !== qualified(type) && sent !== qualified(type).slice(1))
    throw new KitError(`the body's @odata.type ${JSON.stringify(sent)} is not ${qualified(type)} (the type option)`);
  const out = { '@odata.type': qualified(type), ...body };
  out['@odata.type'] = qualified(type);
  const validate = loadSpecs().createRequest;
  if (!validate(out)) {
    const errors = toSchemaErrors(validate.errors)
      .map((e) => `${e.pointer || '/'} ${e.message}`)
      .filter((line, i, all) => all.indexOf(line) === i);
    throw new KitError(`the create body is not what the Graph docs allow: ${errors.join('; ')}`);
  }
  return out;
}

/**
 * The create request as a consumer sends it: JSON with a bearer token (any token matches: verification puts the
 * provider's own in its place). No Accept header is required, since clients differ in what they send.
 */
function createRequest(body: Record<string, unknown>): KitInteraction['request'] {
  return {
    method: 'POST',
    path: COLLECTION_PATH,
    headers: {
      'Content-Type': 'application/json',
      Authorization: MatchersV3.regex(AUTHORIZATION_PATTERN, EXAMPLE_AUTHORIZATION),
    },
    body,
  };
}

/** A create the provider must answer 201 with the entity: every sent property echoed, a server-assigned id. */
export function createInteraction(o: CreateInteractionOptions = {}): KitInteraction {
  const type = o.type ?? 'windowsOfficeClientConfiguration';
  const body = docsValidBody(o.body ?? exampleCreateBody(), type);
  const reading = readingFor(o.profile ?? 'graph-docs', { location: o.location });
  return {
    description: o.description ?? `a create of a ${type}`,
    states: [o.state ?? STATE_ACCEPTS_CREATES],
    request: createRequest(body),
    response: createdResponse(body, reading),
  };
}

/**
 * A create the provider must refuse with a 4xx and an OData error body. The body must break the docs (a body the
 * docs allow is refused here: the provider would rightly answer 201).
 */
export function rejectedCreateInteraction(o: { body: Record<string, unknown>; description?: string }): KitInteraction {
  const valid = loadSpecs().createRequest(o.body);
  if (valid) throw new KitError('this body is one the Graph docs allow: a conforming provider answers it 201, not 4xx');
  return {
    description: o.description ?? 'a create with a body the docs do not allow',
    states: [STATE_VALIDATES_BODIES],
    request: createRequest(o.body),
    response: refusedResponse(),
  };
}

/**
 * Adds the interaction to a PactV4 and returns Pact's builder, ready for `.executeTest(async (mock) => ...)`, in
 * which the consumer's own client sends the request to `mock.url`.
 */
export function addInteraction(pact: PactV4, i: KitInteraction): V4InteractionWithResponse {
  let b = pact.addInteraction();
  for (const s of i.states) b = b.given(s);
  const status = i.response.statusClass
    ? MatchersV3.matchStatus(i.response.status, i.response.statusClass as HTTPResponseStatusClass)
    : i.response.status;
  return b
    .uponReceiving(i.description)
    .withRequest(i.request.method, i.request.path, (req) => {
      req.headers(i.request.headers as never).jsonBody(i.request.body);
    })
    .willRespondWith(status, (res) => {
      res.headers(i.response.headers as never).jsonBody(i.response.body);
    });
}
