import { PageError } from './markdown';
import {
  parseDocsType,
  type DocsModel,
  type OperationModel,
  type PropertyModel,
  type SliceOperation,
  type TypeModel,
} from './model';
import { NAMESPACE } from './schemas';

/**
 * The family's API surface: each API page's request line resolved against the resource pages (which segment is a
 * relationship, which a key, which an action), pages that document the same operation grouped, and the success
 * statuses every source allows gathered. The OpenAPI fragment, the operations table, the action schemas and the
 * disagreements all read this, so nothing downstream repeats what a page says.
 */

export type OperationKind = 'list' | 'create' | 'get' | 'update' | 'delete' | 'action';

export interface ActionModel {
  /** The action's name without a namespace (assign). */
  name: string;
  /** The namespace the API page declares for itself, else the types' namespace. */
  namespace: string;
  /** The last path segment as the page writes it. */
  docsSegment: string;
  /** The last path segment as the OpenAPI slice writes it, when the slice has the action. */
  sliceSegment?: string;
  /** The segments a source writes in the service namespace or unqualified: the paths openapi.yaml describes. */
  describedSegments: string[];
  /** Every segment a server may answer under, most preferred first (DERIVATION.md says why). */
  segments: string[];
  /** Bound to one entity (.../{id}/assign) or to the collection (.../updatePriorities). */
  boundTo: 'entity' | 'collection';
  /** The rows of the page's parameter table, typed as properties are. */
  parameters: PropertyModel[];
  returns?: { typeName: string; collection: boolean };
}

/** A success status and who gives it: the API pages, the OpenAPI slice, or a reading of DERIVATION.md. */
export interface SuccessStatus {
  code: number;
  from: Array<'docs pages' | 'OpenAPI slice' | 'reading'>;
}

export interface FamilyOperation {
  kind: OperationKind;
  method: string;
  /** The path with keys renamed ({id}, then {<relationship>Id}); an action keeps the docs' segment. */
  template: string;
  /** The type the path addresses: the collection's items, the entity, or what an action is bound to. */
  typeName: string;
  /** Key parameter names, outermost first. */
  keys: string[];
  /** Relationship segments, outermost first (clientConfigurations, assignments). */
  navigation: string[];
  /** Every API page that documents this operation. */
  pages: OperationModel[];
  slice?: SliceOperation;
  action?: ActionModel;
  statuses: SuccessStatus[];
}

const REASON_PHRASE_CODE: Record<string, number> = { OK: 200, Created: 201, Accepted: 202, 'No Content': 204 };

export function singular(segment: string): string {
  return segment.replace(/s$/, '');
}

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function unqualified(segment: string): string {
  return segment.slice(segment.lastIndexOf('.') + 1);
}

export function qualifier(segment: string): string | undefined {
  const at = segment.lastIndexOf('.');
  return at < 0 ? undefined : segment.slice(0, at);
}

const normalize = (path: string): string => path.replace(/\{[^}]+\}/g, '{id}');

/** The slice's entry for a page's operation; an action matches by its name without namespace. */
export function sliceOperationFor(model: DocsModel, method: string, path: string): SliceOperation | undefined {
  const direct = model.slice?.operations.get(`${method} ${normalize(path)}`);
  if (direct) return direct;
  const parts = normalize(path).split('/');
  const last = unqualified(parts.pop() ?? '');
  for (const op of model.slice?.operations.values() ?? []) {
    const other = normalize(op.path).split('/');
    const otherLast = unqualified(other.pop() ?? '');
    if (op.method === method && otherLast === last && other.join('/') === parts.join('/')) return op;
  }
  return undefined;
}

function navigationOf(model: DocsModel, typeName: string, segment: string): PropertyModel | undefined {
  let t: TypeModel | undefined = model.types.get(typeName);
  while (t) {
    const prop = t.properties.find((p) => p.navigation && p.name === segment);
    if (prop) return prop;
    t = t.baseType ? model.types.get(t.baseType) : undefined;
  }
  return undefined;
}

interface ResolvedPath {
  template: string;
  typeName: string;
  keys: string[];
  navigation: string[];
  isCollection: boolean;
  actionSegment?: string;
}

/** Walks a request line's path: the first segment names a resource page's type, then relationships, keys, an action. */
function resolvePath(model: DocsModel, op: OperationModel): ResolvedPath {
  const segments = op.path.split('/').filter(Boolean);
  const root = segments[0] ?? '';
  if (!model.types.has(root))
    throw new PageError(op.page, `the path ${op.path} starts with "${root}", which no resource page defines`);
  const out: ResolvedPath = { template: `/${root}`, typeName: root, keys: [], navigation: [], isCollection: false };
  segments.slice(1).forEach((segment, i, rest) => {
    const nav = navigationOf(model, out.typeName, segment);
    if (/^\{[^}]+\}$/.test(segment) && out.isCollection) {
      const key = out.keys.length === 0 ? 'id' : `${singular(out.navigation.at(-1) ?? '')}Id`;
      out.keys.push(key);
      out.template += `/{${key}}`;
      out.isCollection = false;
    } else if (nav?.typeName) {
      out.typeName = nav.typeName;
      out.isCollection = nav.collection;
      out.navigation.push(segment);
      out.template += `/${segment}`;
    } else if (i === rest.length - 1 && /^[A-Za-z][\w.]*$/.test(segment)) {
      out.actionSegment = segment;
      out.template += `/${segment}`;
    } else {
      throw new PageError(
        op.page,
        `path segment "${segment}" of ${op.path} is neither a key, a relationship of ${out.typeName}, nor a final action name`,
      );
    }
  });
  return out;
}

function kindOf(op: OperationModel, path: ResolvedPath): OperationKind {
  const kind: Record<string, OperationKind | undefined> = path.actionSegment
    ? { POST: 'action' }
    : path.isCollection
      ? { GET: 'list', POST: 'create' }
      : { GET: 'get', PATCH: 'update', DELETE: 'delete' };
  const found = kind[op.method];
  if (!found) throw new PageError(op.page, `${op.method} ${op.path} is no operation the derivation knows`);
  return found;
}

/** The rows of an action page's parameter table as typed properties; item nullability from the slice's body. */
function actionParameters(model: DocsModel, op: OperationModel, slice?: SliceOperation): PropertyModel[] {
  const table = op.requiredTable;
  if (!table) return [];
  if (table.header[0] !== 'Property' && table.header[0] !== 'Parameter')
    throw new PageError(op.page, `parameter table has header "${table.header.join('|')}"; expected Property|Type|...`);
  const sliceProps = (slice?.requestSchema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  return table.rows.map((row) => {
    const name = row.cells[0] ?? '';
    const docsType = row.cells[1] ?? '';
    const t = parseDocsType(op.page, docsType, row.links[1]);
    if (t.typeName && !model.types.has(t.typeName))
      throw new PageError(op.page, `parameter ${name} has type ${t.typeName}, which no resource page defines`);
    const s = sliceProps[name];
    const items = s?.['items'] as Record<string, unknown> | undefined;
    const prop: PropertyModel = {
      name,
      kind: t.kind,
      collection: t.collection,
      // A collection parameter is never null (CSDL: Nullable speaks of its items); a single one keeps the default.
      nullable: t.collection ? false : s ? s['nullable'] === true : true,
      itemsNullable: items?.['nullable'] === true,
      serverSet: false,
      navigation: false,
      description: '',
      docsType,
    };
    if (t.typeName) prop.typeName = t.typeName;
    return prop;
  });
}

/** The segments a server may answer under: a source's own-namespace or unqualified form, then the rest. */
function actionSegments(docs: string, slice: string | undefined, namespace: string): [string[], string[]] {
  const own = (s: string): boolean => qualifier(s) === undefined || qualifier(s) === namespace;
  const written = [docs, ...(slice ? [slice] : [])];
  const described = [...new Set(written.filter(own))];
  const name = unqualified(docs);
  const all = [...new Set([...described, `${namespace}.${name}`, name, ...written.filter((s) => !own(s))])];
  return [described, all];
}

function actionOf(model: DocsModel, op: OperationModel, path: ResolvedPath, slice?: SliceOperation): ActionModel {
  const docsSegment = path.actionSegment ?? '';
  const sliceSegment = slice ? slice.path.split('/').pop() : undefined;
  const namespace = op.namespace ?? NAMESPACE;
  const [describedSegments, segments] = actionSegments(docsSegment, sliceSegment, namespace);
  const action: ActionModel = {
    name: unqualified(docsSegment),
    namespace,
    docsSegment,
    describedSegments,
    segments,
    boundTo: path.isCollection ? 'collection' : 'entity',
    parameters: actionParameters(model, op, slice),
  };
  if (sliceSegment) action.sliceSegment = sliceSegment;
  if (op.returns && model.types.has(op.returns.typeName)) action.returns = op.returns;
  return action;
}

/**
 * Success codes: each page's example status, and its text's code unless the text pairs it with another code's
 * reason phrase ("200 Created"); then the slice's; PATCH and DELETE also get the other of 200/204 (status-codes).
 */
function successStatuses(kind: OperationKind, pages: OperationModel[], slice?: SliceOperation): SuccessStatus[] {
  const codes = new Map<number, SuccessStatus>();
  const add = (code: number, from: SuccessStatus['from'][number]): void => {
    const entry = codes.get(code) ?? { code, from: [] };
    if (!entry.from.includes(from)) entry.from.push(from);
    codes.set(code, entry);
  };
  for (const page of pages) {
    if (page.exampleResponse?.status) add(page.exampleResponse.status, 'docs pages');
    const named = REASON_PHRASE_CODE[page.documentedStatusText ?? ''];
    if (page.documentedStatus && (named === undefined || named === page.documentedStatus))
      add(page.documentedStatus, 'docs pages');
  }
  for (const code of slice?.statuses ?? []) if (code >= 200 && code < 300) add(code, 'OpenAPI slice');
  if (kind === 'update' || kind === 'delete') for (const code of [200, 204]) if (!codes.has(code)) add(code, 'reading');
  return [...codes.values()].sort((a, b) => a.code - b.code);
}

/** Every documented operation, one per method and path, in the order of their first page. */
export function familyOperations(model: DocsModel): FamilyOperation[] {
  const byKey = new Map<string, FamilyOperation>();
  for (const op of model.operations) {
    const path = resolvePath(model, op);
    const key = `${op.method} ${path.template}`;
    const known = byKey.get(key);
    if (known) {
      known.pages.push(op);
      continue;
    }
    const kind = kindOf(op, path);
    const family: FamilyOperation = {
      kind,
      method: op.method,
      template: path.template,
      typeName: path.typeName,
      keys: path.keys,
      navigation: path.navigation,
      pages: [op],
      statuses: [],
    };
    const slice = sliceOperationFor(model, op.method, op.path);
    if (slice) family.slice = slice;
    if (kind === 'action') family.action = actionOf(model, op, path, slice);
    byKey.set(key, family);
  }
  const all = [...byKey.values()];
  for (const f of all) f.statuses = successStatuses(f.kind, f.pages, f.slice);
  return all;
}

/** A body of an operation: its file in specs/schemas and its component in openapi.yaml. */
export interface Body {
  file: string;
  component: string;
}

const body = (
  file: string,
  component = file.replace(/\.schema\.json$/, '').replace(/\.request$/, 'Request'),
): Body => ({
  file,
  component,
});

/** Where an operation's request and success bodies are described; the entity set keeps its dispatching schemas. */
export function bodiesOf(op: FamilyOperation, base: string): { request?: Body; response?: Body } {
  const entitySet = op.typeName === base && op.navigation.length === 1;
  const t = op.typeName;
  switch (op.kind) {
    case 'list':
      return {
        response: entitySet
          ? body('collectionResponse.schema.json', 'entityCollection')
          : body(`${t}Collection.schema.json`),
      };
    case 'create':
      return entitySet
        ? { request: body('createRequest.schema.json'), response: body('createResponse.schema.json') }
        : { request: body(`${t}CreateRequest.schema.json`), response: body(`${t}.schema.json`) };
    case 'get':
    case 'update': {
      const response = entitySet ? body('createResponse.schema.json', 'entityResponse') : body(`${t}.schema.json`);
      return op.kind === 'get' ? { response } : { request: body(`${t}.request.schema.json`), response };
    }
    case 'delete':
      return {};
    case 'action': {
      const name = op.action?.name ?? '';
      const out: { request?: Body; response?: Body } = {};
      if (op.action?.parameters.length) out.request = body(`${name}Request.schema.json`);
      if (op.action?.returns) out.response = body(`${name}Response.schema.json`);
      return out;
    }
  }
}

/** The operationId of an operation at one of its paths (an action described under two names gets two). */
export function operationIdOf(op: FamilyOperation, segment?: string): string {
  const noun = pascal(op.navigation.at(-1) ?? op.typeName);
  const one = singular(noun);
  if (op.kind === 'action' && op.action) {
    const qualified =
      segment !== undefined && qualifier(segment) !== undefined && op.action.describedSegments.length > 1;
    return `${op.action.name}${op.action.boundTo === 'entity' ? one : noun}${qualified ? 'Qualified' : ''}`;
  }
  return op.kind === 'list' ? `list${noun}` : `${op.kind}${one}`;
}

/** The paths openapi.yaml describes for an operation: an action once per described segment. */
export function describedPaths(op: FamilyOperation): Array<{ path: string; segment?: string }> {
  if (!op.action) return [{ path: op.template }];
  const prefix = op.template.slice(0, op.template.lastIndexOf('/'));
  return op.action.describedSegments.map((segment) => ({ path: `${prefix}/${segment}`, segment }));
}
