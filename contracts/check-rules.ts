/**
 * The rules `pact check` judges a consumer's pact by: what each says, where it comes from, and its severity in each
 * profile (undefined: the profile does not judge it). Error-level rules name the normative text they rest on; the
 * profile-dependent ones read the profile's settings (checks/profiles.ts) or the contract readings
 * (contracts/readings.ts), never a profile name.
 */
import { echoFields } from '../checks/echo-fields';
import { odataType } from '../checks/odata-type';
import { rejectsInvalid } from '../checks/rejects-invalid';
import { status201 } from '../checks/status-201';
import type { Profile, Severity } from '../checks/types';
import { readingFor } from './readings';

export const PACT_CHECK_RULE_IDS = [
  'openapi-slice',
  'documented-operation',
  'create-status-201',
  'create-body-valid',
  'invalid-body-4xx',
  'lenient-body',
  'response-property',
  'response-echo',
  'echo-exact-form',
  'server-value-exact',
  'response-not-promised',
  'location-header-expected',
  'odata-type-annotation',
  'odata-type-hash',
] as const;
export type PactCheckRuleId = (typeof PACT_CHECK_RULE_IDS)[number];

export interface PactCheckRule {
  id: PactCheckRuleId;
  /** The rule in one sentence. */
  rule: string;
  /** Where it comes from. */
  source: string;
  /** The severity of its findings in a profile; undefined when the profile does not judge it. */
  severity: (profile: Profile) => Severity | undefined;
}

export const VALIDATOR = { name: '@pactflow/swagger-mock-validator', version: '14.5.0' } as const;

export const PACT_CHECK_RULES: Readonly<Record<PactCheckRuleId, PactCheckRule>> = {
  'openapi-slice': {
    id: 'openapi-slice',
    rule: "Each interaction agrees with specs/openapi.yaml as swagger-mock-validator reads it (paths, methods, statuses, headers, request and response bodies, the bearer security scheme); the validator's errors are errors and its warnings warnings, except a oneOf it cannot decide (a body naming no @odata.type fits both derived types), which is a warning, and a create body's missing @odata.type, which the readings judge by the profile (lenient-body) instead; a finding it gives twice is kept once.",
    source: `specs/openapi.yaml (derived from the Graph docs pages), judged by ${VALIDATOR.name} ${VALIDATOR.version} (-A true: response schemas are open)`,
    severity: () => 'error',
  },
  'documented-operation': {
    id: 'documented-operation',
    rule: 'An interaction is an HTTP request with a documented method to a documented path, relative to the service root: POST or GET /officeConfiguration/clientConfigurations, GET, PATCH or DELETE /officeConfiguration/clientConfigurations/{id}.',
    source:
      'the Graph docs pages (HTTP request of the create, list, get, update and delete pages), as the paths of specs/openapi.yaml',
    severity: () => 'error',
  },
  'create-status-201': {
    id: 'create-status-201',
    rule: 'A create with a docs-valid body expects 201 Created (a 4xx is left to the consumer: auth, states); any other expectation a conforming service never meets.',
    source: `OData 4.01 Protocol 11.4.2 / the create page: 201 Created (the status-201 check: ${status201.source})`,
    severity: () => 'error',
  },
  'create-body-valid': {
    id: 'create-body-valid',
    rule: 'A create whose expected answer is a 2xx sends a docs-valid create body (the example values, matchers left aside, validated with the compiled specs/schemas/createRequest.schema.json).',
    source:
      'the create page (request body) and the resource page (Properties table), as specs/schemas/createRequest.schema.json; OData 4.01 Protocol 11.4.2',
    severity: () => 'error',
  },
  'invalid-body-4xx': {
    id: 'invalid-body-4xx',
    rule: 'A create that sends an invalid body expects a 4xx, and only a 4xx.',
    source: `the rejects-invalid check: ${rejectsInvalid.source}`,
    severity: () => 'error',
  },
  'lenient-body': {
    id: 'lenient-body',
    rule: 'A create body that a conforming service may accept or refuse (a leniency of the profile, or an undeclared property) pins one answer: the pact fails against conforming services that give the other.',
    source:
      'specs/leniencies.ts (the source of each leniency); the unknown-property check (OData JSON Format 4.01 section 4.5: servers differ on undeclared properties)',
    severity: () => 'warning',
  },
  'response-property': {
    id: 'response-property',
    rule: 'Every property the expected response body holds is declared by the docs for that answer: the created or read type (the resource page), the collection wrapper, or the OData error; annotations (keys with "@") aside.',
    source:
      'the resource pages (Properties tables), as specs/schemas/*.schema.json; OData JSON Format 4.01 section 4.5 and CSDL 4.01 section 6.3 (undeclared properties only on open types); OData JSON Format 4.01 section 21 (errors)',
    severity: () => 'error',
  },
  'response-echo': {
    id: 'response-echo',
    rule: 'Where the expected 2xx body of a create holds a property the request sent, a service echoing the sent value meets it: an exact value equals the sent one by Edm meaning, a matcher accepts the sent value, arrays have the sent length, a null sent is expected null or absent, and the top-level @odata.type names the type sent.',
    source: `the echo-fields check: ${echoFields.source}`,
    severity: () => 'error',
  },
  'echo-exact-form': {
    id: 'echo-exact-form',
    rule: 'An Edm.DateTimeOffset or Edm.Stream expected back exactly, in one text form, fails a conforming service that writes the same instant or bytes in another form (another offset, 7 digits, base64url).',
    source:
      'the echo-fields check (DateTimeOffset compared by instant at the profile precision, Stream by decoded bytes); contracts/matchers.ts (regex of the OData grammar)',
    severity: () => 'warning',
  },
  'server-value-exact': {
    id: 'server-value-exact',
    rule: 'A value the service decides (a read-only property: the id, lastModifiedDateTime) is expected by a matcher, not exactly.',
    source: 'the resource page (read-only properties), as readOnly in specs/schemas; the server-assigned-id check',
    severity: () => 'warning',
  },
  'response-not-promised': {
    id: 'response-not-promised',
    rule: "The expected 2xx body of a create holds only what the profile's reading promises: not lastModifiedDateTime, Edm.Stream values inline, nested @odata.type annotations, navigation properties, or a property the create did not send.",
    source:
      'contracts/readings.ts (last-modified is a warning "where present"; OData JSON Format 4.01 section 8.4: a stream may be a media link; odata-type judges nested annotations only where present); the create page (the answer is the created object, nothing more is promised)',
    severity: () => 'warning',
  },
  'location-header-expected': {
    id: 'location-header-expected',
    rule: "In graph-docs, the create's expected 2xx does not require a Location header: the docs never promise one.",
    source:
      "specs/DERIVATION.md location-header (the docs' 201 examples carry no Location; location-header is a warning in graph-docs); OData 4.01 Protocol 11.4.2 requires it, so odata-strict expects it",
    severity: (profile) => (readingFor(profile).location ? undefined : 'error'),
  },
  'odata-type-annotation': {
    id: 'odata-type-annotation',
    rule: "Every @odata.type in the request and the expected response is a qualified type name; an expected one names the type declared at its place (the created type at the top of a create's answer) and, where the profile requires the '#' (odata-strict), accepts the form with '#'.",
    source: `the odata-type check: ${odataType.source}`,
    severity: () => 'error',
  },
  'odata-type-hash': {
    id: 'odata-type-hash',
    rule: "The '#' of @odata.type as the profile reads it: in graph-docs the expected top-level type accepts both forms (exactly one form fails a service that writes the other); in odata-strict the request writes it too.",
    source:
      "OData JSON Format 4.01 section 4.5.3 (the '#' may be left out); OData JSON Format 4.0 section 4.5.3 (required); specs/DERIVATION.md nested-odata-type-without-hash; checks/profiles.ts typeHashRequired",
    severity: () => 'warning',
  },
};

export function ruleInfo(id: PactCheckRuleId): PactCheckRule {
  return PACT_CHECK_RULES[id];
}
