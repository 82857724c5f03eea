/**
 * How the pacts say "what the provider must answer": which values are exact and which are matched.
 *
 * - The provider decides `id`, `lastModifiedDateTime` and `Location`, so those are regex matchers with an example.
 * - Every property the client sent is "echoed", so it is exact, with two exceptions where an exact value would make a
 *   provider that normalises the value correctly fail:
 *   - Edm.DateTimeOffset (`format: date-time`): a regex of the OData grammar (the schema's own `pattern`) with the
 *     sent text as the example. A provider may write `2016-12-31T23:56:33.9571764-08:00` back as
 *     `2017-01-01T07:56:33.9571764Z`; both are the same instant and both verify.
 *   - Edm.Stream (`contentEncoding: base64`): a regex of standard padded base64 (the schema's `pattern`) with the sent
 *     text as the example, since a provider may re-encode the same bytes (line breaks dropped, say).
 *   Whether the instant or the bytes came back unchanged is the conformance suite's job (`echo-fields` compares
 *   DateTimeOffsets by instant and Streams by decoded bytes); Pact cannot express "same instant", so the contract only
 *   pins the shape.
 * - A nested `@odata.type` sent as `microsoft.graph.x` may come back as `#microsoft.graph.x` (OData 4.0 requires the
 *   `#`), so it is a regex `^#?microsoft\.graph\.x$`. The top-level `@odata.type` is exact:
 *   `#microsoft.graph.windowsOfficeClientConfiguration`.
 * - A property sent as null may come back null or absent (the `echo-fields` rule), so it is left out of the expected
 *   body: Pact lets a response carry keys the contract does not list. A null inside an array stays exact.
 *
 * Nothing here names a property of the entity: formats come from the derived schemas (specs/schemas), so a change
 * in specs/ flows through.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import {
  ODATA_TYPE,
  branchesOf,
  deref,
  dispatchOf,
  infoOf,
  isObject,
  propertiesOf,
  schemaFile,
  type Schema,
} from '../generators/schema';

/** Standard base64 with padding (RFC 4648 section 4), as Edm.Stream travels in JSON. */
export const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

/** The create response's root schema; its if/then dispatch names each derived type's response schema. */
export const CREATE_RESPONSE_FILE = 'createResponse.schema.json';

/**
 * id: a non-empty string. Not `uuid()`: the docs declare the key as a string, and a provider with another key format
 * (Graph's own example id is not an RFC 4122 UUID) must still verify. `server-assigned-id` judges uniqueness.
 */
export const ID_PATTERN = '^.+$';
/** The documentation's example id (windowsofficeclientconfiguration-create.response.json). */
export const EXAMPLE_ID = '13a5ac73-ac73-13a5-73ac-a51373aca513';

/** Location: the created entity's URL, `…/clientConfigurations/{id}` or `…/clientConfigurations('{id}')`. */
export const LOCATION_PATTERN = "^.*/officeConfiguration/clientConfigurations(?:/[^/?#]+|\\('[^'/]+'\\))$";
export const EXAMPLE_LOCATION = `https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations/${EXAMPLE_ID}`;

/**
 * application/json with any parameters (charset, odata.metadata): the `content-type` check's rule. Lower case only:
 * JavaScript regexes have no inline `(?i)`, and this pattern is also tested here in JavaScript.
 */
export const JSON_CONTENT_TYPE_PATTERN = '^application/json\\s*(?:;.*)?$';

/** An example lastModifiedDateTime, in the 7-digit form Graph writes. */
export const EXAMPLE_LAST_MODIFIED = '2024-05-01T12:00:00.0000000Z';

/** OData error code: any non-empty string (the `error-shape` check). */
export const ERROR_CODE_PATTERN = '^.+$';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `^#?microsoft\.graph\.x$` for `microsoft.graph.x` or `#microsoft.graph.x`. */
export function odataTypePattern(sent: string): string {
  return `^#?${escapeRegex(sent.replace(/^#/, ''))}$`;
}

/** A schema node's `pattern` after following $ref, if any. */
function patternOf(schema: Schema): string | undefined {
  const p = deref(schema)['pattern'];
  return typeof p === 'string' ? p : undefined;
}

/** The DateTimeOffset grammar as the derived schemas write it (lastModifiedDateTime of the response schema). */
export function dateTimeOffsetPattern(): string {
  const root = responseSchemaFor('#microsoft.graph.windowsOfficeClientConfiguration');
  const p = propertiesOf(root)['lastModifiedDateTime'];
  const pattern = p ? patternOf(p) : undefined;
  if (!pattern)
    throw new Error('contracts: the response schema has no DateTimeOffset pattern for lastModifiedDateTime');
  return pattern;
}

/** The response schema of the derived type a create body names (createResponse's @odata.type dispatch). */
export function responseSchemaFor(odataType: string): Schema {
  const root = schemaFile(CREATE_RESPONSE_FILE);
  const name = odataType.replace(/^#/, '');
  for (const d of dispatchOf(root).filter((b) => b.key === ODATA_TYPE))
    if (d.values.some((v) => v.replace(/^#/, '') === name)) return deref(d.then);
  throw new Error(`contracts: no response schema for @odata.type "${odataType}"`);
}

/** Declared properties of an object schema, merging anyOf/oneOf branches (an assignment target, say). */
function objectProperties(schema: Schema): Readonly<Record<string, Schema>> {
  const s = deref(schema);
  const branches = branchesOf(s);
  if (!branches) return propertiesOf(s);
  const merged: Record<string, Schema> = {};
  for (const b of branches) Object.assign(merged, objectProperties(b));
  return merged;
}

function itemsOf(schema: Schema): Schema {
  const s = deref(schema);
  const items = s['items'];
  if (isObject(items)) return items;
  for (const b of branchesOf(s) ?? []) {
    const bi = deref(b)['items'];
    if (isObject(bi)) return bi;
  }
  return {};
}

function echoValue(value: unknown, schema: Schema): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const info = infoOf(schema);
    if (info.format === 'date-time') return MatchersV3.regex(patternOf(schema) ?? dateTimeOffsetPattern(), value);
    if (info.contentEncoding === 'base64') return MatchersV3.regex(patternOf(schema) ?? BASE64_PATTERN, value);
    return value;
  }
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    return value.map((v: unknown) => echoValue(v, items));
  }
  if (isObject(value)) return echoObject(value, schema, false);
  return value;
}

function echoObject(value: Record<string, unknown>, schema: Schema, root: boolean): Record<string, unknown> {
  const props = objectProperties(schema);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue; // null or absent: both are an echo
    if (key === ODATA_TYPE && typeof v === 'string')
      out[key] = root ? `#${v.replace(/^#/, '')}` : MatchersV3.regex(odataTypePattern(v), v);
    else out[key] = echoValue(v, props[key] ?? {});
  }
  return out;
}

export interface CreatedBodyOptions {
  /** Expect lastModifiedDateTime (a DateTimeOffset regex); default true. */
  lastModified?: boolean;
  idExample?: string;
  lastModifiedExample?: string;
}

/**
 * The expected 201 body for a create body: the body echoed (see the file comment for what is exact and what is
 * matched), plus the server's id and, unless turned off, lastModifiedDateTime.
 */
export function createdResponseBody(body: Record<string, unknown>, options: CreatedBodyOptions = {}): unknown {
  const type = body[ODATA_TYPE];
  if (typeof type !== 'string') throw new Error('contracts: a create body needs a string @odata.type');
  const out = echoObject(body, responseSchemaFor(type), true);
  out['id'] = MatchersV3.regex(ID_PATTERN, options.idExample ?? EXAMPLE_ID);
  if (options.lastModified !== false)
    out['lastModifiedDateTime'] = MatchersV3.regex(
      dateTimeOffsetPattern(),
      options.lastModifiedExample ?? EXAMPLE_LAST_MODIFIED,
    );
  return out;
}

/** The OData error body every 4xx carries: `{"error": {"code": non-empty, "message": a string}}`. */
export function odataErrorBody(): unknown {
  return {
    error: {
      code: MatchersV3.regex(ERROR_CODE_PATTERN, 'badRequest'),
      message: MatchersV3.string('the body is not a valid windowsOfficeClientConfiguration create body'),
    },
  };
}
