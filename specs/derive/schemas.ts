import { NAVIGATION_KEYWORD } from '../loader';
import type { DocsModel, PropertyModel, TypeModel } from './model';
import type { ActionModel, FamilyOperation } from './surface';

/** JSON Schema as plain data; the emitters only build it, ajv reads it. */
export type Schema = Record<string, unknown>;

export const SCHEMA_BASE = 'https://conformance.invalid/schemas/';
export const NAMESPACE = 'microsoft.graph';
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** A year as the OData ABNF writes it: four digits, or more without a leading zero; a minus sign before either. */
const YEAR = '-?(?:[0-9]{4}|[1-9][0-9]{4,})';
/**
 * A leap year of the proleptic Gregorian calendar (xsd:dateTime, which OData's DateTimeOffset follows; year 0000 is
 * one): divisible by 4 and not by 100 (the last two digits), or by 400 (the two before a final 00). The sign does not
 * change divisibility.
 */
const LEAP_YEAR =
  '-?(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00' +
  '|[1-9][0-9]{2,}(?:0[48]|[2468][048]|[13579][26])|[1-9][0-9]*(?:[02468][048]|[13579][26])00)';
/** Month and day of any year: 31-day months, 30-day months, February to the 28th. */
const MONTH_DAY =
  '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))';

/**
 * Edm.DateTimeOffset after the OData ABNF 4.01 (`dateTimeOffsetValue`): seconds optional and 00-60 (`second =
 * zeroToFiftyNine / "60"`, a leap second), 1-12 fractional digits, Z or a +hh:mm/-hh:mm offset; `T` and `Z` in
 * either case (ABNF quoted strings are case-insensitive, RFC 5234 section 2.3). The calendar is in the pattern too
 * (no April 31, February 29 only in leap years), so a validator that treats `format` as an annotation (JSON Schema
 * 2020-12's default) refuses what the suite refuses: specs/abnf/oracle.test.ts holds it to grammar and calendar.
 * Plain regular-expression syntax only (no lookaround or backreference), so every validator reads it the same.
 */
export const DATETIMEOFFSET_PATTERN =
  `^(?:${YEAR}-${MONTH_DAY}|${LEAP_YEAR}-02-29)` +
  '[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60)(?:\\.[0-9]{1,12})?)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$';

/** Standard base64 (RFC 4648 section 4) with padding: what the Graph SDKs send for Edm.Stream. */
export const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

/**
 * In answers, standard base64 or base64url (RFC 4648 section 5, padding optional): OData JSON Format 4.01 writes an
 * inline Edm.Stream as base64url and the OpenAPI slice says `format: base64url`; the Graph SDKs send standard base64.
 * Either spelling of the same bytes is the same value (checks compare decoded bytes).
 */
export const BASE64_OR_URL_PATTERN = `${BASE64_PATTERN}|^[A-Za-z0-9_-]*={0,2}$`;

export type Form = 'request' | 'response';

export function schemaFile(typeName: string, form: Form): string {
  return form === 'request' ? `${typeName}.request.schema.json` : `${typeName}.schema.json`;
}

/** Both spellings of a type's annotation value: OData 4.0 wants the leading '#', the docs' nested examples omit it. */
export function odataTypeNames(typeName: string): string[] {
  return [`#${NAMESPACE}.${typeName}`, `${NAMESPACE}.${typeName}`];
}

export function derivedTypes(model: DocsModel, base: string): TypeModel[] {
  return [...model.types.values()].filter((t) => t.baseType === base).sort((a, b) => a.name.localeCompare(b.name));
}

function nullable(schema: Schema, isNullable: boolean): Schema {
  if (!isNullable) return schema;
  if (typeof schema['type'] === 'string') return { ...schema, type: [schema['type'], 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

export function refTo(model: DocsModel, typeName: string, form: Form): Schema {
  const derived = derivedTypes(model, typeName);
  if (derived.length === 0) return { $ref: schemaFile(typeName, form) };
  // A value of a base type may be any derived type; each branch pins its own @odata.type.
  return { anyOf: [typeName, ...derived.map((d) => d.name)].map((n) => ({ $ref: schemaFile(n, form) })) };
}

function primitive(prop: PropertyModel, form: Form): Schema {
  switch (prop.kind) {
    case 'String':
      return { type: 'string' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'Int32':
      return { type: 'integer', format: 'int32', minimum: INT32_MIN, maximum: INT32_MAX };
    case 'DateTimeOffset':
      return { type: 'string', format: 'date-time', pattern: DATETIMEOFFSET_PATTERN };
    case 'Stream':
      return {
        type: 'string',
        contentEncoding: 'base64',
        contentMediaType: 'application/json',
        pattern: form === 'request' ? BASE64_PATTERN : BASE64_OR_URL_PATTERN,
      };
    case 'Complex':
      throw new Error('complex property has no primitive schema');
  }
}

export function propertySchema(model: DocsModel, prop: PropertyModel, form: Form): Schema {
  const single = prop.kind === 'Complex' && prop.typeName ? refTo(model, prop.typeName, form) : primitive(prop, form);
  let schema: Schema = prop.collection
    ? { type: 'array', items: nullable(single, prop.itemsNullable && prop.kind !== 'Complex') }
    : nullable(single, prop.nullable);
  if (prop.serverSet) schema = { ...schema, readOnly: true };
  if (prop.navigation) schema = { ...schema, [NAVIGATION_KEYWORD]: true };
  return schema;
}

/** The schema of one type in one form: request bodies are closed (undeclared properties rejected), responses open. */
export function typeSchema(model: DocsModel, type: TypeModel, form: Form): Schema {
  const properties: Record<string, Schema> = {};
  // A value declared as this type may be an instance of a derived type, and then says so.
  const names = [type.name, ...derivedTypes(model, type.name).map((d) => d.name)].flatMap(odataTypeNames);
  properties['@odata.type'] = { type: 'string', enum: names };
  for (const prop of type.properties) properties[prop.name] = propertySchema(model, prop, form);
  const schema: Schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_BASE + schemaFile(type.name, form),
    title: `${type.name} (${form})`,
    type: 'object',
    properties,
  };
  const required: string[] = [];
  // A derived type's instance must say what it is (OData JSON 4.01 section 4.5.3); a base-type value may omit it.
  if (type.baseType) required.push('@odata.type');
  if (form === 'response' && type.isEntity) required.push('id');
  if (required.length > 0) schema['required'] = required;
  if (form === 'request') {
    schema['patternProperties'] = { '@': {} };
    schema['additionalProperties'] = false;
  }
  return schema;
}

/** POST body (request) or 201 body (response): dispatch on @odata.type to the derived type's schema. */
export function createSchema(model: DocsModel, base: string, form: Form): Schema {
  const derived = derivedTypes(model, base);
  const file = form === 'request' ? 'createRequest.schema.json' : 'createResponse.schema.json';
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_BASE + file,
    title: `POST /officeConfiguration/clientConfigurations ${form === 'request' ? 'request' : '201 response'} body`,
    type: 'object',
    required: form === 'request' ? ['@odata.type'] : ['@odata.type', 'id'],
    properties: {
      '@odata.type': { type: 'string', enum: derived.flatMap((d) => odataTypeNames(d.name)) },
      ...(form === 'response' ? { id: { type: 'string', minLength: 1 } } : {}),
    },
    allOf: derived.map((d) => ({
      if: { required: ['@odata.type'], properties: { '@odata.type': { enum: odataTypeNames(d.name) } } },
      then: { $ref: schemaFile(d.name, form) },
    })),
  };
}

export function odataErrorSchema(): Schema {
  const detail: Schema = {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'string', minLength: 1 }, message: { type: 'string' }, target: { type: 'string' } },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_BASE + 'odataError.schema.json',
    title: 'OData JSON error response',
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', minLength: 1 },
          message: { type: 'string' },
          target: { type: 'string' },
          details: { type: 'array', items: detail },
          innerError: { type: 'object' },
          innererror: { type: 'object' },
        },
      },
    },
  };
}

/** A collection response: `{ value: [...] }` with optional paging link. */
export function collectionSchema(items: Schema, id: string, title?: string): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_BASE + id,
    ...(title ? { title } : {}),
    type: 'object',
    required: ['value'],
    properties: {
      value: { type: 'array', items },
      '@odata.nextLink': { type: 'string' },
      '@odata.context': { type: 'string' },
    },
  };
}

/**
 * An action's request body: one member per parameter of the page's table, each required, closed like every request
 * schema (an undeclared member is rejected, annotations are allowed).
 */
export function actionRequestSchema(model: DocsModel, action: ActionModel, file: string): Schema {
  const properties: Record<string, Schema> = {};
  for (const p of action.parameters) properties[p.name] = propertySchema(model, p, 'request');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_BASE + file,
    title: `${action.name} action parameters (request body)`,
    type: 'object',
    required: action.parameters.map((p) => p.name),
    properties,
    patternProperties: { '@': {} },
    additionalProperties: false,
  };
}

/** An action's result: a collection in the OData JSON form (`{ value: [...] }`), or the single value itself. */
export function actionResponseSchema(model: DocsModel, action: ActionModel, file: string): Schema | undefined {
  const returns = action.returns;
  if (!returns) return undefined;
  const item = refTo(model, returns.typeName, 'response');
  if (returns.collection) return collectionSchema(item, file, `${action.name} action result (response body)`);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_BASE + file,
    title: `${action.name} action result (response body)`,
    ...item,
  };
}

/**
 * The schemas of the operations below the entity set: each action's request and result, and each relationship's
 * collection response (the entity set's own collection is collectionResponse.schema.json).
 */
/**
 * The request body of a create below a configuration (an assignment): its type's request schema, with the properties
 * the page's "required when you create" table lists that a client can give (not server-set, not a relationship)
 * required. For an assignment that is `target`: an assignment without one assigns nothing. (The collection's own
 * create keeps its dispatching schema: that page's table lists every property of the type; DERIVATION.md
 * required-table-lists-id.)
 */
export function containedCreateSchema(model: DocsModel, op: FamilyOperation, file: string): Schema {
  const type = model.types.get(op.typeName);
  if (!type) throw new Error(`no type ${op.typeName} for the create at ${op.template}`);
  const listed = new Set(op.pages.flatMap((p) => (p.requiredTable?.rows ?? []).map((r) => r.cells[0]?.trim() ?? '')));
  const given = type.properties.filter((p) => listed.has(p.name) && !p.serverSet && !p.navigation).map((p) => p.name);
  // The type's request form itself (not an allOf around it: every validator and generator reads it the same way).
  const base = typeSchema(model, type, 'request');
  const required = [...new Set([...((base['required'] as string[] | undefined) ?? []), ...given])];
  return {
    ...base,
    $id: SCHEMA_BASE + file,
    title: `POST ${op.template} request body`,
    ...(required.length > 0 ? { required } : {}),
  };
}

export function familySchemas(
  model: DocsModel,
  operations: FamilyOperation[],
  bodies: (op: FamilyOperation) => { request?: { file: string }; response?: { file: string } },
): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const op of operations) {
    const { request, response } = bodies(op);
    if (op.action && request) out.set(request.file, actionRequestSchema(model, op.action, request.file));
    if (op.kind === 'create' && request?.file.endsWith('CreateRequest.schema.json'))
      out.set(request.file, containedCreateSchema(model, op, request.file));
    const result = op.action && response ? actionResponseSchema(model, op.action, response.file) : undefined;
    if (result && response) out.set(response.file, result);
    if (op.kind === 'list' && response && !out.has(response.file) && response.file !== 'collectionResponse.schema.json')
      out.set(
        response.file,
        collectionSchema(refTo(model, op.typeName, 'response'), response.file, `GET ${op.template} response body`),
      );
  }
  return out;
}
