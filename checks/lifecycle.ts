import type { LifecycleRuleId, PriorityClashReading, Severity } from './types';

/**
 * The lifecycle rules: what the documented operations promise across a sequence of requests. The stateful mode
 * (engine/stateful/) sends generated sequences, keeps a model of what the sequence wrote and judges every answer
 * against it; each violation names one of these rules. The errors each rest on normative text or on a reading
 * DERIVATION.md records, and each is shown to pass the conforming variants (the matrix) before it may fail a server.
 * One is a warning: lifecycle-action-url, for a documented URL a server does not answer while it answers another.
 */
export interface LifecycleRule {
  id: LifecycleRuleId;
  rule: string;
  source: string;
  severity: Severity;
}

export const LIFECYCLE_RULES: readonly LifecycleRule[] = [
  {
    id: 'lifecycle-status',
    rule: 'Every operation answers a status its sources allow: create 201, get and list 200, PATCH 200 or 204, DELETE 200 or 204, assign 200, updatePriorities 200 or 204, an assignment created 201; a valid request is never refused.',
    source:
      'the operation pages (get, list, create, update, delete, assign, updatePriorities, assignment pages) and the OpenAPI slice (specs/DERIVATION.md status-codes); OData 4.01 Protocol 11.4.2-11.4.5 and 11.5.4.2',
    severity: 'error',
  },
  {
    id: 'lifecycle-schema',
    rule: 'Every successful answer with a body validates against the derived response schema of its operation.',
    source:
      'specs/schemas (derived from the resource pages and the OpenAPI slice); OData JSON Format 4.01 sections 6, 7, 12',
    severity: 'error',
  },
  {
    id: 'lifecycle-read',
    rule: 'What the target shows of a configuration is what the sequence wrote: a GET by id, the PATCH answer and each item of the list give every property created or patched (DateTimeOffset by instant at the profile precision, Stream by bytes, as echo-fields compares), and a PATCH changes only the properties it names.',
    source:
      'OData 4.01 Protocol 11.4.3 (Update an Entity: PATCH changes only the properties in the body; the others keep their values) and 11.2 (Requesting Data); update and get pages',
    severity: 'error',
  },
  {
    id: 'lifecycle-delete',
    rule: 'After a successful DELETE, a GET of that id answers 404.',
    source: 'OData 4.01 Protocol 11.4.5 (Delete an Entity) and 9.1.4 (404 Not Found); delete page',
    severity: 'error',
  },
  {
    id: 'lifecycle-list',
    rule: 'The collection, read through every page, holds each configuration the sequence created and did not delete, never one it deleted, and no id twice (what a listed item says is lifecycle-read). Entities the sequence did not create are not judged: a real tenant holds others.',
    source:
      'OData 4.01 Protocol 11.2 and 11.2.6.7 (server-driven paging), OData JSON Format 4.01 section 4.5.5 (nextLink) and 12; list page',
    severity: 'error',
  },
  {
    id: 'lifecycle-assign',
    rule: "After assign, the configuration's assignments are exactly the ones assigned (compared by target): assign replaces them, and its answer lists them.",
    source: 'assign page (the action takes the full list of assignments; specs/DERIVATION.md: assign replaces)',
    severity: 'error',
  },
  {
    id: 'lifecycle-assignments',
    rule: 'The assignments navigation keeps its promises: an assignment created, read, listed, patched and deleted reads back as the sequence left it.',
    source:
      'assignment create, get, list, update and delete pages; OData 4.01 Protocol 11.4.2-11.4.5 applied to the contained navigation',
    severity: 'error',
  },
  {
    id: 'lifecycle-priorities',
    rule: 'After updatePriorities, every configuration it names reads back with the priority given for it, and no other configuration of the sequence changes.',
    source: 'updatePriorities page (two parallel lists: policy ids and their priorities)',
    severity: 'error',
  },
  {
    id: 'lifecycle-priority-clash',
    rule: 'A create or PATCH whose priority another live configuration has is treated as the --priority-clash reading says (either: refused with 4xx or stored as sent; refuse: 4xx; store: stored); a priority no other configuration has is never refused as a clash.',
    source:
      'resource pages: the priority "should be unique" per tenant, a recommendation (RFC 2119 SHOULD), so how a server enforces it is a setting (specs/DERIVATION.md)',
    severity: 'error',
  },
  {
    id: 'lifecycle-rejects-invalid',
    rule: 'An update whose body breaks one rule of the derived schema (a wrong JSON type, null where the property is not nullable, an Int32 out of range or with a fraction, an impossible or malformed DateTimeOffset) is refused with a 4xx, and the configuration reads back unchanged.',
    source:
      'OData 4.01 Protocol 11.4.3 (an update is a request a service validates like a create: 9.1.1 400 Bad Request for a malformed request) and JSON Format 4.01 section 7 (primitive values); update page and specs/schemas (officeClientConfiguration.update); the same rules generators/invalidRules.ts breaks for rejects-invalid, without the ones a profile lets a service accept',
    severity: 'error',
  },
  {
    id: 'lifecycle-method-allow',
    rule: 'A 405 Method Not Allowed carries an Allow header naming the methods the resource supports. Probed with a POST to a configuration (no source gives an entity a POST; a server may also answer 404 or 400, which is not judged).',
    source:
      'RFC 9110 section 15.5.6 (405: the origin server MUST generate an Allow header field) and 10.2.1 (Allow); a warning: a missing Allow breaks no client of this API, and web stacks differ in whether their 405 carries it',
    severity: 'warning',
  },
  {
    id: 'lifecycle-action-url',
    rule: 'Each action answers at the URL every source gives it. The sources spell the last segment differently (assign, microsoft.graph.assign; microsoft.graph.updatePriorities, updatePriorities, microsoft.management.services.api.updatePriorities); the suite tries them in that order and keeps the first the server answers. A spelling tried before it and not answered is a warning: clients built from the source that writes it fail. None answered is a lifecycle-status error.',
    source:
      'the assign and updatePriorities pages (request lines) and the OpenAPI slice (paths) disagree: specs/DERIVATION.md action-name-qualification and action-name-foreign-namespace; OData 4.01 URL Conventions 4.5 (bound operations, namespace-qualified or, where the service allows, bare)',
    severity: 'warning',
  },
];

export function lifecycleRule(id: LifecycleRuleId): LifecycleRule {
  const found = LIFECYCLE_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no lifecycle rule ${id}`);
  return found;
}

/** What the --priority-clash reading demands of an answer to a create or PATCH that clashes. */
export function clashAllows(reading: PriorityClashReading, outcome: 'refused' | 'stored'): boolean {
  return reading === 'either' || (reading === 'refuse' ? outcome === 'refused' : outcome === 'stored');
}
