/**
 * The lifecycle interactions of the contract: what a client of the family does with a configuration that exists
 * (read it, update it, delete it, read its assignments, assign it, set its priority) and with an id that names none.
 * Pure data, like the create interactions (interactions.ts); generate.ts writes both.
 *
 * Each names a provider state (states.ts) that sets up what it needs and returns the configuration's id, which the
 * Verifier injects (Pact V3 provider-state injection, `MatchersV3.fromProviderState`): the path writes
 * `${idSegment}` with the docs' example id as the example, and the updatePriorities body `${id}` and `${priority}`.
 *
 * Statuses (specs/DERIVATION.md status-codes; specs/generated/operations.ts). Where two statuses are allowed, the
 * pact takes both with a V4 `statusCode` matcher and expects no body (a pact cannot expect "this body, or none"):
 * - PATCH: 200 with the entity (the update pages) or 204 (OData 4.01 Protocol 11.4.3, the OpenAPI slice), in both
 *   profiles (204 the example). Asking with `Prefer: return=representation` would not settle it: a service MAY
 *   ignore the preference (Protocol 8.2.8.7). What the update stored is judged by `run --stateful`.
 * - DELETE of a configuration and updatePriorities: 204 (OData 4.01 Protocol 11.4.5 and 11.5.4.1, the OpenAPI
 *   slice) or 200 without a body (the configuration delete pages, the updatePriorities page). Nothing comes back
 *   either way, so Pact can accept both: a V4 `statusCode` matcher with [200, 204] in graph-docs (204 the example),
 *   exactly 204 in odata-strict (readings.ts okWithoutBody).
 *
 * What the answers are matched by: `@odata.type` one of the derived types (a regex; the '#' as the reading says),
 * the id by `^.+$` (the server's key), other values by type, except those the request sent (the assigned
 * group), which come back exactly.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { COLLECTION_PATH } from '../engine/run';
import { dispatchOf, ODATA_TYPE, schemaFile } from '../generators/schema';
import { UPDATE_PRIORITIES_SEGMENTS } from '../specs/generated/operations';
import type { ContractInteraction, ContractRequest } from './interactions';
import {
  CREATE_RESPONSE_FILE,
  EXAMPLE_ID,
  ID_PATTERN,
  jsonContentType,
  odataErrorBody,
  type ExpectedResponse,
} from './matchers';
import type { ContractReading } from './readings';
import {
  STATE_CONFIGURATION,
  STATE_CONFIGURATION_ASSIGNED,
  STATE_CONFIGURATION_EXISTS,
  STATE_GROUP_ID,
  STATE_ID,
  STATE_ID_SEGMENT,
  STATE_NO_CONFIGURATION,
  STATE_PRIORITY,
} from './states';

/** The example of the priority a state gives the configuration, and of the one updatePriorities sets. */
export const EXAMPLE_PRIORITY = 7;
/** What the PATCH interaction renames the configuration to. */
export const PATCHED_DISPLAY_NAME = 'Office defaults (renamed)';
/** The group the assign interaction assigns the configuration to. */
export const ASSIGNED_GROUP_ID = '2b8c6f4e-9d1a-4e3b-a5c7-0f1e2d3c4b5a';
export const GROUP_TARGET_TYPE = '#microsoft.graph.officeConfigurationGroupAssignmentTarget';
/** The example of the unknown id (the state returns a fresh UUID). */
export const EXAMPLE_UNKNOWN_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** The updatePriorities action's path: the OpenAPI slice's segment, the first of those the docs allow. */
export const UPDATE_PRIORITIES_PATH = `${COLLECTION_PATH}/${UPDATE_PRIORITIES_SEGMENTS[0]}`;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The derived types a configuration may be (createResponse's @odata.type dispatch), without '#'. */
export function derivedTypes(): string[] {
  const names = dispatchOf(schemaFile(CREATE_RESPONSE_FILE))
    .filter((d) => d.key === ODATA_TYPE)
    .flatMap((d) => d.values.map((v) => v.replace(/^#/, '')));
  return [...new Set(names)];
}

/** `^#?microsoft\.graph\.(?:a|b)$`: any derived type, the '#' optional (or required, where `hashRequired`). */
export function derivedTypePattern(hashRequired: boolean): string {
  return `^#${hashRequired ? '' : '?'}(?:${derivedTypes().map(escapeRegex).join('|')})$`;
}

/** A path below the configuration a state made: `${idSegment}` in the expression, the docs' id in the example. */
function statePath(suffix = '', example = EXAMPLE_ID): ContractRequest['path'] {
  return MatchersV3.fromProviderState(
    `${COLLECTION_PATH}/\${${STATE_ID_SEGMENT}}${suffix}`,
    `${COLLECTION_PATH}/${example}${suffix}`,
  );
}

/** One configuration as a read or an update answers it; `displayName` exact where the request sent it. */
function entityBody(r: ContractReading): Record<string, unknown> {
  return {
    [ODATA_TYPE]: MatchersV3.regex(derivedTypePattern(r.typeHash), STATE_CONFIGURATION[ODATA_TYPE]),
    id: MatchersV3.regex(ID_PATTERN, EXAMPLE_ID),
    displayName: MatchersV3.string(STATE_CONFIGURATION.displayName),
    priority: MatchersV3.integer(EXAMPLE_PRIORITY),
  };
}

const json = (status: number, body: unknown): ExpectedResponse => ({
  status,
  headers: { 'Content-Type': jsonContentType() },
  body,
});

/** An answer without a body: 204, or 200 too where the reading takes the pages' 200. */
function noContent(r: ContractReading): ExpectedResponse {
  return { status: 204, ...(r.okWithoutBody ? { statuses: [200, 204] } : {}), headers: {} };
}

type Headers = Record<string, unknown>;

/** The reads and the delete: one configuration by its id, its assignments, an unknown id. */
function reads(r: ContractReading, read: Headers): ContractInteraction[] {
  return [
    {
      key: 'get',
      description: 'a read of a configuration by its id',
      states: [STATE_CONFIGURATION_EXISTS],
      comments: [
        'GET {id} answers 200 with the entity itself, no "value" wrapper (specs/DERIVATION.md get-example-wrapped-in-value): @odata.type one of the derived types, the id, and the displayName and priority by type.',
      ],
      request: { method: 'GET', path: statePath(), headers: read },
      response: json(200, entityBody(r)),
    },
    {
      key: 'get-unknown',
      description: 'a read of an id no configuration has is refused with 404 and an OData error',
      states: [STATE_NO_CONFIGURATION],
      comments: [
        'The state returns a fresh UUID: 404 Not Found (RFC 9110 section 15.5.5) with {"error": {"code", "message"}} (OData JSON Format 4.01 section 21).',
      ],
      request: { method: 'GET', path: statePath('', EXAMPLE_UNKNOWN_ID), headers: read },
      response: json(404, odataErrorBody('notFound', `no clientConfiguration has the id '${EXAMPLE_UNKNOWN_ID}'`)),
    },
    {
      key: 'list-assignments',
      description: "a read of a configuration's assignments",
      states: [STATE_CONFIGURATION_ASSIGNED],
      comments: [
        'GET {id}/assignments answers 200 with an OData collection: {"value": [...]}, each assignment with its id and target (the group the state assigned, by type).',
      ],
      request: { method: 'GET', path: statePath('/assignments'), headers: read },
      response: json(200, {
        value: MatchersV3.eachLike({
          id: MatchersV3.regex(ID_PATTERN, EXAMPLE_ID),
          target: { groupId: MatchersV3.string(STATE_GROUP_ID) },
        }),
      }),
    },
    {
      key: 'delete',
      description: 'a delete of a configuration',
      states: [STATE_CONFIGURATION_EXISTS],
      comments: [
        r.okWithoutBody
          ? 'DELETE answers 204 No Content (OData 4.01 Protocol 11.4.5, the OpenAPI slice) or 200 without a body (the configuration delete pages): a statusCode matcher takes both, 204 is the example.'
          : "DELETE answers 204 No Content (OData 4.01 Protocol 11.4.5, the OpenAPI slice); odata-strict does not take the delete pages' 200.",
      ],
      request: { method: 'DELETE', path: statePath(), headers: read },
      response: noContent(r),
    },
  ];
}

/** The writes: PATCH, assign, updatePriorities. */
function writes(r: ContractReading, send: Headers): ContractInteraction[] {
  return [
    {
      key: 'patch',
      description: 'an update of a configuration (its displayName)',
      states: [STATE_CONFIGURATION_EXISTS],
      comments: [
        'PATCH answers 200 with the entity (the update pages) or 204 No Content (the OpenAPI slice; OData 4.01 Protocol 11.4.3), in both profiles: a statusCode matcher takes both, 204 is the example, and no body is expected (a pact cannot expect "this body, or none"). A consumer that needs the entity after an update reads it with a GET.',
        'Even Prefer: return=representation would not settle it: a service MAY ignore the preference (Protocol 8.2.8.7). What the update stores is judged by `run --stateful` (lifecycle-read).',
      ],
      request: {
        method: 'PATCH',
        path: statePath(),
        headers: send,
        body: { displayName: PATCHED_DISPLAY_NAME },
      },
      response: { status: 204, statuses: [200, 204], headers: {} },
    },
    {
      key: 'assign',
      description: 'an assign of one group to a configuration',
      states: [STATE_CONFIGURATION_EXISTS],
      comments: [
        'POST {id}/assign answers 200 with the assignments made as an OData collection, {"value": [{id, target}]}, not a bare array (specs/DERIVATION.md action-collection-result); the group sent comes back.',
      ],
      request: {
        method: 'POST',
        path: statePath('/assign'),
        headers: send,
        body: {
          officeConfigurationAssignments: [{ target: { [ODATA_TYPE]: GROUP_TARGET_TYPE, groupId: ASSIGNED_GROUP_ID } }],
        },
      },
      response: json(200, {
        value: [{ id: MatchersV3.regex(ID_PATTERN, EXAMPLE_ID), target: { groupId: ASSIGNED_GROUP_ID } }],
      }),
    },
    {
      key: 'update-priorities',
      description: 'an updatePriorities giving a configuration a new priority',
      states: [STATE_CONFIGURATION_EXISTS],
      comments: [
        r.okWithoutBody
          ? 'updatePriorities answers 204 No Content (the OpenAPI slice; OData 4.01 Protocol 11.5.4.1) or 200 without a body (the updatePriorities page): a statusCode matcher takes both, 204 is the example.'
          : "updatePriorities answers 204 No Content (the OpenAPI slice; OData 4.01 Protocol 11.5.4.1); odata-strict does not take the page's 200.",
        'The id and the priority come from the provider state (a priority no other configuration is likely to have).',
      ],
      request: {
        method: 'POST',
        path: UPDATE_PRIORITIES_PATH,
        headers: send,
        body: {
          officeConfigurationPolicyIds: [MatchersV3.fromProviderState(`\${${STATE_ID}}`, EXAMPLE_ID)],
          officeConfigurationPriorities: [MatchersV3.fromProviderState(`\${${STATE_PRIORITY}}`, EXAMPLE_PRIORITY)],
        },
      },
      response: noContent(r),
    },
  ];
}

/** The lifecycle interactions for a reading; `authorization` is the request's Authorization template. */
export function lifecycleInteractions(r: ContractReading, authorization: unknown): ContractInteraction[] {
  const read: Headers = { Accept: 'application/json', Authorization: authorization };
  const send: Headers = { 'Content-Type': 'application/json', ...read };
  const out = [...reads(r, read), ...writes(r, send)];
  for (const i of out) i.comments.push(`Reading: ${r.profile} (checks/profiles.ts, contracts/readings.ts).`);
  return out;
}
