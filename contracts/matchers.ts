/**
 * How the pacts say "what the provider must answer": which values are exact and which are matched. What is expected
 * at all depends on the contract's reading (readings.ts: graph-docs or odata-strict).
 *
 * - The provider decides `id`, `lastModifiedDateTime` and `Location`, so those are regex matchers with an example
 *   (lastModifiedDateTime and Location only where the reading expects them).
 * - Every property the client sent is "echoed", so it is exact, with these exceptions, where an exact value would make
 *   a provider that writes the value correctly fail:
 *   - Edm.DateTimeOffset (`format: date-time`): a regex of the OData grammar (the schema's own `pattern`) with the
 *     sent text as the example. A provider may write `2016-12-31T23:56:33.123456789-08:00` back as
 *     `2017-01-01T07:56:33.1234568Z` (another offset, rounded to 7 digits); both verify.
 *   - Edm.Stream (`contentEncoding: base64`): left out unless the reading expects streams inline (OData JSON Format
 *     4.01 section 8.4 lets a service write a stream as a media link); when expected, a regex of the response
 *     schema's `pattern` (standard base64 or base64url) with the sent text as the example.
 *   - The top-level `@odata.type`: exact `#microsoft.graph.x` where the reading requires the '#' (JSON Format 4.0),
 *     otherwise the regex `^#?microsoft\.graph\.x$` (JSON Format 4.01 lets the '#' go).
 *   - A nested `@odata.type`: left out unless the reading expects nested annotations back (the `odata-type` check
 *     judges one only where present); when expected, `^#?microsoft\.graph\.x$`, or `^#microsoft\.graph\.x$` where
 *     the '#' is required.
 *   Whether the instant or the bytes came back unchanged is the conformance suite's job (`echo-fields` compares
 *   DateTimeOffsets by instant and Streams by decoded bytes); Pact cannot express "same instant", so the contract only
 *   pins the shape.
 * - A property sent as null may come back null or absent (the `echo-fields` rule), so it is left out of the expected
 *   body: Pact lets a response carry keys the contract does not list (`@odata.context`, say). A null inside an array
 *   stays exact.
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

/**
 * Location: the created entity's URL, as the `location-header` check reads it (OData URL Conventions 4.01 sections
 * 4.3.1, 4.3.6 and 4.11): `…/clientConfigurations/{id}`, `…('{id}')` or `…(id='{id}')`, optionally followed by a
 * type-cast segment (`/microsoft.graph.windowsOfficeClientConfiguration`) and a trailing slash. Pact cannot tie the
 * key to the body's id; `location-header` does.
 */
export const LOCATION_PATTERN =
  "^.*/officeConfiguration/clientConfigurations(?:/[^/?#]+|\\((?:id=)?'(?:[^']|'')+'\\))(?:/[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+)?/?$";
export const EXAMPLE_LOCATION = `https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations/${EXAMPLE_ID}`;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex source matching `text` in any letter case, without flags (JavaScript has no inline `(?i)`). */
export function anyCase(text: string): string {
  return [...text].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : escapeRegex(c))).join('');
}

/**
 * application/json in any letter case (media types are case-insensitive, RFC 9110 section 8.3.1) with any parameters
 * (charset, odata.metadata, odata.streaming): the `content-type` check's rule. Written without flags so that Pact's
 * verifier (Rust) and the tests here (JavaScript) read it the same way.
 */
export const JSON_CONTENT_TYPE_PATTERN = `^${anyCase('application/json')}\\s*(?:;.*)?$`;

/** An example lastModifiedDateTime, in the 7-digit form Graph writes. */
export const EXAMPLE_LAST_MODIFIED = '2024-05-01T12:00:00.0000000Z';

/** OData error code: any non-empty string (the `error-shape` check). */
export const ERROR_CODE_PATTERN = '^.+$';

/**
 * `^#?microsoft\.graph\.x$` for `microsoft.graph.x` or `#microsoft.graph.x`; `^#microsoft\.graph\.x$` when the '#'
 * is required.
 */
export function odataTypePattern(sent: string, hashRequired = false): string {
  return `^#${hashRequired ? '' : '?'}${escapeRegex(sent.replace(/^#/, ''))}$`;
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

/** What an expected 201 body holds besides the exact echo: the body-related choices of a ContractReading. */
export interface EchoReading {
  /** The top-level @odata.type exactly with '#' (true) or by a regex that lets the '#' go (false). */
  typeHash: boolean;
  /** Expect nested @odata.type annotations back. */
  nestedTypes: boolean;
  /** Expect Edm.Stream properties back inline. */
  streams: boolean;
}

const isStream = (schema: Schema): boolean => infoOf(schema).contentEncoding === 'base64';

function echoValue(value: unknown, schema: Schema, r: EchoReading): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const info = infoOf(schema);
    if (info.format === 'date-time') return MatchersV3.regex(patternOf(schema) ?? dateTimeOffsetPattern(), value);
    if (info.contentEncoding === 'base64') return MatchersV3.regex(patternOf(schema) ?? BASE64_PATTERN, value);
    return value;
  }
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    return value.map((v: unknown) => echoValue(v, items, r));
  }
  if (isObject(value)) return echoObject(value, schema, false, r);
  return value;
}

function echoObject(
  value: Record<string, unknown>,
  schema: Schema,
  root: boolean,
  r: EchoReading,
): Record<string, unknown> {
  const props = objectProperties(schema);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue; // null or absent: both are an echo
    if (key === ODATA_TYPE && typeof v === 'string') {
      const name = `#${v.replace(/^#/, '')}`;
      if (root) out[key] = r.typeHash ? name : MatchersV3.regex(odataTypePattern(v), name);
      else if (r.nestedTypes) out[key] = MatchersV3.regex(odataTypePattern(v, r.typeHash), r.typeHash ? name : v);
      continue;
    }
    const propSchema = props[key] ?? {};
    if (!r.streams && typeof v === 'string' && isStream(propSchema)) continue; // inline, a media link or absent
    out[key] = echoValue(v, propSchema, r);
  }
  return out;
}

/** The graph-docs reading of a body (readings.ts): '#' optional, no nested @odata.type, no Stream values. */
export const GRAPH_DOCS_ECHO: EchoReading = { typeHash: false, nestedTypes: false, streams: false };

export interface CreatedBodyOptions extends Partial<EchoReading> {
  /** Expect lastModifiedDateTime (a DateTimeOffset regex); default false (the docs' example has none). */
  lastModified?: boolean;
  idExample?: string;
  lastModifiedExample?: string;
}

/**
 * The expected 201 body for a create body: the body echoed (see the file comment for what is exact, what is matched
 * and what is left out), plus the server's id and, where asked, lastModifiedDateTime. Options left out take the
 * graph-docs reading.
 */
export function createdResponseBody(body: Record<string, unknown>, options: CreatedBodyOptions = {}): unknown {
  const type = body[ODATA_TYPE];
  if (typeof type !== 'string') throw new Error('contracts: a create body needs a string @odata.type');
  const reading: EchoReading = {
    typeHash: options.typeHash ?? GRAPH_DOCS_ECHO.typeHash,
    nestedTypes: options.nestedTypes ?? GRAPH_DOCS_ECHO.nestedTypes,
    streams: options.streams ?? GRAPH_DOCS_ECHO.streams,
  };
  const out = echoObject(body, responseSchemaFor(type), true, reading);
  out['id'] = MatchersV3.regex(ID_PATTERN, options.idExample ?? EXAMPLE_ID);
  if (options.lastModified === true)
    out['lastModifiedDateTime'] = MatchersV3.regex(
      dateTimeOffsetPattern(),
      options.lastModifiedExample ?? EXAMPLE_LAST_MODIFIED,
    );
  return out;
}

/** The OData error body every 4xx carries: `{"error": {"code": non-empty, "message": a string}}`. */
export function odataErrorBody(
  code = 'badRequest',
  message = 'the body is not a valid windowsOfficeClientConfiguration create body',
): unknown {
  return {
    error: {
      code: MatchersV3.regex(ERROR_CODE_PATTERN, code),
      message: MatchersV3.string(message),
    },
  };
}

/** An expected answer as the interactions write it: a status (or a status class), headers and body with matchers. */
export interface ExpectedResponse {
  /** The status (the example, where statusClass or statuses is set). */
  status: number;
  /** Any status of this class verifies (Pact V4 `statusCode` matcher); absent: exactly `status`. */
  statusClass?: 'clientError';
  /** Any of these statuses verifies (Pact V4 `statusCode` matcher with a list of codes); absent: exactly `status`. */
  statuses?: number[];
  headers: Record<string, unknown>;
  /** The expected body with matchers; absent: no body is expected, and whatever comes is not judged. */
  body?: unknown;
}

/** An expected answer with a JSON body (a create's 201, a refusal). */
export type ExpectedJsonResponse = ExpectedResponse & { body: unknown };

/** What a 201 answer expects besides the echo: a Location header, and the body's choices (createdResponseBody). */
export interface CreatedAnswerReading extends EchoReading {
  location: boolean;
  lastModified: boolean;
}

export const jsonContentType = (): unknown => MatchersV3.regex(JSON_CONTENT_TYPE_PATTERN, 'application/json');

/** The 201 answer to a create of `body`: JSON, a Location where the reading expects one, the body echoed. */
export function createdResponse(body: Record<string, unknown>, r: CreatedAnswerReading): ExpectedJsonResponse {
  const headers: Record<string, unknown> = { 'Content-Type': jsonContentType() };
  if (r.location) headers['Location'] = MatchersV3.regex(LOCATION_PATTERN, EXAMPLE_LOCATION);
  return {
    status: 201,
    headers,
    body: createdResponseBody(body, {
      lastModified: r.lastModified,
      typeHash: r.typeHash,
      nestedTypes: r.nestedTypes,
      streams: r.streams,
    }),
  };
}

/** The refusal of an invalid create: the OData error in JSON. */
export function refusedResponse(): ExpectedJsonResponse {
  return {
    // rejects-invalid asks for a 4xx, not a 400: any client error verifies, 400 is the example.
    status: 400,
    statusClass: 'clientError',
    headers: { 'Content-Type': jsonContentType() },
    body: odataErrorBody(),
  };
}
