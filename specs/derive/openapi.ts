import { stringify } from 'yaml';
import type { OpenAPIV3 } from 'openapi-types';
import type { DocsModel } from './model';
import { derivedTypes, type Schema } from './schemas';
import {
  bodiesOf,
  describedPaths,
  familyOperations,
  operationIdOf,
  type Body,
  type FamilyOperation,
  type SuccessStatus,
} from './surface';

/** Turns a 2020-12 schema into an OpenAPI 3.0 schema object: refs into components, nullable, no const/if/then. */
export function toOas30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOas30);
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (
      k === '$schema' ||
      k === '$id' ||
      k === 'contentEncoding' ||
      k === 'contentMediaType' ||
      k === 'patternProperties'
    )
      continue;
    if (k === '$ref' && typeof v === 'string') {
      out[k] = `#/components/schemas/${v.replace(/\.schema\.json$/, '').replace(/\.request$/, 'Request')}`;
    } else if (k === 'type' && Array.isArray(v)) {
      out['type'] = v.find((t) => t !== 'null');
      if (v.includes('null')) out['nullable'] = true;
    } else {
      out[k] = toOas30(v);
    }
  }
  if (s['contentEncoding'] === 'base64') out['format'] = 'byte';
  // OpenAPI tools read date-time as RFC 3339, which refuses OData forms (no seconds, 5-digit years): keep the pattern.
  if (out['format'] === 'date-time') delete out['format'];
  // anyOf [X, {type:null}] becomes a nullable X.
  const anyOf = out['anyOf'] as Schema[] | undefined;
  if (anyOf && anyOf.some((a) => a['type'] === 'null')) {
    const rest = anyOf.filter((a) => a['type'] !== 'null');
    delete out['anyOf'];
    if (rest.length === 1) return { ...out, nullable: true, allOf: rest };
    return { ...out, nullable: true, anyOf: rest };
  }
  return out;
}

export function componentName(file: string): string {
  return file.replace(/\.schema\.json$/, '').replace(/\.request$/, 'Request');
}

type Responses = OpenAPIV3.ResponsesObject;

const json = (ref: string): OpenAPIV3.MediaTypeObject => ({ schema: { $ref: `#/components/schemas/${ref}` } });
const ERROR: OpenAPIV3.ReferenceObject = { $ref: '#/components/responses/error' };

/** Every schema file as a component, plus the entity set's dispatching forms and its entity/collection answers. */
function buildComponents(model: DocsModel, schemas: Map<string, Schema>, base: string): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const [file, schema] of schemas) {
    if (file === 'createRequest.schema.json' || file === 'createResponse.schema.json') continue;
    components[componentName(file)] = toOas30(schema);
  }
  const derived = derivedTypes(model, base);
  const oneOf = (suffix: string): OpenAPIV3.SchemaObject => ({
    oneOf: derived.map((d) => ({ $ref: `#/components/schemas/${d.name}${suffix}` })),
  });
  components['createRequest'] = oneOf('Request');
  components['createResponse'] = oneOf('');
  components['entityResponse'] = {
    anyOf: [base, ...derived.map((d) => d.name)].map((n) => ({ $ref: `#/components/schemas/${n}` })),
  };
  components['entityCollection'] = {
    type: 'object',
    required: ['value'],
    properties: {
      value: { type: 'array', items: { $ref: '#/components/schemas/entityResponse' } },
      '@odata.nextLink': { type: 'string' },
      '@odata.context': { type: 'string' },
    },
  };
  return components;
}

const SOURCE_TEXT: Record<SuccessStatus['from'][number], string> = {
  'docs pages': 'docs pages',
  'OpenAPI slice': 'OpenAPI slice',
  reading: 'DERIVATION.md status-codes',
};

/** What a success answer of an operation means, and whether it carries the body. */
function successText(op: FamilyOperation, status: SuccessStatus, hasBody: boolean): string {
  const base: Record<FamilyOperation['kind'], string> = {
    list: 'The collection',
    get: 'The entity',
    create: 'Created; the body is the created entity',
    update: hasBody ? 'Updated; the body is the entity' : 'Updated, no body',
    delete: 'Deleted',
    action: hasBody ? 'Done; the body is the result' : 'Done, no body',
  };
  const sources = op.statuses.length > 1 ? ` (${status.from.map((f) => SOURCE_TEXT[f]).join(', ')})` : '';
  return `${base[op.kind]}${sources}`;
}

function successResponses(op: FamilyOperation, response?: Body): Responses {
  const out: Responses = {};
  for (const status of op.statuses) {
    const hasBody = response !== undefined && status.code !== 204 && op.kind !== 'delete';
    const answer: OpenAPIV3.ResponseObject = { description: successText(op, status, hasBody) };
    if (op.kind === 'create')
      answer.headers = {
        Location: {
          description: 'URL of the created entity (OData 4.01; optional in the graph-docs profile)',
          schema: { type: 'string' },
        },
      };
    if (hasBody && response) answer.content = { 'application/json': json(response.component) };
    out[String(status.code)] = answer;
  }
  return out;
}

/** One operation object: success answers from every source, the error answers, the body from specs/schemas. */
function operationObject(op: FamilyOperation, base: string, segment?: string): OpenAPIV3.OperationObject {
  const { request, response } = bodiesOf(op, base);
  const responses: Responses = { ...successResponses(op, response) };
  // An unknown configuration (or assignment) is a 404; so is an action name a server does not know.
  if (op.keys.length > 0 || op.kind === 'action') responses['404'] = ERROR;
  if (op.kind === 'create') Object.assign(responses, { '415': ERROR, '413': ERROR });
  Object.assign(responses, { '400': ERROR, '401': ERROR, default: ERROR });
  return {
    operationId: operationIdOf(op, segment),
    ...(op.kind === 'update' ? { parameters: [PREFER] } : {}),
    ...(request ? { requestBody: { required: true, content: { 'application/json': json(request.component) } } } : {}),
    responses,
  };
}

/**
 * An update may ask for the entity back: OData 4.01 Protocol 8.2.8.7 (Prefer: return=representation or
 * return=minimal; a service MAY apply it) and 11.4.3 (200 with the entity, or 204). The pacts' PATCH sends it.
 */
const PREFER: OpenAPIV3.ParameterObject = {
  name: 'Prefer',
  in: 'header',
  required: false,
  description:
    'return=representation asks for 200 with the entity; return=minimal for 204 (OData 4.01 Protocol 8.2.8.7)',
  schema: { type: 'string' },
};

const METHOD_ORDER = ['get', 'post', 'patch', 'delete'];

/** The path items of every documented operation, keys as path-level parameters, paths and methods in a fixed order. */
function buildPaths(model: DocsModel, base: string): OpenAPIV3.PathsObject {
  const items = new Map<string, OpenAPIV3.PathItemObject>();
  for (const op of familyOperations(model)) {
    for (const { path, segment } of describedPaths(op)) {
      const item = items.get(path) ?? {};
      if (op.keys.length > 0)
        item.parameters = op.keys.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
      (item as Record<string, unknown>)[op.method.toLowerCase()] = operationObject(op, base, segment);
      items.set(path, item);
    }
  }
  const paths: OpenAPIV3.PathsObject = {};
  for (const path of [...items.keys()].sort()) {
    const item = items.get(path) ?? {};
    const ordered: Record<string, unknown> = item.parameters ? { parameters: item.parameters } : {};
    for (const m of METHOD_ORDER) if (m in item) ordered[m] = (item as Record<string, unknown>)[m];
    paths[path] = ordered as OpenAPIV3.PathItemObject;
  }
  return paths;
}

/** The OpenAPI 3.0.3 fragment: every documented path of the family, with bodies from the same schemas as specs/schemas. */
export function buildOpenApi(model: DocsModel, schemas: Map<string, Schema>, base: string): string {
  const doc: OpenAPIV3.Document = {
    openapi: '3.0.3',
    info: {
      title: 'officeConfiguration clientConfigurations (Microsoft Graph beta), derived from the docs pages',
      version: `derived-${model.pages.length}-pages`,
      description:
        'Generated by `conformance derive`. See specs/DERIVATION.md for the readings taken where sources disagree.',
    },
    servers: [{ url: 'https://graph.microsoft.com/beta' }],
    security: [{ bearerAuth: [] }],
    paths: buildPaths(model, base),
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      responses: { error: { description: 'OData error', content: { 'application/json': json('odataError') } } },
      schemas: buildComponents(model, schemas, base) as Record<string, OpenAPIV3.SchemaObject>,
    },
  };
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
