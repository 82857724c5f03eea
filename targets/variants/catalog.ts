import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseDateTimeOffset } from '../../specs/edm';
import {
  COLLECTION_PATH,
  createReferenceHandler,
  DEFAULT_TYPE,
  entityUrl,
  MAX_NESTING_DEPTH,
  type AnswerContext,
  type ReferenceHooks,
  type ReferenceOptions,
  type ValidationIssue,
} from '../reference/handler';
import { errorAnswer, type Answer } from '../reference/http';
import { copyOwn, getOwn, hasOwn, isJsonObject, setOwn, type JsonObject } from '../reference/json';
import {
  allowsNull,
  bareType,
  entitySchema,
  infoOf,
  isCollection,
  isDateTime,
  isNavigation,
  isStream,
  mapObjects,
  mapStrings,
  propertiesOf,
  streamProperties,
  withoutType,
  type Schema,
} from '../walk';
import { formatInstant, readDotNet, truncateFraction } from './datetime';
import { parseLenientJson } from './lenient-json';
import type { VariantSpec } from './types';

/** What a variant changes: hooks on the reference, and reference options (an id generator...). */
interface Difference {
  hooks?: ReferenceHooks;
  options?: Partial<ReferenceOptions>;
}

/** A variant is the reference plus hooks, built afresh for every handler (some keep per-handler state). */
function variant(spec: Omit<VariantSpec, 'createHandler'>, difference: () => Difference = () => ({})): VariantSpec {
  return {
    ...spec,
    createHandler: (options: ReferenceOptions = {}) => {
      const d = difference();
      return createReferenceHandler({ ...options, ...d.options, hooks: { ...options.hooks, ...d.hooks } });
    },
  };
}

const TYPE = '@odata.type';

/** A copy of obj with key set to value (own property, key order kept; a new key goes last). */
function withOwn(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out = copyOwn(obj);
  setOwn(out, key, value);
  return out;
}

/** A copy of obj with key first. */
function withFirst(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out: JsonObject = {};
  setOwn(out, key, value);
  for (const k of Object.keys(obj)) if (k !== key) setOwn(out, k, obj[k]);
  return out;
}

/** The schema of the entity's own type (its @odata.type), as answers write it. */
const schemaOf = (entity: JsonObject): Schema => entitySchema(getOwn(entity, TYPE));

/** Rewrites every DateTimeOffset of an entity or create body. */
function mapDates(obj: JsonObject, form: 'request' | 'response', fn: (text: string) => string): JsonObject {
  return mapStrings(obj, entitySchema(getOwn(obj, TYPE), form), isDateTime, fn) as JsonObject;
}

/** Entity answers: a create's 2xx, a GET or PATCH of one entity's 2xx. */
function isEntityAnswer(answer: Answer, ctx: AnswerContext): boolean {
  if (answer.status < 200 || answer.status >= 300 || !isJsonObject(answer.body)) return false;
  const t = ctx.target.kind;
  return (t === 'collection' && ctx.method === 'POST') || (t === 'entity' && ['GET', 'PATCH'].includes(ctx.method));
}

const isCreateAnswer = (answer: Answer, ctx: AnswerContext): boolean =>
  isEntityAnswer(answer, ctx) && ctx.method === 'POST';

/**
 * Applies fn to the entity of an entity answer (single: true) or to each entity of a list answer (single: false);
 * every other answer is returned as it is.
 */
function shapeEntities(
  answer: Answer,
  ctx: AnswerContext,
  fn: (entity: JsonObject, single: boolean) => JsonObject,
): Answer {
  if (isEntityAnswer(answer, ctx) && isJsonObject(answer.body)) return { ...answer, body: fn(answer.body, true) };
  if (answer.status === 200 && ctx.target.kind === 'collection' && ctx.method === 'GET' && isJsonObject(answer.body)) {
    const value = getOwn(answer.body, 'value');
    if (Array.isArray(value))
      return {
        ...answer,
        body: withOwn(
          answer.body,
          'value',
          value.map((v: unknown) => (isJsonObject(v) ? fn(v, false) : v)),
        ),
      };
  }
  return answer;
}

/** OData JSON Format 4.01 section 10: the context URL of an entity (single) or of the entity set. */
function contextUrl(root: string, single: boolean): string {
  return `${root}/$metadata#officeConfiguration/clientConfigurations${single ? '/$entity' : ''}`;
}

/** Adds @odata.context first to entity answers (and to a list answer, beside its value). */
function withContext(answer: Answer, ctx: AnswerContext): Answer {
  if (isEntityAnswer(answer, ctx) && isJsonObject(answer.body))
    return { ...answer, body: withFirst(answer.body, '@odata.context', contextUrl(ctx.root, true)) };
  if (answer.status === 200 && ctx.target.kind === 'collection' && ctx.method === 'GET' && isJsonObject(answer.body))
    return { ...answer, body: withFirst(answer.body, '@odata.context', contextUrl(ctx.root, false)) };
  return answer;
}

function withoutHeader(answer: Answer, name: string): Answer {
  if (!(name in answer.headers)) return answer;
  const headers = { ...answer.headers };
  delete headers[name];
  return { ...answer, headers };
}

/** Rewrites the Location of a 201 from the created id and type. */
function relocate(answer: Answer, ctx: AnswerContext, at: (root: string, id: string, type: string) => string): Answer {
  if (!isCreateAnswer(answer, ctx) || !isJsonObject(answer.body)) return answer;
  const id = getOwn(answer.body, 'id');
  const type = getOwn(answer.body, TYPE);
  if (typeof id !== 'string' || typeof type !== 'string' || answer.headers['location'] === undefined) return answer;
  return { ...answer, headers: { ...answer.headers, location: at(ctx.root, id, bareType(type)) } };
}

// ---- shared by several variants ---------------------------------------------------------------------------------

/** OData 4.01 Protocol 11.4.2: nullable properties left out of a create are null, collections empty. */
function fillUnset(obj: JsonObject, schema: Schema): JsonObject {
  let out: JsonObject | undefined;
  for (const [key, prop] of Object.entries(propertiesOf(schema, obj))) {
    if (key.includes('@') || isNavigation(prop) || hasOwn(obj, key)) continue;
    const value = isCollection(prop) ? [] : allowsNull(prop) ? null : undefined;
    if (value === undefined) continue;
    out ??= copyOwn(obj);
    setOwn(out, key, value);
  }
  return out ?? obj;
}

// ---- Microsoft's stack ------------------------------------------------------------------------------------------

const ABSTRACT_MESSAGE =
  'names no @odata.type: the entity set is typed microsoft.graph.officeClientConfiguration, an abstract type that cannot be created; name a derived type such as #microsoft.graph.windowsOfficeClientConfiguration';

/** Graph echoes a client-request-id it can use, and makes one up otherwise. */
function clientRequestId(req: IncomingMessage): string {
  const sent = req.headers['client-request-id'];
  return typeof sent === 'string' && /^[\x21-\x7e]{1,128}$/.test(sent) ? sent : randomUUID();
}

/** Graph's error body: the OData error with innerError {date, request-id, client-request-id}; the ids as headers. */
function graphErrorAnswer(answer: Answer, ids: { request: string; client: string }): Answer {
  if (answer.status < 400 || !isJsonObject(answer.body)) return answer;
  const error = getOwn(answer.body, 'error');
  if (!isJsonObject(error)) return answer;
  const innerError: JsonObject = {};
  setOwn(innerError, 'date', new Date().toISOString().slice(0, 19));
  setOwn(innerError, 'request-id', ids.request);
  setOwn(innerError, 'client-request-id', ids.client);
  return { ...answer, body: withOwn(answer.body, 'error', withOwn(error, 'innerError', innerError)) };
}

/**
 * What OData .NET writes for an entity: @odata.context first (single entities only), Stream properties as
 * `<name>@odata.mediaReadLink` instead of inline values, and no @odata.type on nested values (their types are the
 * declared ones); the top-level @odata.type stays, since the instance's type is derived from the set's.
 */
function odlEntity(entity: JsonObject, root: string, single: boolean): JsonObject {
  const schema = schemaOf(entity);
  const streams = new Set(streamProperties(schema));
  const id = getOwn(entity, 'id');
  const out: JsonObject = {};
  if (single) setOwn(out, '@odata.context', contextUrl(root, true));
  for (const key of Object.keys(entity)) {
    if (!streams.has(key)) {
      setOwn(out, key, entity[key]);
      continue;
    }
    const value = entity[key];
    if (typeof value === 'string' && typeof id === 'string')
      setOwn(out, `${key}@odata.mediaReadLink`, `${entityUrl(root, id)}/${key}`);
  }
  return mapObjects(out, schema, (o, _s, depth) => (depth === 0 ? o : withoutType(o))) as JsonObject;
}

/**
 * The CLR default .NET writes for a property a create left unset (CSDL gives these no DefaultValue, and OData 4.01
 * Protocol 11.4.2 leaves the value of such a property to the service): 0, false, 0001-01-01T00:00:00Z. Strings stay
 * unset: their CLR default is null, which a non-nullable property cannot hold.
 */
function clrDefault(prop: Schema): unknown {
  const info = infoOf(prop);
  if (info.nullable || info.types.length !== 1) return undefined;
  if (info.format === 'date-time') return '0001-01-01T00:00:00Z';
  if (info.types[0] === 'integer' || info.types[0] === 'number') return 0;
  if (info.types[0] === 'boolean') return false;
  return undefined;
}

/** What an ODL service stores for a create: every declared structural property, null/[] or the CLR default. */
function everyProperty(obj: JsonObject, schema: Schema): JsonObject {
  const filled = fillUnset(obj, schema);
  let out: JsonObject | undefined;
  for (const [key, prop] of Object.entries(propertiesOf(schema, filled))) {
    if (key.includes('@') || isNavigation(prop) || hasOwn(filled, key) || isStream(prop)) continue;
    const value = clrDefault(prop);
    if (value === undefined) continue;
    out ??= copyOwn(filled);
    setOwn(out, key, value);
  }
  return out ?? filled;
}

/** ODL's JSON writer escapes every character past ASCII (ODataStringEscapeOption.EscapeNonAscii, its default). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function microsoftStack(utc: boolean): () => Difference {
  return () => {
    const write = (picos: bigint, offsetMinutes: number): string =>
      formatInstant(picos, utc ? 0 : offsetMinutes, 'ticks');
    return {
      hooks: {
        parseJson: (text) => parseLenientJson(text, MAX_NESTING_DEPTH),
        // Kept at 100 ns: every DateTimeOffset .NET can hold is rounded to the tick and written as ODL writes it.
        preprocessCreate: (body) =>
          mapDates(body, 'request', (text) => {
            const r = readDotNet(text);
            return r?.held ? write(r.picos, r.offsetMinutes) : text;
          }),
        validateCreate: (body, standard) => {
          if (!hasOwn(body, TYPE)) return [{ pointer: '', keyword: 'abstract', message: ABSTRACT_MESSAGE }];
          const issues: ValidationIssue[] = [];
          mapStrings(body, entitySchema(getOwn(body, TYPE), 'request'), isDateTime, (text, pointer) => {
            const r = readDotNet(text);
            if (r && !r.held)
              issues.push({
                pointer,
                keyword: 'format',
                message: `${JSON.stringify(text)} cannot be held by .NET's DateTimeOffset: ${r.reason}`,
              });
            return text;
          });
          return [...issues, ...standard(body)];
        },
        // Stored as ODL stores it: every declared property (nested values too), every DateTimeOffset in its form.
        shapeEntity: (entity) => {
          const dated = mapDates(entity, 'response', (text) => {
            const r = readDotNet(text);
            return r?.held ? write(r.picos, r.offsetMinutes) : text;
          });
          return mapObjects(dated, schemaOf(dated), (o, s) => everyProperty(o, s), { navigation: false }) as JsonObject;
        },
        shapeAnswer: (answer, ctx) => {
          const ids = { request: randomUUID(), client: clientRequestId(ctx.req) };
          const headers = { ...answer.headers, 'request-id': ids.request, 'client-request-id': ids.client };
          const a = { ...answer, headers };
          if (a.status >= 400) {
            const error = graphErrorAnswer(a, ids);
            return error.body === undefined ? error : { ...error, rawBody: asciiJson(error.body) };
          }
          const shaped = shapeEntities(a, ctx, (e, single) => odlEntity(e, ctx.root, single));
          const listed = ctx.target.kind === 'collection' && ctx.method === 'GET' ? withContext(shaped, ctx) : shaped;
          const final = isCreateAnswer(a, ctx) ? withoutHeader(listed, 'location') : listed;
          return final.body === undefined ? final : { ...final, rawBody: asciiJson(final.body) };
        },
      },
    };
  };
}

const unhash = (o: JsonObject): JsonObject => {
  const t = getOwn(o, TYPE);
  return typeof t === 'string' && t.startsWith('#') ? withOwn(o, TYPE, bareType(t)) : o;
};

/** Sets every Stream property of an entity's type to null, or leaves them all out. */
function streamsNotInline(mode: 'null' | 'absent'): (entity: JsonObject) => JsonObject {
  return (entity) => {
    const streams = streamProperties(schemaOf(entity));
    if (mode === 'absent') return copyOwn(entity, streams);
    const out = copyOwn(entity);
    for (const s of streams) setOwn(out, s, null);
    return out;
  };
}

const ODATA_MINIMAL =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Graph's service-specific error codes (the OData error's `code` is the service's to choose). */
const SERVICE_CODES: Readonly<Record<number, string>> = {
  400: 'Request_BadRequest',
  401: 'InvalidAuthenticationToken',
  404: 'Request_ResourceNotFound',
  405: 'Request_UnsupportedQuery',
  413: 'Request_EntityTooLarge',
  415: 'Request_UnsupportedMediaType',
};

/** Every answer with a body labelled with this Content-Type (the body unchanged). */
function labelJson(contentType: string): ReferenceOptions {
  return {
    hooks: {
      shapeAnswer: (a) =>
        a.body === undefined && a.rawBody === undefined
          ? a
          : { ...a, headers: { ...a.headers, 'content-type': contentType } },
    },
  };
}

/** The answer with another status and no body (nor the headers that describe one; a 200 says Content-Length: 0). */
function withoutBody(answer: Answer, status: number): Answer {
  const headers = { ...answer.headers };
  delete headers['content-type'];
  delete headers['content-length'];
  if (status !== 204) headers['content-length'] = '0';
  return { status, headers };
}

/** A 2xx answer with `from` to `method` on a resource of one of `kinds` becomes `to`, without a body. */
function restatus(
  method: string,
  kinds: ReadonlyArray<AnswerContext['target']['kind']>,
  from: number,
  to: number,
  action?: string,
): NonNullable<ReferenceHooks['shapeAnswer']> {
  return (a, ctx) => {
    if (ctx.method !== method || a.status !== from || !kinds.includes(ctx.target.kind)) return a;
    if (action !== undefined && !(ctx.target.kind === 'action' && ctx.target.action === action)) return a;
    return withoutBody(a, to);
  };
}

/** Every conforming variant: the reference with one difference the sources allow. */
export const VARIANTS: ReadonlyArray<VariantSpec> = [
  variant({
    name: 'reference',
    description: 'the reference implementation itself, unchanged',
    freedom: 'no difference: the reference is what every check is written against',
    profiles: ['graph-docs', 'odata-strict'],
    warns: [],
  }),
  variant(
    {
      name: 'microsoft-stack',
      description:
        "what an OData .NET (ODL) service does: DateTimeOffsets rounded to 100 ns with the offset kept, values .NET cannot hold refused, @odata.context on entities, no Location, errors with innerError, Streams as media read links, no nested @odata.type, every declared property written (null, [] or the CLR default when unset), non-ASCII escaped as \\uXXXX, ODL's lenient JSON (single quotes, unquoted names), more than 12 fraction digits read, a body without @odata.type refused as the abstract base type",
      freedom:
        'System.DateTimeOffset (100 ns ticks, years 0001-9999, offsets within ±14:00, no leap second); Microsoft.OData.Core PlatformHelper.ConvertStringToDateTimeOffset (xsd:dateTime, XML Schema 1.1 Part 2 section 3.3.7) and Json/JsonReader.cs COMPAT 45/46; CSDL 4.01 section 7.2.3 (Precision); OData JSON Format 4.01 sections 10 (context URL), 8.4 (stream properties as media links), 4.5.3 (type needed only where it differs from the declared one); OData 4.01 Protocol 11.4.2 (Location is a SHOULD the Graph example skips); Graph error responses (innerError); the create page (the base type is abstract)',
      profiles: ['graph-docs'],
      warns: ['location-header', 'lenient-input'],
    },
    microsoftStack(false),
  ),
  variant(
    {
      name: 'microsoft-stack-utc',
      description: 'as microsoft-stack, but every DateTimeOffset is written in UTC (Z)',
      freedom:
        'as microsoft-stack; OData ABNF 4.01 dateTimeOffsetValue (the same instant written with another offset is the same value), CSDL 4.01 section 4.4 (Edm.DateTimeOffset is an instant)',
      profiles: ['graph-docs'],
      warns: ['location-header', 'lenient-input'],
    },
    microsoftStack(true),
  ),
  variant(
    {
      name: 'defaults-missing-type',
      description: 'a body without a top-level @odata.type creates a windowsOfficeClientConfiguration (201)',
      freedom:
        'create page (its table never marks @odata.type required; windowsOfficeClientConfiguration is the type it creates); OData JSON Format 4.01 section 4.5.3: a leniency (missing-odata-type) in graph-docs',
      profiles: ['graph-docs'],
      warns: ['lenient-input'],
    },
    () => ({
      hooks: { preprocessCreate: (body) => (hasOwn(body, TYPE) ? body : withFirst(body, TYPE, `#${DEFAULT_TYPE}`)) },
    }),
  ),
  variant(
    {
      name: 'truncates-7-digits',
      description: 'DateTimeOffsets are kept at 7 fractional digits, truncated (not rounded)',
      freedom:
        'CSDL 4.01 section 7.2.3 (Precision: a service keeps the digits its facet states; 7 in graph-docs, the docs write 7); OData ABNF 4.01 says nothing of rounding',
      profiles: ['graph-docs'],
      warns: [],
    },
    () => ({ hooks: { shapeEntity: (e) => mapDates(e, 'response', (t) => truncateFraction(t, 7)) } }),
  ),
  variant(
    {
      name: 'base64url-streams',
      description: 'Stream values are written back as base64url without padding (the same bytes)',
      freedom:
        'OData JSON Format 4.01 section 7.1 (binary values are base64url, RFC 4648 section 5); the OpenAPI slice (format: base64url)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeEntity: (e) =>
          mapStrings(
            e,
            schemaOf(e),
            (s) => isStream(s),
            (t) => Buffer.from(t, 'base64').toString('base64url'),
          ) as JsonObject,
      },
    }),
  ),
  variant(
    {
      name: 'streams-null',
      description: 'Stream properties are not written inline: every one is null in the 201 and GET answers',
      freedom:
        'OData JSON Format 4.01 section 8.4 (stream properties need not be inlined); the schemas make both Streams nullable',
      profiles: ['graph-docs'],
      warns: [],
    },
    () => {
      const fn = streamsNotInline('null');
      return { hooks: { shapeAnswer: (a, ctx) => shapeEntities(a, ctx, (e) => fn(e)) } };
    },
  ),
  variant(
    {
      name: 'streams-absent',
      description: 'Stream properties are not written inline: the 201 and GET answers leave them out',
      freedom:
        'OData JSON Format 4.01 section 8.4 (stream properties as media links); in OData 4.0 JSON a stream property is never part of the entity payload, only its media read/edit links, so the strict reading allows it too',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => {
      const fn = streamsNotInline('absent');
      return { hooks: { shapeAnswer: (a, ctx) => shapeEntities(a, ctx, (e) => fn(e)) } };
    },
  ),
  variant(
    {
      name: 'location-type-cast',
      description:
        'Location is the entity URL followed by a type-cast segment naming the created type (…/clientConfigurations/{id}/microsoft.graph.windowsOfficeClientConfiguration)',
      freedom: 'OData URL Conventions 4.01 section 4.11 (a type-cast segment addresses the entity as its derived type)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: { shapeAnswer: (a, ctx) => relocate(a, ctx, (root, id, type) => `${entityUrl(root, id)}/${type}`) },
    }),
  ),
  variant(
    {
      name: 'location-key-in-parentheses',
      description: "Location writes the key in parentheses: …/clientConfigurations('{id}')",
      freedom:
        'OData URL Conventions 4.01 section 4.3.1 (canonical URL: key predicate in parentheses, string keys in single quotes)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeAnswer: (a, ctx) =>
          relocate(a, ctx, (root, id) => `${root}${COLLECTION_PATH}('${encodeURIComponent(id).replace(/'/g, "''")}')`),
      },
    }),
  ),
  variant(
    {
      name: 'nulls-for-unset',
      description:
        'every nullable property the body did not set is written as null, and every collection as [] (navigation properties never), in the 201 and in GETs, at every level',
      freedom:
        'OData 4.01 Protocol 11.4.2 (nullable and collection-valued properties omitted from a create are set to null and an empty collection); OData JSON Format 4.01 section 4.5 (null is how a null value is written); strict allows it too',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeEntity: (e) => mapObjects(e, schemaOf(e), (o, s) => fillUnset(o, s), { navigation: false }) as JsonObject,
      },
    }),
  ),
  variant(
    {
      name: 'odata-metadata-minimal',
      description: `entity answers say Content-Type ${ODATA_MINIMAL} and carry @odata.context`,
      freedom:
        'OData JSON Format 4.01 sections 3 and 3.1 (media type parameters odata.metadata, odata.streaming, IEEE754Compatible) and 10 (context URL, required with minimal metadata)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeAnswer: (a, ctx) => {
          const shaped = withContext(a, ctx);
          return shaped === a ? a : { ...shaped, headers: { ...shaped.headers, 'content-type': ODATA_MINIMAL } };
        },
      },
    }),
  ),
  variant(
    {
      name: 'type-without-hash',
      description:
        "top-level and nested @odata.type values are written without '#' (microsoft.graph.windowsOfficeClientConfiguration)",
      freedom:
        "OData JSON Format 4.01 section 4.5.3 (the '#' may be left out of a type in the namespace; 4.0 requires it, so not odata-strict); the docs' own examples write nested types without '#'",
      profiles: ['graph-docs'],
      warns: [],
    },
    () => ({ hooks: { shapeEntity: (e) => mapObjects(e, schemaOf(e), unhash) as JsonObject } }),
  ),
  variant(
    {
      name: 'uppercase-guid-ids',
      description: 'ids are GUIDs in upper case (B9B8D12F-…)',
      freedom:
        'officeClientConfiguration resource page (id is a String key); OData URL Conventions 4.01 section 4.3.1 (a key is an opaque literal)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({ options: { newId: () => randomUUID().toUpperCase() } }),
  ),
  variant(
    {
      name: 'opaque-string-ids',
      description: 'ids are service-made strings, not GUIDs (cfg_000001_9f3a0c2e)',
      freedom:
        'officeClientConfiguration resource page (id is a String key, nothing more); OData URL Conventions 4.01 section 4.3.1',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => {
      let next = 0;
      return { options: { newId: () => `cfg_${String(++next).padStart(6, '0')}_${randomBytes(4).toString('hex')}` } };
    },
  ),
  variant(
    {
      name: 'ids-with-reserved-characters',
      description:
        "ids are Exchange-style strings with characters a URL must escape (AAMk+q/7'é=000001): Location and the key in the URL percent-encode them",
      freedom:
        'officeClientConfiguration resource page (id is an Edm.String key, no format given); OData URL Conventions 4.01 sections 2.1 and 4.3.1 (key values are percent-encoded in URLs, a single quote doubled in a string literal)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => {
      let next = 0;
      return {
        options: { newId: () => `AAMk+${randomBytes(3).toString('hex')}/7'é=${String(++next).padStart(6, '0')}` },
      };
    },
  ),
  variant(
    {
      name: 'etags',
      description:
        'entity answers carry an @odata.etag annotation and an ETag header (weak, from lastModifiedDateTime)',
      freedom:
        'OData JSON Format 4.01 section 4.5.10 (etag control information); OData 4.01 Protocol section 8.3.1 (ETag header on a single entity)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => {
      const tag = (e: JsonObject): string =>
        `W/"${Buffer.from(String(getOwn(e, 'lastModifiedDateTime') ?? ''), 'utf8').toString('base64url')}"`;
      return {
        hooks: {
          shapeAnswer: (a, ctx) => {
            const shaped = shapeEntities(a, ctx, (e) => withFirst(e, '@odata.etag', tag(e)));
            if (!isEntityAnswer(shaped, ctx) || !isJsonObject(shaped.body)) return shaped;
            return { ...shaped, headers: { ...shaped.headers, etag: tag(shaped.body) } };
          },
        },
      };
    },
  ),
  variant(
    {
      name: 'extra-server-properties',
      description: 'entities also carry a server-set createdDateTime the docs do not list',
      freedom:
        'OData 4.01 Protocol section 5.2 (model versioning: adding a property is a safe change clients SHOULD be prepared for); Graph versioning policy (new properties without a version change)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeEntity: (e) =>
          hasOwn(e, 'lastModifiedDateTime') ? withOwn(e, 'createdDateTime', getOwn(e, 'lastModifiedDateTime')) : e,
      },
    }),
  ),
  variant(
    {
      name: 'last-modified-absent',
      description: 'entities are written without lastModifiedDateTime (the service does not expose it)',
      freedom:
        'OData 4.01 Protocol 11.2.5.1 (without $select a service returns its default set of properties); the generated OpenAPI slice does not list lastModifiedDateTime (notes: absent from the generated OpenAPI)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({ hooks: { shapeEntity: (e) => copyOwn(e, ['lastModifiedDateTime']) } }),
  ),
  variant(
    {
      name: 'charset-omitted',
      description: 'JSON answers say Content-Type: application/json, without a charset parameter',
      freedom:
        'RFC 8259 section 11 (application/json defines no charset parameter; JSON text is UTF-8); OData JSON Format 4.01 section 3',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => labelJson('application/json'),
  ),
  variant(
    {
      name: 'dates-in-utc',
      description: 'every DateTimeOffset is written in UTC (Z) at the digits it was sent with: the same instant',
      freedom:
        'OData ABNF 4.01 dateTimeOffsetValue and CSDL 4.01 section 4.4 (an Edm.DateTimeOffset is an instant; the offset written is not part of the value compared)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeEntity: (e) =>
          mapDates(e, 'response', (t) => {
            const p = parseDateTimeOffset(t);
            return p ? formatInstant(p.picos, 0, p.fractionDigits) : t;
          }),
      },
    }),
  ),
  variant(
    {
      name: 'service-error-codes',
      description:
        'error codes are service-specific (Request_BadRequest, InvalidAuthenticationToken...) instead of camelCase status names',
      freedom:
        'OData JSON Format 4.01 section 21 (error.code is a service-defined, language-independent string); Graph error responses use such codes',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeError: (a) => {
          const error = isJsonObject(a.body) ? getOwn(a.body, 'error') : undefined;
          const code = SERVICE_CODES[a.status];
          if (!isJsonObject(a.body) || !isJsonObject(error) || code === undefined) return a;
          return { ...a, body: withOwn(a.body, 'error', withOwn(error, 'code', code)) };
        },
      },
    }),
  ),
  variant(
    {
      name: 'dates-lowercase-t-z',
      description:
        "every DateTimeOffset is written with a lower-case 't' and 'z' (2016-12-31t23:56:33.9571764z): the same text otherwise",
      freedom:
        'OData ABNF 4.01 dateTimeOffsetValue = date "T" timeOfDayValue ( "Z" / ... ): the grammar uses RFC 5234 and RFC 7405, where a quoted literal without %s is case-insensitive (it marks case-sensitive ones %s"..."); RFC 3339 section 5.6 (NOTE: "T" and "Z" may be lower case)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeEntity: (e) => mapDates(e, 'response', (t) => t.replace(/^([^T]*)T/, '$1t').replace(/Z$/, 'z')),
      },
    }),
  ),
  variant(
    {
      name: 'dates-seven-digits-padded',
      description:
        'every DateTimeOffset is written with seconds and exactly 7 fractional digits, rounded to 100 ns (…T23:56:00.0000000-08:00), the offset kept (Z for a zero one)',
      freedom:
        'OData ABNF 4.01 (fractionalSeconds = 1*12DIGIT, trailing zeros allowed); CSDL 4.01 section 7.2.3 (Precision 7, the docs\' digits); .NET\'s round-trip format "o" writes 7 digits',
      profiles: ['graph-docs'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeEntity: (e) =>
          mapDates(e, 'response', (t) => {
            const r = readDotNet(t);
            return r?.held ? formatInstant(r.picos, r.offsetMinutes, 7) : t;
          }),
      },
    }),
  ),
  variant(
    {
      name: 'location-relative',
      description:
        'Location is an absolute-path reference (/officeConfiguration/clientConfigurations/{id}), not a full URL',
      freedom:
        'RFC 9110 section 10.2.2 (Location is a URI-reference; a relative one is resolved against the target URI); OData 4.01 Protocol 11.4.2 names the URL, not its form',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeAnswer: (a, ctx) => relocate(a, ctx, (root, id) => new URL(entityUrl(root, id)).pathname),
      },
    }),
  ),
  variant(
    {
      name: 'location-named-key',
      description: "Location names the key property: …/clientConfigurations(id='{id}')",
      freedom: "OData URL Conventions 4.01 section 4.3.1 (key-value pairs in the key predicate: (id='...'))",
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({
      hooks: {
        shapeAnswer: (a, ctx) =>
          relocate(
            a,
            ctx,
            (root, id) => `${root}${COLLECTION_PATH}(id='${encodeURIComponent(id).replace(/'/g, "''")}')`,
          ),
      },
    }),
  ),
  variant(
    {
      name: 'content-type-case',
      description: 'JSON answers say Content-Type: Application/JSON; Charset="UTF-8" (other case, a quoted parameter)',
      freedom:
        'RFC 9110 sections 8.3.1 and 5.6.6 (type, subtype and parameter names are case-insensitive; a parameter value may be a quoted-string; charset values are case-insensitive)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => labelJson('Application/JSON; Charset="UTF-8"'),
  ),
  variant(
    {
      name: 'streams-only-on-create',
      description:
        'the 201 answer writes Stream values inline; a later GET leaves them out (they are read from their media links)',
      freedom:
        'OData JSON Format 4.01 section 8.4 (a stream property need not be inlined; each answer decides); OData 4.01 Protocol 11.2 (GET returns the default properties)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => {
      const fn = streamsNotInline('absent');
      return {
        hooks: {
          shapeAnswer: (a, ctx) => (ctx.method === 'GET' ? shapeEntities(a, ctx, (e) => fn(e)) : a),
        },
      };
    },
  ),
  variant(
    {
      name: 'throttles-with-retry-after',
      description:
        'every 7th valid create and every 5th GET by id is answered 429 with Retry-After: 0 before anything is stored or read (a busy tenant); the request sent again succeeds',
      freedom:
        'Microsoft Graph throttling (429 Too Many Requests with Retry-After; a client waits and sends again); RFC 6585 section 4; RFC 9110 section 10.2.3',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
      transient: true,
    },
    () => {
      let creates = 0;
      let reads = 0;
      const tooMany = (): Answer =>
        errorAnswer(429, 'too many requests: retry after the time in Retry-After', { headers: { 'retry-after': '0' } });
      return {
        hooks: {
          interceptCreate: () => (++creates % 7 === 0 ? tooMany() : undefined),
          shapeReadAnswer: (a) => (++reads % 5 === 0 ? tooMany() : a),
        },
      };
    },
  ),
  variant(
    {
      name: 'replication-lag',
      description:
        'the first GET of a new entity answers 404, as a replica that has not caught up yet; every later GET finds it',
      freedom:
        'Microsoft Graph: a read right after a write may not see it yet (replication across a distributed service; the notes in ../shared/notes/odata-and-graph.md); nothing in the docs promises read-your-writes on the first GET',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => {
      const seen = new Set<string>();
      return {
        hooks: {
          shapeReadAnswer: (a, id) => {
            if (a.status !== 200 || seen.has(id)) return a;
            seen.add(id);
            return errorAnswer(404, `no clientConfiguration has the id '${id}' (not replicated yet)`);
          },
        },
      };
    },
  ),

  // ---- lifecycle freedoms: differences in the operations besides create, judged by `run --stateful` ------------
  variant(
    {
      name: 'patch-answers-204',
      description:
        'a successful PATCH, of a configuration or of an assignment, answers 204 No Content without a body, even when the request prefers return=representation',
      freedom:
        'OData 4.01 Protocol 11.4.3 (an update may answer 204 No Content) and 8.2.8.7 (a service MAY apply Prefer: return=representation, so it may also ignore it); the OpenAPI slice gives PATCH the status 204',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({ hooks: { shapeAnswer: restatus('PATCH', ['entity', 'assignment'], 200, 204) } }),
  ),
  variant(
    {
      name: 'delete-answers-200',
      description: 'a successful DELETE, of a configuration or of an assignment, answers 200 OK without a body',
      freedom:
        'the delete pages of the configuration types ("returns a 200 OK response code"); RFC 9110 section 9.3.5 (200 for a DELETE whose answer says so); OData 4.01 Protocol 11.4.5 says 204, so not odata-strict',
      profiles: ['graph-docs'],
      warns: [],
    },
    () => ({ hooks: { shapeAnswer: restatus('DELETE', ['entity', 'assignment'], 204, 200) } }),
  ),
  variant(
    {
      name: 'update-priorities-200',
      description: 'updatePriorities answers 200 OK without a body',
      freedom:
        'the updatePriorities page ("returns a 200 OK response code", its example answers HTTP/1.1 200 OK); the OpenAPI slice and OData 4.01 Protocol 11.5.4.2 (an action that returns nothing answers 204) say 204, so not odata-strict',
      profiles: ['graph-docs'],
      warns: [],
    },
    () => ({ hooks: { shapeAnswer: restatus('POST', ['action'], 204, 200, 'updatePriorities') } }),
  ),
  variant(
    {
      name: 'page-action-urls',
      description:
        "the actions answer only at the URLs their pages write: updatePriorities at .../clientConfigurations/microsoft.management.services.api.updatePriorities and assign at .../{id}/assign (the slice's microsoft.graph.* segments are read as keys and answered 405, or 404)",
      freedom:
        "the updatePriorities and assign pages (their HTTP request lines); specs/DERIVATION.md action-name-foreign-namespace: a server answering only the page's segment conforms. The suite finds the spelling (engine/stateful/actions.ts); the spellings it refused first are the lifecycle-action-url warning",
      profiles: ['graph-docs', 'odata-strict'],
      warns: ['lifecycle-action-url'],
      // Only the sequences send actions; the generated pact names the slice's spelling (a consumer's choice of URL).
      modes: ['stateful'],
    },
    () => ({
      options: {
        actionSegments: {
          updatePriorities: ['microsoft.management.services.api.updatePriorities'],
          assign: ['assign'],
        },
      },
    }),
  ),
  variant(
    {
      name: 'entity-post-404',
      description:
        'a POST to a configuration answers 404 Not Found (no route for that method there) instead of 405, so no Allow header is owed',
      freedom:
        'RFC 9110 section 15.5.5 (404: the server need not say whether the resource exists for that method) and 15.5.6 (only a 405 must carry Allow); web stacks route an unmatched method to 404. lifecycle-method-allow judges 405 answers only',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
      // Only the sequences send a POST to a configuration (their end-of-sequence probe).
      modes: ['stateful'],
    },
    () => ({
      hooks: {
        shapeAnswer: (a, ctx) =>
          ctx.method === 'POST' && ctx.target.kind === 'entity' && a.status === 405
            ? errorAnswer(404, 'no route for POST here')
            : a,
      },
    }),
  ),
  variant(
    {
      name: 'bare-action-names',
      description:
        "the actions answer only under their bare names (.../{id}/assign, .../clientConfigurations/updatePriorities), as Graph's SDKs address them",
      freedom:
        "OData 4.01 URL Conventions 4.5 (a service may take a bound operation's name without namespace where it treats the namespace as default); the assign page writes the bare name; specs/DERIVATION.md action-name-qualification",
      profiles: ['graph-docs', 'odata-strict'],
      warns: ['lifecycle-action-url'],
      // Only the sequences send actions; the generated pact names the slice's spelling (a consumer's choice of URL).
      modes: ['stateful'],
    },
    () => ({ options: { actionSegments: { updatePriorities: ['updatePriorities'], assign: ['assign'] } } }),
  ),
  variant(
    {
      name: 'crud-only',
      description:
        'only create, get, list, update and delete of configurations: no assignments navigation (404) and no action (every spelling 404 or 405); run with --operations create,get,list,update,delete',
      freedom:
        'a server implementing part of the family (the operations are separate API pages); the suite judges what --operations puts in scope and skips the rest, saying so',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
      operations: ['create', 'get', 'list', 'update', 'delete'],
    },
    () => ({ options: { assignments: false, actionSegments: { assign: [], updatePriorities: [] } } }),
  ),
  variant(
    {
      name: 'small-pages',
      description:
        "the collection and a configuration's assignments are listed 2 to a page (when the request names no $top), each page but the last with @odata.nextLink",
      freedom:
        'OData 4.01 Protocol 11.2.6.7 (server-driven paging: the service decides the page size) and OData JSON Format 4.01 section 4.5.5 (@odata.nextLink); the list pages (Graph pages its collections)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
    },
    () => ({ options: { pageSize: 2 } }),
  ),
  variant(
    {
      name: 'trailing-empty-page',
      description:
        'the last page of the collection still carries @odata.nextLink, to an empty page that ends the list (a server that cannot tell it reached the end)',
      freedom:
        'OData 4.01 Protocol 11.2.6.7 (server-driven paging: a nextLink means more may follow, not that it does) and OData JSON Format 4.01 section 4.5.5; the suite fails only a list that repeats a nextLink or spends its page budget on pages with nothing new',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
      // The pact's list interaction expects the reference's last page (no nextLink): judged by the sequences only.
      modes: ['stateful'],
    },
    () => {
      const END = 'trailing-empty-page';
      return {
        hooks: {
          shapeAnswer: (a, ctx) => {
            if (ctx.method !== 'GET' || ctx.target.kind !== 'collection') return a;
            const collection = `${ctx.root}/officeConfiguration/clientConfigurations`;
            if ((ctx.req.url ?? '').includes(END)) {
              const body: JsonObject = {};
              setOwn(body, '@odata.context', `${ctx.root}/$metadata#officeConfiguration/clientConfigurations`);
              setOwn(body, 'value', []);
              return { status: 200, headers: { 'content-type': 'application/json' }, body };
            }
            if (a.status !== 200 || !isJsonObject(a.body) || getOwn(a.body, '@odata.nextLink') !== undefined) return a;
            return { ...a, body: withOwn(a.body, '@odata.nextLink', `${collection}?$skiptoken=${END}`) };
          },
        },
      };
    },
  ),
  variant(
    {
      name: 'refuses-priority-clash',
      description:
        'a create, PATCH or updatePriorities that gives a configuration the priority another live configuration has is refused 409 Conflict',
      freedom:
        'the resource pages: priority "should be unique" across the tenant (RFC 2119 SHOULD: a service may enforce it); RFC 9110 section 15.5.10 (409 Conflict with the current state of the resource)',
      profiles: ['graph-docs', 'odata-strict'],
      warns: [],
      // The create cases' generated bodies share priorities: a 409 for one an earlier create took is judged by the
      // --priority-clash reading (status-201), so the variant runs in both modes.
    },
    () => ({ options: { priorityClash: 'refuse' } }),
  ),
];

/** The variant of that name, or undefined. */
export function findVariant(name: string): VariantSpec | undefined {
  return VARIANTS.find((v) => v.name === name);
}

export const VARIANT_NAMES: ReadonlyArray<string> = VARIANTS.map((v) => v.name);
