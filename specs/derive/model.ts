import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findSection, PageError, parsePage, type Page, type Table } from './markdown';

/** The Edm primitive types the pages use, plus the complex-type case. */
export type EdmKind = 'String' | 'Stream' | 'Int32' | 'Boolean' | 'DateTimeOffset' | 'Complex';

export interface PropertyModel {
  name: string;
  kind: EdmKind;
  /** For Complex: the complex or entity type name. */
  typeName?: string;
  collection: boolean;
  nullable: boolean;
  /** Item nullability for collections, from the OpenAPI slice. */
  itemsNullable: boolean;
  /** Set by the server, not by a create request (id, lastModifiedDateTime). */
  serverSet: boolean;
  /** A relationship (navigation property) rather than a structural property. */
  navigation: boolean;
  description: string;
  /** The type text as the docs page wrote it, for DERIVATION.md. */
  docsType: string;
}

export interface TypeModel {
  name: string;
  page: string;
  baseType?: string;
  /** Evidence for baseType: "inherited" (the page says so) or "naming" (assumed, see DERIVATION.md). */
  baseEvidence?: 'inherited' | 'naming';
  isEntity: boolean;
  properties: PropertyModel[];
  jsonRepresentation?: Record<string, unknown>;
}

export interface HttpExample {
  method?: string;
  url?: string;
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface OperationModel {
  page: string;
  title: string;
  method: string;
  path: string;
  /** The namespace the page declares for itself (its "Namespace:" line), if it has one. */
  namespace?: string;
  /** The page's one-line summary (front matter `description`). */
  summary?: string;
  documentedStatus?: number;
  documentedStatusText?: string;
  /** What the Response section says comes back in the body: a type, single or a collection. */
  returns?: { typeName: string; collection: boolean };
  requiredTable?: Table;
  exampleRequest?: HttpExample;
  exampleResponse?: HttpExample;
}

/** One operation of the OpenAPI slice: its path as written and its bodies' schemas (slice-local $refs kept). */
export interface SliceOperation {
  method: string;
  path: string;
  statuses: number[];
  requestSchema?: Record<string, unknown>;
  /** The schema of the first 2xx response that has a JSON body. */
  successSchema?: Record<string, unknown>;
}

export interface SliceModel {
  file: string;
  /** type name -> property -> { nullable, itemsNullable, type, format } */
  types: Map<string, Map<string, { nullable: boolean; itemsNullable: boolean; format?: string }>>;
  /** "METHOD path" -> success status codes */
  statuses: Map<string, number[]>;
  /** "METHOD path" (keys as in statuses) -> the operation */
  operations: Map<string, SliceOperation>;
}

export interface DocsModel {
  docsDir: string;
  types: Map<string, TypeModel>;
  operations: OperationModel[];
  slice?: SliceModel;
  pages: string[];
}

/** Derived types whose pages do not say what they inherit from; the base is read from the name. */
const BASE_BY_NAMING: Record<string, string> = {
  officeConfigurationGroupAssignmentTarget: 'officeConfigurationAssignmentTarget',
};

const SERVER_SET = new Set(['id', 'lastModifiedDateTime']);

export function parseDocsType(
  file: string,
  text: string,
  link: string | undefined,
): { kind: EdmKind; typeName?: string; collection: boolean } {
  const collection = /\bcollection\s*$/i.test(text);
  const bare = text.replace(/\s*collection\s*$/i, '').trim();
  if (link && /\.md$/.test(link)) {
    return { kind: 'Complex', typeName: bare, collection };
  }
  switch (bare) {
    case 'String':
      return { kind: 'String', collection };
    case 'Stream':
      return { kind: 'Stream', collection };
    case 'Int32':
      return { kind: 'Int32', collection };
    case 'Boolean':
      return { kind: 'Boolean', collection };
    case 'DateTimeOffset':
    case 'DateTime':
      return { kind: 'DateTimeOffset', collection };
    default:
      throw new PageError(
        file,
        `property type "${text}" is not one the derivation knows (String, Stream, Int32, Boolean, DateTimeOffset, DateTime, or a linked type)`,
      );
  }
}

function tableRows(
  file: string,
  table: Table,
  what: string,
): Array<{ name: string; type: string; link?: string; description: string }> {
  const [h0, h1] = table.header;
  if (h0 !== 'Property' && h0 !== 'Relationship')
    throw new PageError(
      file,
      `${what} table has header "${table.header.join('|')}"; expected Property|Type|Description`,
    );
  if (h1 !== 'Type') throw new PageError(file, `${what} table's second column is "${h1 ?? ''}"; expected Type`);
  return table.rows.map((r) => {
    const row: { name: string; type: string; link?: string; description: string } = {
      name: r.cells[0] ?? '',
      type: r.cells[1] ?? '',
      description: r.cells[2] ?? '',
    };
    const link = r.links[1];
    if (link) row.link = link;
    return row;
  });
}

function readResource(page: Page): TypeModel {
  const m = /^(\w+) resource type$/.exec(page.title);
  if (!m?.[1]) throw new PageError(page.file, `title "${page.title}" is not "<name> resource type"`);
  const name = m[1];
  const props = findSection(page, /^Properties$/);
  if (!props?.tables[0]) throw new PageError(page.file, 'no "## Properties" table');
  const rels = findSection(page, /^Relationships$/);
  const json = findSection(page, /^JSON Representation$/i);
  const block = json?.code.find((c) => c.lang === 'json');
  if (!block) throw new PageError(page.file, 'no JSON block under "## JSON Representation"');
  let jsonRepresentation: Record<string, unknown>;
  try {
    jsonRepresentation = JSON.parse(block.content) as Record<string, unknown>;
  } catch (e) {
    throw new PageError(page.file, `JSON Representation block is not JSON: ${(e as Error).message}`);
  }
  const model: TypeModel = {
    name,
    page: page.file,
    isEntity:
      block.annotation?.['keyProperty'] === 'id' &&
      tableRows(page.file, props.tables[0], 'Properties').some((r) => r.name === 'id'),
    properties: [],
    jsonRepresentation,
  };
  const structural = tableRows(page.file, props.tables[0], 'Properties').map((r) => ({ ...r, navigation: false }));
  const navigation = rels?.tables[0]
    ? tableRows(page.file, rels.tables[0], 'Relationships').map((r) => ({ ...r, navigation: true }))
    : [];
  for (const row of [...structural, ...navigation]) {
    if (!row.name) continue;
    const t = parseDocsType(page.file, row.type, row.link);
    const inherited = /Inherited from \[?(\w+)\]?/.exec(row.description);
    if (inherited?.[1] && inherited[1] !== name) {
      model.baseType = inherited[1];
      model.baseEvidence = 'inherited';
    }
    const prop: PropertyModel = {
      name: row.name,
      kind: t.kind,
      collection: t.collection,
      nullable: true,
      itemsNullable: true,
      serverSet: SERVER_SET.has(row.name),
      navigation: row.navigation,
      description: row.description.replace(/\s*Inherited from .*$/, '').trim(),
      docsType: row.type,
    };
    if (t.typeName) prop.typeName = t.typeName;
    model.properties.push(prop);
  }
  const namedBase = BASE_BY_NAMING[name];
  if (!model.baseType && namedBase) {
    model.baseType = namedBase;
    model.baseEvidence = 'naming';
  }
  return model;
}

/** Splits an http example block into request/status line, headers and a JSON body. */
export function parseHttpBlock(file: string, content: string): HttpExample {
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  const first = (lines.shift() ?? '').trim();
  const example: HttpExample = { headers: {} };
  const status = /^HTTP\/[\d.]+\s+(\d{3})/.exec(first);
  const request = /^([A-Z]+)\s+(\S+)/.exec(first);
  if (status?.[1]) example.status = Number(status[1]);
  else if (request?.[1] && request[2]) {
    example.method = request[1];
    example.url = request[2];
  } else throw new PageError(file, `http block starts with "${first}", neither a request line nor a status line`);
  // Some pages leave a blank line between the request line and its headers.
  const firstContent = lines.findIndex((l) => l.trim() !== '');
  if (firstContent > 0 && /^[\w-]+:\s/.test(lines[firstContent] ?? '')) lines.splice(0, firstContent);
  while (lines.length > 0 && (lines[0] ?? '').trim() !== '') {
    const h = /^([\w-]+):\s*(.*)$/.exec(lines.shift() ?? '');
    if (h?.[1]) example.headers[h[1].toLowerCase()] = (h[2] ?? '').trim();
  }
  const bodyText = lines.join('\n').trim();
  if (bodyText) {
    try {
      example.body = JSON.parse(bodyText) as unknown;
    } catch (e) {
      throw new PageError(file, `example body is not JSON: ${(e as Error).message}`);
    }
  }
  return example;
}

function readOperation(page: Page): OperationModel {
  const req = findSection(page, /^HTTP Request$/i);
  const line = req?.code
    .find((c) => c.lang === 'http')
    ?.content.trim()
    .split('\n')[0];
  const m = line ? /^([A-Z]+)\s+(\S+)/.exec(line) : null;
  if (!m?.[1] || !m[2])
    throw new PageError(page.file, 'no request line (e.g. "POST /path") in a ```http block under "## HTTP Request"');
  const op: OperationModel = { page: page.file, title: page.title, method: m[1], path: m[2] };
  const namespace = page.sections
    .flatMap((s) => s.paragraphs)
    .map((p) => /^Namespace:\s*([A-Za-z][\w.]*)$/.exec(p)?.[1])
    .find(Boolean);
  if (namespace) op.namespace = namespace;
  if (page.frontMatter['description']) op.summary = page.frontMatter['description'];
  const response = findSection(page, /^Response$/);
  const statusText = response?.paragraphs
    .map((p) => /returns an? (\d{3}) ([A-Za-z ]+?) response code/.exec(p))
    .find(Boolean);
  if (statusText?.[1]) {
    op.documentedStatus = Number(statusText[1]);
    op.documentedStatusText = statusText[2] ?? '';
  }
  // "... response code and [a|an] [collection of] <type> [collection] [object(s)] in the response body."
  const returns = response?.paragraphs
    .map((p) =>
      /response code and (?:an? )?(collection of )?(\w+)( collection)?(?: objects?)? in the response body/.exec(p),
    )
    .find(Boolean);
  if (returns?.[2]) op.returns = { typeName: returns[2], collection: Boolean(returns[1] ?? returns[3]) };
  const body = findSection(page, /^Request body$/i);
  if (body?.tables[0]) op.requiredTable = body.tables[0];
  const sections = page.sections;
  const exampleAt = sections.findIndex((s) => /^Example/.test(s.heading));
  if (exampleAt >= 0) {
    for (const s of sections.slice(exampleAt)) {
      const http = s.code.find((c) => c.lang === 'http');
      if (!http) continue;
      if (/^Request$/.test(s.heading)) op.exampleRequest = parseHttpBlock(page.file, http.content);
      if (/^Response$/.test(s.heading)) op.exampleResponse = parseHttpBlock(page.file, http.content);
    }
  }
  return op;
}

function readSlice(file: string): SliceModel {
  let doc: Record<string, unknown>;
  try {
    doc = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new PageError(file, `not readable YAML: ${(e as Error).message}`);
  }
  const slice: SliceModel = { file, types: new Map(), statuses: new Map(), operations: new Map() };
  const schemas = ((doc['components'] as Record<string, unknown> | undefined)?.['schemas'] ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const collect = (
    schema: Record<string, unknown>,
    into: Map<string, { nullable: boolean; itemsNullable: boolean; format?: string }>,
  ): void => {
    for (const part of (schema['allOf'] as Array<Record<string, unknown>> | undefined) ?? []) {
      const ref = part['$ref'];
      if (typeof ref === 'string') {
        const target = schemas[ref.replace('#/components/schemas/', '')];
        if (target) collect(target, into);
      } else collect(part, into);
    }
    const props = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, p] of Object.entries(props)) {
      const items = p['items'] as Record<string, unknown> | undefined;
      const entry: { nullable: boolean; itemsNullable: boolean; format?: string } = {
        nullable: p['nullable'] === true,
        itemsNullable: items?.['nullable'] === true,
      };
      if (typeof p['format'] === 'string') entry.format = p['format'];
      into.set(name, entry);
    }
  };
  for (const [key, schema] of Object.entries(schemas)) {
    if (!key.startsWith('microsoft.graph.')) continue;
    const props = new Map<string, { nullable: boolean; itemsNullable: boolean; format?: string }>();
    collect(schema, props);
    slice.types.set(key.slice('microsoft.graph.'.length), props);
  }
  readSlicePaths(doc, slice);
  return slice;
}

/** A JSON body's schema inside an OpenAPI request body or response object. */
function jsonSchemaOf(holder: unknown): Record<string, unknown> | undefined {
  const content = (holder as { content?: Record<string, { schema?: Record<string, unknown> }> } | undefined)?.content;
  return content?.['application/json']?.schema;
}

function readSlicePaths(doc: Record<string, unknown>, slice: SliceModel): void {
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      const responses = (op['responses'] ?? {}) as Record<string, unknown>;
      const codes = Object.keys(responses)
        .filter((c) => /^\d{3}$/.test(c))
        .map(Number);
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`;
      slice.statuses.set(key, codes);
      const operation: SliceOperation = { method: method.toUpperCase(), path, statuses: codes };
      const requestSchema = jsonSchemaOf(op['requestBody']);
      if (requestSchema) operation.requestSchema = requestSchema;
      const successSchema = codes
        .filter((c) => c >= 200 && c < 300)
        .map((c) => jsonSchemaOf(responses[String(c)]))
        .find(Boolean);
      if (successSchema) operation.successSchema = successSchema;
      slice.operations.set(key, operation);
    }
  }
}

/** Raised when the docs folder is missing or not in the expected layout. */
export class DocsFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocsFolderError';
  }
}

function listMarkdown(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads the docs folder (graph-docs layout: api-reference/beta/{api,resources}/*.md and an openapi-*.yaml slice). */
export function readDocs(docsDir: string): DocsModel {
  if (!existsSync(docsDir)) throw new DocsFolderError(`docs folder not found: ${docsDir}`);
  const beta = join(docsDir, 'api-reference', 'beta');
  const resourceFiles = listMarkdown(join(beta, 'resources'));
  const apiFiles = listMarkdown(join(beta, 'api'));
  if (resourceFiles.length === 0 || apiFiles.length === 0) {
    throw new DocsFolderError(
      `${docsDir} has no api-reference/beta/resources/*.md or api-reference/beta/api/*.md pages`,
    );
  }
  const rel = (f: string): string =>
    f
      .slice(docsDir.length)
      .replace(/^[\\/]+/, '')
      .replace(/\\/g, '/');
  const model: DocsModel = { docsDir, types: new Map(), operations: [], pages: [] };
  for (const file of resourceFiles) {
    const page = parsePage(rel(file), readFileSync(file, 'utf8'));
    if (page.frontMatter['doc_type'] !== 'resourcePageType') continue;
    const type = readResource(page);
    model.types.set(type.name, type);
    model.pages.push(page.file);
  }
  for (const file of apiFiles) {
    const page = parsePage(rel(file), readFileSync(file, 'utf8'));
    model.operations.push(readOperation(page));
    model.pages.push(page.file);
  }
  const sliceFile = readdirSync(docsDir).find((f) => /^openapi.*\.ya?ml$/.test(f));
  if (sliceFile) {
    model.slice = readSlice(join(docsDir, sliceFile));
    applySliceNullability(model, model.slice);
  }
  return model;
}

function applySliceNullability(model: DocsModel, slice: SliceModel): void {
  for (const type of model.types.values()) {
    const own = slice.types.get(type.name);
    const base = type.baseType ? slice.types.get(type.baseType) : undefined;
    for (const prop of type.properties) {
      const s = own?.get(prop.name) ?? base?.get(prop.name);
      if (!s) continue; // absent from the slice: keep the CSDL default (nullable), recorded in DERIVATION.md
      prop.nullable = prop.collection ? false : s.nullable;
      prop.itemsNullable = s.itemsNullable;
    }
  }
}

export function pageStem(file: string): string {
  return basename(file, '.md').replace(/^intune-cirrus-/, '');
}
