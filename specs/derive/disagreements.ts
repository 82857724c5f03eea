import type { DocsModel, OperationModel } from './model';
import { familyOperations, type FamilyOperation } from './surface';
import {
  findActionCollectionResult,
  findActionNameForeignNamespace,
  findActionNameQualification,
  findAssignReplaces,
  findPriorityUniqueness,
} from './disagreements-operations';

/** One place where the sources say different things, and the reading the specs take. */
export interface Disagreement {
  id: string;
  /** What each source says, as facts found in the pages. */
  findings: string[];
  reading: string;
  why: string;
  /** The strictness setting (profile) that switches between readings, when there is one. */
  setting?: string;
}

const STREAM_PLACEHOLDER = '<Unknown Primitive Type Edm.Stream>';

export function walk(
  value: unknown,
  path: string,
  visit: (v: unknown, path: string, key: string) => void,
  key = '',
): void {
  visit(value, path, key);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}/${i}`, visit, String(i)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      walk(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit, k);
  }
}

function exampleBodies(model: DocsModel): Array<{ where: string; body: unknown }> {
  const out: Array<{ where: string; body: unknown }> = [];
  for (const op of model.operations) {
    if (op.exampleRequest?.body !== undefined)
      out.push({ where: `${op.page} (example request)`, body: op.exampleRequest.body });
    if (op.exampleResponse?.body !== undefined)
      out.push({ where: `${op.page} (example response)`, body: op.exampleResponse.body });
  }
  for (const t of model.types.values()) {
    if (t.jsonRepresentation) out.push({ where: `${t.page} (JSON representation)`, body: t.jsonRepresentation });
  }
  return out;
}

/** What every finder reads: the model, every example body, and the resolved operations. */
export interface Sources {
  model: DocsModel;
  bodies: Array<{ where: string; body: unknown }>;
  operations: FamilyOperation[];
}

/** The pages of every create (POST to a collection), in page order. */
function createPages(sources: Sources, entitySetOnly = false): OperationModel[] {
  const pages = new Set(
    sources.operations
      .filter((op) => op.kind === 'create' && (!entitySetOnly || (op.navigation.length === 1 && op.keys.length === 0)))
      .flatMap((op) => op.pages),
  );
  return sources.model.operations.filter((op) => pages.has(op));
}

/** 1. A create page's "required" table lists every property, id included; its example omits id. */
function findRequiredTableListsId(sources: Sources): Disagreement | undefined {
  const idInTable = createPages(sources).filter(
    (op) =>
      op.requiredTable?.rows.some((r) => r.cells[0] === 'id') &&
      op.exampleRequest?.body &&
      typeof op.exampleRequest.body === 'object' &&
      !('id' in (op.exampleRequest.body as object)),
  );
  if (idInTable.length === 0) return undefined;
  return {
    id: 'required-table-lists-id',
    findings: idInTable.map(
      (op) =>
        `${op.page}: the table introduced as "required" lists ${op.requiredTable?.rows.length ?? 0} properties including id; the example request sends no id.`,
    ),
    reading:
      'No property of a create body is required except the @odata.type that names a derived type (a configuration); id and lastModifiedDateTime are read-only and set by the server (a client id is ignored).',
    why: 'The example, not the generated table, shows the real shape; an id a client could choose would break server-assigned keys.',
  };
}

/** 2. Edm.Stream values appear only as a placeholder; the OpenAPI slice says base64url. */
function findStreamPlaceholder({ model, bodies }: Sources): Disagreement | undefined {
  const placeholders: string[] = [];
  for (const { where, body } of bodies) {
    let n = 0;
    walk(body, '', (v) => {
      if (v === STREAM_PLACEHOLDER) n++;
    });
    if (n > 0) placeholders.push(`${where}: ${n} value(s) are the text "${STREAM_PLACEHOLDER}".`);
  }
  const sliceFormats = new Set<string>();
  for (const props of model.slice?.types.values() ?? []) {
    for (const [name, p] of props)
      if (/Payload$/.test(name) && p.format) sliceFormats.add(`${name}: format ${p.format}`);
  }
  if (placeholders.length === 0) return undefined;
  return {
    id: 'stream-placeholder',
    findings: [
      ...placeholders,
      sliceFormats.size > 0
        ? `OpenAPI slice: ${[...sliceFormats].sort().join('; ')}.`
        : 'OpenAPI slice: no format given for Stream properties.',
    ],
    reading:
      'An Edm.Stream value is sent as standard base64 (RFC 4648 section 4, with padding) of UTF-8 JSON text. Answers may write it as base64 or base64url (the response schemas accept both), or not inline at all: absent, null, or only a media link annotation (OData JSON Format 4.01 section 8.4). Payloads are compared by decoded bytes. Example fixtures keep the placeholder; tests replace it before validating.',
    why: "The placeholder is not a value; the Graph SDKs for Go, .NET and TypeScript send standard base64, which is what real clients put on the wire. OData .NET writes inline streams as base64url and normally writes stream properties as media links, so a check that demanded the bytes back inline, or in base64, would fail Microsoft's own stack. Same reading in both profiles.",
  };
}

/** 3. Nested @odata.type values without the leading '#'. */
function findNestedOdataTypeWithoutHash({ bodies }: Sources): Disagreement | undefined {
  const noHash = new Set<string>();
  for (const { where, body } of bodies) {
    walk(body, '', (v, path, key) => {
      if (key === '@odata.type' && typeof v === 'string' && !v.startsWith('#') && path.split('/').length > 2)
        noHash.add(`${where}: ${path} = "${v}"`);
    });
  }
  if (noHash.size === 0) return undefined;
  const list = [...noHash].sort();
  return {
    id: 'nested-odata-type-without-hash',
    findings: [...list.slice(0, 8), ...(list.length > 8 ? [`... and ${list.length - 8} more places like these.`] : [])],
    reading:
      'Schemas accept both spellings. The odata-type check accepts a nested value without "#" in the graph-docs profile and requires "#" in odata-strict.',
    why: 'OData JSON 4.0 requires the "#"; 4.01 consumers accept both; the docs themselves omit it on every nested value.',
    setting: 'profile: graph-docs (default) | odata-strict',
  };
}

/** 4. lastModifiedDateTime typed "DateTime" (not an Edm type), and absent from the OpenAPI slice. */
function findDateTimeIsNotAnEdmType({ model }: Sources): Disagreement | undefined {
  const dateTime: string[] = [];
  for (const t of model.types.values()) {
    for (const p of t.properties) {
      if (p.docsType !== 'DateTime') continue;
      const inSlice =
        model.slice?.types.get(t.name)?.has(p.name) || (t.baseType && model.slice?.types.get(t.baseType)?.has(p.name));
      dateTime.push(
        `${t.page}: ${p.name} is typed "DateTime"${inSlice ? '' : '; the OpenAPI slice has no such property'}.`,
      );
    }
  }
  if (dateTime.length === 0) return undefined;
  return {
    id: 'datetime-is-not-an-edm-type',
    findings: dateTime,
    reading:
      'lastModifiedDateTime is an Edm.DateTimeOffset, read-only, optional in responses, nullable (the CSDL default, since the slice is silent).',
    why: 'Edm has no DateTime type since OData v4; every other timestamp of this family is DateTimeOffset.',
  };
}

/** 5. A property in a resource's table that its JSON representation leaves out. */
function findJsonRepresentationIncomplete({ model }: Sources): Disagreement | undefined {
  const missing: string[] = [];
  for (const t of model.types.values()) {
    const rep = t.jsonRepresentation;
    if (!rep) continue;
    for (const p of t.properties)
      if (!p.navigation && !(p.name in rep))
        missing.push(`${t.page}: ${p.name} is in the Properties table but not in the JSON representation.`);
  }
  if (missing.length === 0) return undefined;
  return {
    id: 'json-representation-incomplete',
    findings: missing,
    reading: 'The Properties tables are the source of the property list; JSON representations only confirm shapes.',
    why: 'The tables are complete for every type; representations drop properties.',
  };
}

const normalizePath = (path: string): string => path.replace(/\{[^}]+\}/g, '{id}');

/** What one page's status line, example and the slice say, where they differ. */
function statusFindings(op: OperationModel, family: FamilyOperation | undefined): string[] {
  const out: string[] = [];
  const slice = family?.slice;
  if (op.documentedStatus && slice && slice.statuses.length > 0 && !slice.statuses.includes(op.documentedStatus)) {
    out.push(
      `${op.page}: the page says ${op.documentedStatus}; the OpenAPI slice says ${slice.statuses.join(', ')} for ${slice.method} ${normalizePath(slice.path)}.`,
    );
  }
  if (op.documentedStatus && op.exampleResponse?.status && op.documentedStatus !== op.exampleResponse.status) {
    out.push(
      `${op.page}: the text says ${op.documentedStatus} ${op.documentedStatusText ?? ''}; the example answers ${op.exampleResponse.status}.`,
    );
  }
  if (op.documentedStatus === 200 && op.documentedStatusText === 'Created') {
    out.push(`${op.page}: "200 Created" pairs a code with another code's name.`);
  }
  if (op.documentedStatus && !slice && (family?.kind === 'update' || family?.kind === 'delete')) {
    out.push(
      `${op.page}: the page says ${op.documentedStatus}; the OpenAPI slice leaves ${op.method} ${family.template} out.`,
    );
  }
  return out;
}

/** 6. Status codes: page text vs example vs OpenAPI slice. */
function findStatusCodes({ model, operations }: Sources): Disagreement | undefined {
  const byPage = new Map(operations.flatMap((f) => f.pages.map((p) => [p, f] as const)));
  const findings = model.operations.flatMap((op) => statusFindings(op, byPage.get(op)));
  if (findings.length === 0) return undefined;
  const actions = operations
    .filter((op) => op.action)
    .map((op) => `${op.action?.name ?? ''} ${op.statuses.map((s) => s.code).join(' or ')}`);
  return {
    id: 'status-codes',
    findings,
    reading: `A create (POST to a collection) answers 201: every example and the reason phrase "Created" agree on it, where one page's number says 200. PATCH may answer 200 with the entity or 204; DELETE may answer 200 or 204; both for a configuration and for an assignment: the OpenAPI fragment lists both, and the reference implementation answers PATCH 200 and DELETE 204. An action may answer any success code a source gives it (${actions.join('; ')}), with a body only where the page documents one.`,
    why: "Both readings are legal OData; a suite that demanded one would fail servers that follow the other source. The slice leaves the assignment paths out, so the configuration's reading carries over. OData answers an action that returns nothing with 204 (Protocol 11.5.4.1), while the page documents 200 with no body: nothing a client reads differs.",
  };
}

/** 7. Single-entity GET examples wrapped in { "value": ... }. */
function findGetExampleWrappedInValue({ model }: Sources): Disagreement | undefined {
  const wrapped = model.operations.filter(
    (op) =>
      op.method === 'GET' &&
      /\{[^}]+\}$/.test(op.path) &&
      op.exampleResponse?.body &&
      typeof op.exampleResponse.body === 'object' &&
      !Array.isArray((op.exampleResponse.body as Record<string, unknown>)['value']) &&
      (op.exampleResponse.body as Record<string, unknown>)['value'] !== undefined,
  );
  if (wrapped.length === 0) return undefined;
  return {
    id: 'get-example-wrapped-in-value',
    findings: wrapped.map((op) => `${op.page}: the single-entity example response is {"value": {...}}.`),
    reading: 'GET by id answers the entity itself (no wrapper); "value" wraps collections only.',
    why: 'OData JSON format: a single entity is the top-level object; only collections use "value". The OpenAPI slice agrees.',
  };
}

/** 8. Location header: OData requires it on 201; the docs' examples have none. */
function findLocationHeader(sources: Sources): Disagreement | undefined {
  const without = createPages(sources).filter((op) => op.exampleResponse && !op.exampleResponse.headers['location']);
  if (without.length === 0) return undefined;
  return {
    id: 'location-header',
    findings: without.map((op) => `${op.page}: the 201 example carries no Location header.`),
    reading: 'A missing Location header is a warning in the graph-docs profile and an error in odata-strict.',
    why: 'OData 4.01 (Protocol 11.4.2) says a 201 carries Location; Graph examples show none.',
    setting: 'profile: graph-docs (default) | odata-strict',
  };
}

/** 9. DateTimeOffset precision: how many fractional digits the examples write, against the ABNF's 12. */
function findDateTimePrecision({ bodies }: Sources): Disagreement | undefined {
  const digits = new Map<number, string[]>();
  for (const { where, body } of bodies)
    walk(body, '', (v, path) => {
      const m = typeof v === 'string' ? /T\d{2}:\d{2}:\d{2}\.(\d+)(?:Z|[+-]\d{2}:\d{2})$/.exec(v) : null;
      if (m?.[1]) digits.set(m[1].length, [...(digits.get(m[1].length) ?? []), `${where} ${path || '/'}`]);
    });
  if (digits.size === 0) return undefined;
  return {
    id: 'datetime-precision',
    findings: [
      ...[...digits.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([n, places]) => `${n} fractional digits in ${places.length} example value(s), e.g. ${places[0] ?? ''}.`),
      'OData ABNF 4.01: `fractionalSeconds = 1*12DIGIT`; no page gives a Precision facet for a DateTimeOffset property.',
    ],
    reading:
      "graph-docs compares a DateTimeOffset round trip at 7 fractional digits (the examples' and .NET's 100 ns): a value may come back rounded or truncated to 7 digits, not to fewer. odata-strict compares at 12. Fractions longer than 7 digits are still sent as valid values.",
    why: "Microsoft's stack keeps System.DateTimeOffset ticks (100 ns) and rounds the rest; comparing at 12 digits fails every real Graph service (a false alarm), while JavaScript's milliseconds still fail at 7.",
    setting: 'profile: graph-docs (7 digits) | odata-strict (12 digits)',
  };
}

/** 10. @odata.type in the entity set's create body: every example sends it, no page's table lists it. */
function findOdataTypeInCreateBody(sources: Sources): Disagreement | undefined {
  const creates = createPages(sources, true);
  const typeListed = creates.filter((op) => op.requiredTable?.rows.some((r) => r.cells[0] === '@odata.type'));
  const typeSent = creates.filter(
    (op) =>
      op.exampleRequest?.body &&
      typeof op.exampleRequest.body === 'object' &&
      '@odata.type' in (op.exampleRequest.body as object),
  );
  if (typeSent.length === 0 || typeListed.length > 0) return undefined;
  return {
    id: 'odata-type-in-create-body',
    findings: [
      ...typeSent.map((op) => `${op.page}: the example request sends @odata.type.`),
      `${creates.length} create page(s): the properties table does not list @odata.type.`,
    ],
    reading:
      'Generated bodies always send @odata.type. A body without it is the `missing-odata-type` leniency: graph-docs accepts a 201 (creating the only documented type) or a 4xx (refusing the abstract base) and reports a 201 as a `lenient-input` warning; odata-strict demands a 4xx.',
    why: 'The docs never say the annotation is required; OData JSON Format 4.01 section 4.5.3 makes it required only where the type cannot be told otherwise. Both a server that defaults the type and one that refuses the base are defensible.',
    setting: 'profile: graph-docs (leniency) | odata-strict (4xx required)',
  };
}

/** Every finder, in the order DERIVATION.md lists what they find. */
const FINDERS: Array<(sources: Sources) => Disagreement | undefined> = [
  findRequiredTableListsId,
  findStreamPlaceholder,
  findNestedOdataTypeWithoutHash,
  findDateTimeIsNotAnEdmType,
  findJsonRepresentationIncomplete,
  findStatusCodes,
  findGetExampleWrappedInValue,
  findLocationHeader,
  findDateTimePrecision,
  findOdataTypeInCreateBody,
  findActionNameQualification,
  findActionNameForeignNamespace,
  findActionCollectionResult,
  findAssignReplaces,
  findPriorityUniqueness,
];

/** Finds every disagreement the derivation knows how to look for; each one found is listed with its reading. */
export function findDisagreements(model: DocsModel): Disagreement[] {
  const sources: Sources = { model, bodies: exampleBodies(model), operations: familyOperations(model) };
  return FINDERS.map((find) => find(sources)).filter((d): d is Disagreement => d !== undefined);
}
