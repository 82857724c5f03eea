import { DEFAULT_PRIORITY_CLASH, PRIORITY_CLASH_READINGS } from '../settings';
import type { Disagreement, Sources } from './disagreements';
import type { DocsModel, PropertyModel } from './model';
import { constantName } from './operations-table';
import { qualifier, type FamilyOperation } from './surface';

/**
 * The disagreements of the operations beyond create/read/update/delete of a configuration: the actions' names and
 * answers, what assign does to the assignments, and the priority recommendation of the resource pages.
 */

const GENERATED = 'specs/generated/operations.ts';

const normalizePath = (path: string): string => path.replace(/\{[^}]+\}/g, '{id}');

function segmentsNote(op: FamilyOperation): string {
  const action = op.action;
  if (!action) return '';
  return `${constantName(action.name)}_SEGMENTS in ${GENERATED}: ${action.segments.join(', ')}`;
}

/** A request line's action segment and the slice's differ only in whether the service namespace is written. */
export function findActionNameQualification({ operations }: Sources): Disagreement | undefined {
  const differing = operations.filter((op) => {
    const a = op.action;
    if (!a?.sliceSegment || a.sliceSegment === a.docsSegment) return false;
    const q = qualifier(a.docsSegment);
    return q === undefined || q === a.namespace;
  });
  if (differing.length === 0) return undefined;
  return {
    id: 'action-name-qualification',
    findings: differing.map(
      (op) =>
        `${op.pages[0]?.page ?? ''}: the request line ends in /${op.action?.docsSegment ?? ''}; the OpenAPI slice's path ends in /${op.action?.sliceSegment ?? ''}.`,
    ),
    reading: `Both segments address the same bound action. openapi.yaml describes each path with the same operation shape, and a server conforms when it answers under either; the segments accepted, preferred first, are ${differing.map(segmentsNote).join('; ')}.`,
    why: "OData 4.0 addresses a bound action by its namespace-qualified name; OData 4.01 lets a service also take the bare name for operations of a namespace it treats as default (URL Conventions 4.01, addressing operations without namespace or alias). Graph does: the pages write the bare name and Graph's generated SDKs build .../assign URLs. Which form a given deployment answers is written nowhere, so either passes.",
  };
}

/** A request line's action segment carries a namespace that is not the page's own. */
export function findActionNameForeignNamespace({ operations }: Sources): Disagreement | undefined {
  const foreign = operations.filter((op) => {
    const q = op.action ? qualifier(op.action.docsSegment) : undefined;
    return q !== undefined && q !== op.action?.namespace;
  });
  if (foreign.length === 0) return undefined;
  const findings: string[] = [];
  for (const op of foreign) {
    const a = op.action;
    const page = op.pages[0];
    if (!a || !page) continue;
    findings.push(
      `${page.page}: the request line ends in /${a.docsSegment}, a name in namespace ${qualifier(a.docsSegment) ?? ''}; the page's own Namespace line says ${page.namespace ?? '(none)'}.`,
    );
    if (op.slice) findings.push(`OpenAPI slice: the same action is POST ${normalizePath(op.slice.path)}.`);
  }
  return {
    id: 'action-name-foreign-namespace',
    findings,
    reading: `The action is read in the page's namespace: openapi.yaml describes the slice's path, and a server conforms when it answers under any of the accepted segments, preferred first (${foreign.map(segmentsNote).join('; ')}). A server that answers only under the page's segment also passes. Its status codes are under status-codes.`,
    why: "The slice, generated from Graph's metadata, and the page's own Namespace line agree on one namespace; the page's segment names a namespace no other source here uses, which reads as the service's internal model showing through. The bare name is allowed by OData 4.01 where the service takes it, as for the other action.",
  };
}

function isValueWrapped(body: unknown): number | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const value = (body as Record<string, unknown>)['value'];
  return Array.isArray(value) ? value.length : undefined;
}

/** The slice's own GET operations that write their collection as an object with value. */
function sliceWrappedLists(model: DocsModel): string[] {
  const out: string[] = [];
  for (const op of model.slice?.operations.values() ?? []) {
    const props = op.successSchema?.['properties'] as Record<string, Record<string, unknown>> | undefined;
    if (op.method === 'GET' && props?.['value']?.['type'] === 'array')
      out.push(`OpenAPI slice: GET ${normalizePath(op.path)} writes its collection as an object with value.`);
  }
  return out;
}

/** An action's collection result: an object with value in the page's example, a bare array in the slice. */
export function findActionCollectionResult({ model, operations }: Sources): Disagreement | undefined {
  const findings: string[] = [];
  const names: string[] = [];
  for (const op of operations) {
    const returns = op.action?.returns;
    const page = op.pages[0];
    if (!returns?.collection || !page) continue;
    const n = isValueWrapped(page.exampleResponse?.body);
    const slice = op.slice;
    if (n === undefined || slice?.successSchema?.['type'] !== 'array') continue;
    names.push(`${op.action?.name ?? ''}Response.schema.json`);
    findings.push(`${page.page}: the example answer is an object whose value is an array of ${n} ${returns.typeName}.`);
    findings.push(
      `OpenAPI slice: the ${slice.statuses.join('/')} schema of ${slice.method} ${normalizePath(slice.path)} is a bare array.`,
    );
  }
  if (findings.length === 0) return undefined;
  return {
    id: 'action-collection-result',
    findings: [...findings, ...sliceWrappedLists(model)],
    reading: `An action that returns a collection answers an object whose value is the array, with @odata.context and @odata.nextLink optional (${names.join(', ')}). A bare JSON array is not accepted, not even as a warning: it fails the response schema.`,
    why: "OData JSON Format 4.01 writes a collection of entities as an object with a value member (section 12), and the slice does so itself for its list operation; the bare array is how the slice's generator wrote the action's return type, not a payload OData defines. Graph's generated SDKs read an Intune assign result as an object with value (an AssignPostResponse type), so a bare array would break them; no source gives a reason to accept one.",
  };
}

function relationshipOfType(model: DocsModel, typeName: string, itemType: string): PropertyModel | undefined {
  for (let t = model.types.get(typeName); t; t = t.baseType ? model.types.get(t.baseType) : undefined) {
    const found = t.properties.find((p) => p.navigation && p.collection && p.typeName === itemType);
    if (found) return found;
  }
  return undefined;
}

/** An entity-bound action whose one parameter and whose result are both the whole list of a relationship. */
export function findAssignReplaces({ model, operations }: Sources): Disagreement | undefined {
  const findings: string[] = [];
  const readings: string[] = [];
  for (const op of operations) {
    const a = op.action;
    const page = op.pages[0];
    const param = a?.parameters.length === 1 ? a.parameters[0] : undefined;
    if (!a || !page || a.boundTo !== 'entity' || !param?.collection || !param.typeName) continue;
    if (!a.returns?.collection || a.returns.typeName !== param.typeName) continue;
    const nav = relationshipOfType(model, op.typeName, param.typeName);
    if (!nav) continue;
    findings.push(
      `${page.page}: the one parameter, ${param.name}, is a collection of ${param.typeName}, and so is the answer: the type of the ${nav.name} relationship of ${op.typeName}.${page.summary && /^replace\b/i.test(page.summary) ? ' The summary begins with "Replace".' : ''}`,
    );
    const create = operations.find((o) => o.kind === 'create' && o.navigation.at(-1) === nav.name);
    if (create?.pages[0]) findings.push(`${create.pages[0].page}: POST ${create.template} adds one ${param.typeName}.`);
    readings.push(
      `${a.name} replaces the ${nav.name}: after a success, GET .../{id}/${nav.name} lists exactly the items sent, and the answer's value is that resulting list; an empty ${param.name} leaves none. Items are matched by target, not by id: an id is set by the server, and one sent in the request may be kept or replaced`,
    );
  }
  if (findings.length === 0) return undefined;
  return {
    id: 'assign-replaces-assignments',
    findings,
    reading: `${readings.join('. ')}.`,
    why: "The page takes the whole list as the action's only parameter and answers the collection that results, and its summary calls it a replacement; adding a single item is what the create page is for. The slice's entry says nothing either way. Ids follow the family's rule that the server sets them (required-table-lists-id).",
  };
}

/** A resource page's property row recommends ("should be unique") a per-tenant unique value. */
export function findPriorityUniqueness({ model, operations }: Sources): Disagreement | undefined {
  const rows: string[] = [];
  const owners = new Set<string>();
  let property = '';
  for (const t of model.types.values())
    for (const p of t.properties)
      if (/\bshould be unique\b/i.test(p.description)) {
        rows.push(
          `${t.page}: the ${p.name} row says a value "should be unique"${/\btenant\b/i.test(p.description) ? ' per tenant' : ''}.`,
        );
        owners.add(t.name);
        property = p.name;
      }
  if (rows.length === 0) return undefined;
  const writes = operations
    .filter((op) => (op.kind === 'create' || op.kind === 'update') && owners.has(op.typeName))
    .flatMap((op) => op.pages);
  const documentsError = writes.some((op) => (op.documentedStatus ?? 0) >= 400);
  const values = PRIORITY_CLASH_READINGS.map((v) => (v === DEFAULT_PRIORITY_CLASH ? `${v} (default)` : v));
  return {
    id: 'priority-uniqueness',
    findings: [
      ...rows,
      `${writes.length} create and update page(s) of those types: ${documentsError ? 'some document an error answer' : `none documents an answer for a ${property} that another ${[...owners].find((o) => !model.types.get(o)?.baseType) ?? 'item'} already has`}.`,
    ],
    reading:
      '"Should" is read in the RFC 2119 sense: a recommendation, not a rule a server must enforce. A create or PATCH that gives a configuration a priority another configuration already has may be refused with a 4xx or stored as sent; by default either passes. `refuse` demands a 4xx; `store` demands the value stored as sent (read back unchanged).',
    why: 'RFC 2119 lets a "should" be set aside for a good reason, and no page says what a server answers to a clash (no error code, no rule on which configuration wins). A suite that demanded one answer would fail servers that follow the other reading; the setting lets a run that knows its server demand one.',
    setting: `--priority-clash: ${values.join(' | ')}`,
  };
}
