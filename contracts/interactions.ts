/**
 * The interactions of the contract, as data: what the consumer sends and what it expects back (with Pact matchers).
 * generate.ts turns each into a PactV4 interaction exercised against Pact's mock server. Pure and deterministic:
 * the same options give the same list, so tests can look at matcher choices without starting anything.
 *
 * The creates come first (here), then the lifecycle interactions (lifecycle.ts: read, update, delete, assignments,
 * assign, updatePriorities, an unknown id), each with a provider state that makes the configuration it needs.
 */
import { MatchersV3, type ProviderStateInjectedValue } from '@pact-foundation/pact';
import { COLLECTION_PATH } from '../engine/run';
import { exampleCreateBody } from './example';
import { createdResponse, refusedResponse, type ExpectedResponse } from './matchers';
import { DEFAULT_PACT_PROFILE } from './defaults';
import { lifecycleInteractions } from './lifecycle';
import { describeReading, readingFor, type ContractReading, type Profile } from './readings';
import { pickInvalid, pickSamples, SAMPLE_SHAPES } from './samples';
import { STATE_ACCEPTS_CREATES, STATE_VALIDATES_BODIES } from './states';

export { DEFAULT_CONSUMER, DEFAULT_PACT_PROFILE, DEFAULT_PROVIDER, DEFAULT_SEED } from './defaults';
export const CREATE_TYPE = '#microsoft.graph.windowsOfficeClientConfiguration';

/**
 * What the consumer sends as its bearer token in the pact. Verification replaces it with --token (inside the proxy
 * that stands between the Pact verifier and the target), so no real token is ever in a pact.
 */
export const EXAMPLE_AUTHORIZATION = 'Bearer example-token';
export const AUTHORIZATION_PATTERN = '^Bearer \\S+$';

export interface ContractRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path, or a provider-state path (`MatchersV3.fromProviderState`: the expression, the example path). */
  path: string | ProviderStateInjectedValue<string>;
  /** Header templates (a value or a matcher). */
  headers: Record<string, unknown>;
  /**
   * The JSON body the consumer sends, exact but for provider-state values (an id the state made); none for a GET or
   * a DELETE.
   */
  body?: Record<string, unknown>;
}

/** The expected answer: a status (or a status class), headers, and the expected body with matchers (see matchers.ts). */
export type ContractResponse = ExpectedResponse;

export interface ContractInteraction {
  /**
   * Stable short name: example, minimal, sample:<shape>, invalid:<rule>; the lifecycle ones get, get-unknown,
   * list-assignments, delete, patch, assign, update-priorities.
   */
  key: string;
  /** What the interaction sends, then the reading in brackets: `a minimal create (only @odata.type) [graph-docs]`. */
  description: string;
  states: string[];
  /** Why the interaction is in the contract; written as Pact V4 comments. */
  comments: string[];
  request: ContractRequest;
  response: ContractResponse;
}

export interface ContractOptions {
  seed: number;
  /** Whose readings the contract applies (readings.ts); default graph-docs, the committed pact's. */
  profile?: Profile;
  /** Expect a Location header on 201 (OData 4.01 MUST); default: the profile's reading (odata-strict only). */
  location?: boolean;
  /** Expect lastModifiedDateTime in the 201 body; default: the profile's reading (neither profile). */
  lastModified?: boolean;
  /** Expect Edm.Stream properties back inline; default: the profile's reading (neither profile). */
  streams?: boolean;
  /** Expect nested @odata.type annotations back; default: the profile's reading (neither profile). */
  nestedTypes?: boolean;
}

/** The reading a set of options applies: the profile's, with the options' overrides. */
export function contractReading(o: Omit<ContractOptions, 'seed'>): ContractReading {
  return readingFor(o.profile ?? DEFAULT_PACT_PROFILE, {
    location: o.location,
    lastModified: o.lastModified,
    streams: o.streams,
    nestedTypes: o.nestedTypes,
  });
}

/** The request header template of the consumer's bearer token. */
const authorization = (): unknown => MatchersV3.regex(AUTHORIZATION_PATTERN, EXAMPLE_AUTHORIZATION);

function request(body: Record<string, unknown>): ContractRequest {
  return {
    method: 'POST',
    path: COLLECTION_PATH,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: authorization(),
    },
    body,
  };
}

/** Every interaction of the contract for these options, in a fixed order: the creates, then the lifecycle ones. */
export function buildInteractions(o: ContractOptions): ContractInteraction[] {
  const r = contractReading(o);
  const out = [...createInteractions(o, r), ...lifecycleInteractions(r, authorization())];
  for (const i of out) i.description = `${i.description} [${r.profile}]`;
  const seen = new Set<string>();
  for (const i of out) {
    if (i.request.body === undefined) continue;
    const text = `${JSON.stringify(i.request.path)} ${JSON.stringify(i.request.body)}`;
    if (seen.has(text)) throw new Error(`contracts: two interactions send the same body (${i.key})`);
    seen.add(text);
  }
  return out;
}

/** The creates: the docs' example, a minimal body, one generated body per shape, one invalid body. */
function createInteractions(o: ContractOptions, r: ContractReading): ContractInteraction[] {
  const out: ContractInteraction[] = [
    {
      key: 'example',
      description: "a create with the documentation's example body",
      states: [STATE_ACCEPTS_CREATES],
      comments: [
        'The request body of the Graph docs page (specs/examples/windowsofficeclientconfiguration-create.request.json), with each "<Unknown Primitive Type Edm.Stream>" placeholder replaced by standard base64 of a JSON document.',
      ],
      request: request(exampleCreateBody()),
      response: createdResponse(exampleCreateBody(), r),
    },
    {
      key: 'minimal',
      description: 'a minimal create (only @odata.type)',
      states: [STATE_ACCEPTS_CREATES],
      comments: ['Every property of windowsOfficeClientConfiguration but @odata.type is optional.'],
      request: request({ '@odata.type': CREATE_TYPE }),
      response: createdResponse({ '@odata.type': CREATE_TYPE }, r),
    },
  ];
  for (const s of pickSamples(o.seed, SAMPLE_SHAPES)) {
    out.push({
      key: `sample:${s.shape.id}`,
      description: `a generated create ${s.shape.title} (seed ${o.seed}, sample ${s.index})`,
      states: [STATE_ACCEPTS_CREATES],
      comments: [
        `validCreateBody({longStrings: false}) drawn with fc.sample(seed ${o.seed}); the first body of the pool ${s.shape.title}.`,
      ],
      request: request(s.body),
      response: createdResponse(s.body, r),
    });
  }
  const invalid = pickInvalid(o.seed);
  out.push({
    key: `invalid:${invalid.case.rule}`,
    description: `an invalid create (${invalid.case.rule} at ${invalid.case.pointer}) is refused with an OData error (seed ${o.seed}, sample ${invalid.index})`,
    states: [STATE_VALIDATES_BODIES],
    comments: [
      `invalidCreateBody breaks exactly one rule: ${invalid.case.rule} at ${invalid.case.pointer}. The answer is 400 with {"error": {"code", "message"}}.`,
    ],
    request: request(invalid.case.body as Record<string, unknown>),
    response: refusedResponse(),
  });
  for (const i of out) {
    if (i.response.status === 201) i.comments.push(describeReading(r));
    else i.comments.push(`Reading: ${r.profile} (checks/profiles.ts). Any 4xx with the OData error shape verifies.`);
  }
  return out;
}
