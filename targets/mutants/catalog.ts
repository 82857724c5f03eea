import { isDateTimeOffset } from '../../specs/edm';
import { loadSpecs } from '../../specs/loader';
import { walkerFor, type Schema } from '../../specs/walker';
import {
  createReferenceHandler,
  type ReferenceHooks,
  type ReferenceOptions,
  type ValidationIssue,
} from '../reference/handler';
import { SERVER_SET } from '../reference/entity';
import { errorAnswer, type Answer } from '../reference/http';
import { copyOwn, getOwn, isJsonObject, setOwn, type JsonObject } from '../reference/json';
import { truncateFraction } from '../variants/datetime';
import { entitySchema, isDateTime, mapStrings } from '../walk';
import type { MutantSpec } from './types';

/**
 * A mutant is the reference plus exactly one fault: one hook, or (for a fault that needs to remember what it did,
 * such as a stale read) a few hooks built afresh for every handler, so no state is shared between servers.
 */
function mutant(
  spec: Omit<MutantSpec, 'createHandler'>,
  fault: ReferenceHooks | (() => ReferenceHooks),
  /** Reference options the fault is made of instead (or as well), e.g. actionSegments. */
  faultOptions: ReferenceOptions = {},
): MutantSpec {
  return {
    ...spec,
    createHandler: (options: ReferenceOptions = {}) =>
      createReferenceHandler({
        ...options,
        ...faultOptions,
        hooks: { ...options.hooks, ...(typeof fault === 'function' ? fault() : fault) },
      }),
  };
}

/** A copy of obj with key set to value (own property, key order kept). */
function withOwn(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out = copyOwn(obj);
  setOwn(out, key, value);
  return out;
}

/** Applies fn to every object item of checkinStatuses (a copy; nothing is mutated). */
function mapCheckins(entity: JsonObject, fn: (item: JsonObject) => JsonObject): JsonObject {
  const list = getOwn(entity, 'checkinStatuses');
  if (!Array.isArray(list)) return entity;
  return withOwn(
    entity,
    'checkinStatuses',
    list.map((item: unknown) => (isJsonObject(item) ? fn(item) : item)),
  );
}

/** Applies fn to the string value of key, when there is one. */
function mapString(obj: JsonObject, key: string, fn: (s: string) => string): JsonObject {
  const v = getOwn(obj, key);
  return typeof v === 'string' ? withOwn(obj, key, fn(v)) : obj;
}

/** The same wall-clock text in another zone: a different instant, still a valid Edm.DateTimeOffset. */
export function moveInstant(text: string): string {
  const m = /(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m || m[1] === undefined) return text;
  const zone = m[1];
  const other = zone === 'Z' || /^[+-]00:00$/.test(zone) ? '+01:00' : 'Z';
  return text.slice(0, text.length - zone.length) + other;
}

const SIBLING: Readonly<Record<string, string>> = {
  '#microsoft.graph.windowsOfficeClientConfiguration': '#microsoft.graph.windowsOfficeClientSecurityConfiguration',
  '#microsoft.graph.windowsOfficeClientSecurityConfiguration': '#microsoft.graph.windowsOfficeClientConfiguration',
};

/** An id no real create gets (randomUUID never returns the nil-like UUID). */
export const CONSTANT_ID = '00000000-0000-4000-8000-000000000000';
export const LONG_STRING_LIMIT = 255;
export const STALE_LAST_MODIFIED = '2001-01-01T00:00:00Z';

const CHECKIN_STRINGS = [
  'userPrincipalName',
  'deviceName',
  'devicePlatform',
  'devicePlatformVersion',
  'userId',
  'errorMessage',
];

/** Rewrites every DateTimeOffset of an entity (found through its type's schema, not by name). */
function mapDates(entity: JsonObject, fn: (text: string) => string): JsonObject {
  return mapStrings(entity, entitySchema(getOwn(entity, '@odata.type')), isDateTime, fn) as JsonObject;
}

/** The value a JSON pointer names in a body, or undefined. */
export function valueAtPointer(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let at: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) at = /^\d+$/.test(key) ? (at as unknown[])[Number(key)] : undefined;
    else if (isJsonObject(at)) at = getOwn(at, key);
    else return undefined;
  }
  return at;
}

/** A DateTimeOffset whose only fault is hour 24 (it is valid with hour 23). */
export const isHour24 = (text: string): boolean => /T24:/.test(text) && isDateTimeOffset(text.replace('T24:', 'T23:'));

/** A DateTimeOffset whose only fault is a day its month lacks (Feb 30, Apr 31, Feb 29 of a common year). */
export function isImpossibleDay(text: string): boolean {
  const m = /^-?\d{4,}-(\d{2})-(\d{2})T/.exec(text);
  if (!m || isDateTimeOffset(text)) return false;
  const [, month = '', day = ''] = m;
  const [mo, d] = [Number(month), Number(day)];
  return (
    mo >= 1 && mo <= 12 && d >= 29 && d <= 31 && isDateTimeOffset(text.replace(`-${month}-${day}T`, `-${month}-01T`))
  );
}

/** Validation that lets through the schema issues at a DateTimeOffset `excuse` accepts, and nothing else. */
function excusing(excuse: (text: string) => boolean): NonNullable<ReferenceHooks['validateCreate']> {
  return (body, standard): ValidationIssue[] =>
    standard(body).filter((issue) => {
      const v = valueAtPointer(body, issue.pointer);
      return !(typeof v === 'string' && excuse(v));
    });
}

const truncate = (s: string): string => (s.length > LONG_STRING_LIMIT ? s.slice(0, LONG_STRING_LIMIT) : s);

/**
 * Drops every property the request schemas do not declare (annotations, keys with '@', stay), at every level the
 * schemas describe (through specs/walker.ts; a value under anyOf keeps what any branch declares). Recursion follows
 * the schemas and the data together, so its depth is bounded by the value's (refused past 64 levels before parsing).
 */
export function dropUndeclared(body: JsonObject): JsonObject {
  const w = walkerFor(loadSpecs().schemas);
  const walk = (value: unknown, schema: Schema): unknown => {
    if (Array.isArray(value)) {
      const items = w.items(schema);
      return items ? value.map((v: unknown) => walk(v, items)) : value;
    }
    if (!isJsonObject(value)) return value;
    const props = w.allProperties(schema);
    if (Object.keys(props).length === 0 && !w.branches(schema)) return value;
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (key.includes('@')) setOwn(out, key, value[key]);
      else if (Object.prototype.hasOwnProperty.call(props, key)) {
        const sub = props[key];
        setOwn(out, key, sub ? walk(value[key], sub) : value[key]);
      }
    }
    return out;
  };
  return walk(body, w.file('windowsOfficeClientConfiguration.request.schema.json')) as JsonObject;
}

/** The entity cut to the server-set properties (@odata.type, id, lastModifiedDateTime) and those the body names. */
function onlyNamed(merged: JsonObject, body: JsonObject): JsonObject {
  const out: JsonObject = {};
  // Annotations and the assignments navigation are not properties a PATCH names: only the properties are lost.
  const kept = (key: string): boolean => SERVER_SET.includes(key) || key.includes('@') || key === 'assignments';
  for (const key of Object.keys(merged))
    if (kept(key) || Object.prototype.hasOwnProperty.call(body, key)) setOwn(out, key, merged[key]);
  return out;
}

/** GET by id answers what an entity was before its last PATCH (the store, the list and the PATCH answer are right). */
/**
 * A GET by id answers the entity as it was before its last PATCH: every time (a fault), or `once` (a replica that
 * catches up after one read: a freedom).
 */
function staleReads(o: { once?: boolean } = {}): ReferenceHooks {
  const before = new Map<string, JsonObject>();
  return {
    shapePatchedEntity: (merged, patch) => {
      before.set(patch.id, patch.before);
      return merged;
    },
    // updatePriorities is not a PATCH: a configuration it changes reads fresh again (the fault is PATCH staleness only).
    shapePriorityUpdates: (updates) => {
      for (const u of updates) before.delete(u.id);
      return updates;
    },
    shapeReadAnswer: (a, id) => {
      const old = before.get(id);
      if (a.status !== 200 || !old || !isJsonObject(a.body)) return a;
      if (o.once) before.delete(id);
      const body: JsonObject = {};
      setOwn(body, '@odata.context', getOwn(a.body, '@odata.context'));
      for (const key of Object.keys(old)) setOwn(body, key, old[key]);
      return { ...a, body };
    },
  };
}

/** DELETE removes the entity, but the list's last page keeps showing every entity deleted. */
function deletedStayListed(): ReferenceHooks {
  const ghosts = new Map<string, JsonObject>();
  return {
    interceptDelete: (id, entity) => {
      ghosts.set(id, entity);
      return undefined;
    },
    shapeAnswer: (a, ctx) => {
      if (ctx.method !== 'GET' || ctx.target.kind !== 'collection' || a.status !== 200 || !isJsonObject(a.body))
        return a;
      const value = getOwn(a.body, 'value');
      if (!Array.isArray(value) || getOwn(a.body, '@odata.nextLink') !== undefined || ghosts.size === 0) return a;
      let body = withOwn(a.body, 'value', [...value, ...ghosts.values()]);
      const count = getOwn(a.body, '@odata.count');
      if (typeof count === 'number') body = withOwn(body, '@odata.count', count + ghosts.size);
      return { ...a, body };
    },
  };
}

/**
 * The collection's last page gets a nextLink anyway. `loop`: to the page just read (the same link again and again);
 * otherwise to an empty page with a fresh token each time, so no link repeats and the list never ends.
 */
function listNeverEnds(loop: boolean): ReferenceHooks {
  const END = 'end-of-list-';
  let n = 0;
  return {
    shapeAnswer: (a, ctx) => {
      if (ctx.method !== 'GET' || ctx.target.kind !== 'collection') return a;
      const url = ctx.req.url ?? '';
      const collection = `${ctx.root}/officeConfiguration/clientConfigurations`;
      if (url.includes(END)) {
        const body: JsonObject = {};
        setOwn(body, '@odata.context', `${ctx.root}/$metadata#officeConfiguration/clientConfigurations`);
        setOwn(body, 'value', []);
        setOwn(
          body,
          '@odata.nextLink',
          loop ? `${collection}?$skiptoken=${END}0` : `${collection}?$skiptoken=${END}${++n}`,
        );
        return { status: 200, headers: { 'content-type': 'application/json' }, body };
      }
      if (a.status !== 200 || !isJsonObject(a.body) || getOwn(a.body, '@odata.nextLink') !== undefined) return a;
      return { ...a, body: withOwn(a.body, '@odata.nextLink', `${collection}?$skiptoken=${END}${loop ? 0 : ++n}`) };
    },
  };
}

/** Every mutant: the reference with one fault. Names are the rule each one breaks. */
export const MUTANTS: ReadonlyArray<MutantSpec> = [
  mutant(
    {
      name: 'create-answers-201',
      description: 'a successful create answers 200 OK instead of 201 Created (body and headers unchanged)',
      breaks: ['status-201'],
      trigger: 'always',
    },
    { shapeCreateAnswer: (a) => ({ ...a, status: 200 }) },
  ),
  mutant(
    {
      name: 'create-returns-id',
      description: 'the 201 body leaves out the id (the entity is stored, and Location names it, as usual)',
      breaks: ['server-assigned-id', 'response-schema'],
      trigger: 'always',
    },
    { shapeCreateAnswer: (a) => ({ ...a, body: isJsonObject(a.body) ? copyOwn(a.body, ['id']) : a.body }) },
  ),
  mutant(
    {
      name: 'ids-are-unique',
      description: `every 201 body (and Location) names the same id ${CONSTANT_ID}; entities are stored under real ids, so a GET of that id is 404`,
      breaks: ['server-assigned-id', 'read-after-create', 'location-readable'],
      trigger: 'always',
    },
    {
      shapeCreateAnswer: (a) => {
        const location = a.headers['location'];
        const headers = { ...a.headers };
        if (location !== undefined)
          headers['location'] = location.slice(0, location.lastIndexOf('/') + 1) + CONSTANT_ID;
        return { ...a, headers, body: isJsonObject(a.body) ? withOwn(a.body, 'id', CONSTANT_ID) : a.body };
      },
    },
  ),
  mutant(
    {
      name: 'echo-description',
      description: 'a string description is dropped: neither the 201 body nor a later GET has it',
      breaks: ['echo-fields'],
      trigger: 'some-inputs',
    },
    { shapeEntity: (e) => (typeof getOwn(e, 'description') === 'string' ? copyOwn(e, ['description']) : e) },
  ),
  mutant(
    {
      name: 'echo-priority-as-number',
      description: 'priority is stored and echoed as a JSON string ("8" instead of 8)',
      breaks: ['echo-fields', 'response-schema'],
      trigger: 'some-inputs',
    },
    {
      shapeEntity: (e) =>
        typeof getOwn(e, 'priority') === 'number' ? withOwn(e, 'priority', String(e['priority'])) : e,
    },
  ),
  mutant(
    {
      name: 'checkin-datetime-format',
      description:
        "checkinStatuses[].checkinDateTime is rewritten with a space instead of 'T' (2016-12-31 23:56:33Z), which is not an Edm.DateTimeOffset",
      // Not read-after-create: the GET returns the same text, and the same text is the same value.
      breaks: ['checkin-datetime', 'echo-fields', 'response-schema'],
      trigger: 'some-inputs',
    },
    { shapeEntity: (e) => mapCheckins(e, (item) => mapString(item, 'checkinDateTime', (s) => s.replace('T', ' '))) },
  ),
  mutant(
    {
      name: 'checkin-datetime-instant',
      description:
        'checkinStatuses[].checkinDateTime keeps its wall-clock text but changes zone (-08:00 becomes Z; Z becomes +01:00): well-formed, another instant',
      breaks: ['echo-fields'],
      trigger: 'some-inputs',
    },
    { shapeEntity: (e) => mapCheckins(e, (item) => mapString(item, 'checkinDateTime', moveInstant)) },
  ),
  mutant(
    {
      name: 'odata-type-names-created-type',
      description:
        'the top-level @odata.type names the sibling derived type (windowsOfficeClientSecurityConfiguration for a windowsOfficeClientConfiguration and back), so the response schema still passes',
      breaks: ['odata-type'],
      trigger: 'always',
    },
    { shapeEntity: (e) => mapString(e, '@odata.type', (t) => SIBLING[t] ?? t) },
  ),
  mutant(
    {
      name: 'odata-type-present',
      description: 'the created entity has no top-level @odata.type',
      breaks: ['odata-type', 'response-schema'],
      trigger: 'always',
    },
    { shapeEntity: (e) => copyOwn(e, ['@odata.type']) },
  ),
  mutant(
    {
      name: 'odata-type-with-hash',
      description:
        "the top-level @odata.type is written without its '#' (microsoft.graph.windowsOfficeClientConfiguration), which the response schema still accepts",
      breaks: ['odata-type'],
      trigger: 'always',
      // JSON Format 4.01 lets a type go without '#', so graph-docs accepts it; the strict (4.0) reading does not.
      profile: 'odata-strict',
    },
    { shapeEntity: (e) => mapString(e, '@odata.type', (t) => t.replace(/^#/, '')) },
  ),
  mutant(
    {
      name: 'nested-odata-type-declared',
      description:
        'userCheckinSummary, when present, comes back with @odata.type #microsoft.graph.officeClientCheckinStatus (the wrong type)',
      breaks: ['odata-type', 'response-schema'],
      trigger: 'some-inputs',
    },
    {
      shapeEntity: (e) => {
        const summary = getOwn(e, 'userCheckinSummary');
        return isJsonObject(summary)
          ? withOwn(
              e,
              'userCheckinSummary',
              withOwn(summary, '@odata.type', '#microsoft.graph.officeClientCheckinStatus'),
            )
          : e;
      },
    },
  ),
  mutant(
    {
      name: 'no-500-on-non-ascii',
      description:
        'a valid body whose displayName or description holds a non-ASCII character gets 500 (after validation passed)',
      breaks: ['no-server-error', 'status-201'],
      trigger: 'some-inputs',
    },
    {
      interceptCreate: (body) => {
        const nonAscii = (k: string): boolean => {
          const v = getOwn(body, k);
          return typeof v === 'string' && /[^\x00-\x7f]/.test(v);
        };
        return nonAscii('displayName') || nonAscii('description')
          ? errorAnswer(500, 'the text could not be stored (non-ASCII character)')
          : undefined;
      },
    },
  ),
  mutant(
    {
      name: 'validate-create-body',
      description:
        'create bodies are not validated against the schema: any JSON object is accepted with 201 (malformed JSON, non-objects, bad content types and sizes are still refused)',
      // lenient-input too: a body without @odata.type is accepted (a warning in graph-docs).
      breaks: ['rejects-invalid', 'unknown-property', 'lenient-input'],
      trigger: 'some-inputs',
    },
    { validateCreate: () => [] },
  ),
  mutant(
    {
      name: 'json-content-type',
      description: 'the 201 answer says Content-Type: text/plain; charset=utf-8 (the body is still JSON)',
      breaks: ['content-type'],
      trigger: 'always',
    },
    { shapeCreateAnswer: (a) => ({ ...a, headers: { ...a.headers, 'content-type': 'text/plain; charset=utf-8' } }) },
  ),
  mutant(
    {
      name: 'echo-all-array-items',
      description: 'checkinStatuses with two or more items is stored and echoed truncated to its first item',
      breaks: ['echo-fields'],
      trigger: 'some-inputs',
    },
    {
      shapeEntity: (e) => {
        const list = getOwn(e, 'checkinStatuses');
        return Array.isArray(list) && list.length > 1 ? withOwn(e, 'checkinStatuses', list.slice(0, 1)) : e;
      },
    },
  ),
  mutant(
    {
      name: 'echo-long-strings',
      description: `strings longer than ${LONG_STRING_LIMIT} UTF-16 units (displayName, description, checkinStatuses[] text and appliedPolicies) are cut to ${LONG_STRING_LIMIT}`,
      breaks: ['echo-fields'],
      trigger: 'some-inputs',
    },
    {
      shapeEntity: (e) => {
        let out = mapString(mapString(e, 'displayName', truncate), 'description', truncate);
        out = mapCheckins(out, (item) => {
          let copy = item;
          for (const key of CHECKIN_STRINGS) copy = mapString(copy, key, truncate);
          const policies = getOwn(copy, 'appliedPolicies');
          return Array.isArray(policies)
            ? withOwn(
                copy,
                'appliedPolicies',
                policies.map((p: unknown) => (typeof p === 'string' ? truncate(p) : p)),
              )
            : copy;
        });
        return out;
      },
    },
  ),
  mutant(
    {
      name: 'location-header-present',
      description: 'the 201 answer has no Location header',
      breaks: ['location-header'],
      trigger: 'always',
    },
    {
      shapeCreateAnswer: (a) => {
        const headers = { ...a.headers };
        delete headers['location'];
        return { ...a, headers };
      },
    },
  ),
  mutant(
    {
      name: 'last-modified-current',
      description: `lastModifiedDateTime is set to ${STALE_LAST_MODIFIED}, far outside the run's time window`,
      breaks: ['last-modified'],
      trigger: 'always',
    },
    { shapeEntity: (e) => withOwn(e, 'lastModifiedDateTime', STALE_LAST_MODIFIED) },
  ),
  mutant(
    {
      name: 'auth-enforced',
      description: 'the bearer token is never checked: requests without one, or with a wrong one, are served',
      breaks: ['auth-required'],
      trigger: 'always',
    },
    { authorize: () => 'ok' },
  ),
  mutant(
    {
      name: 'odata-error-shape',
      description:
        '4xx bodies are {"message": "...", "status": 400} instead of the OData {"error": {"code", "message"}}',
      breaks: ['error-shape'],
      trigger: 'always',
    },
    {
      shapeError: (a): Answer => {
        if (a.status >= 500) return a;
        const error = isJsonObject(a.body) ? getOwn(a.body, 'error') : undefined;
        const message = isJsonObject(error) && typeof error['message'] === 'string' ? error['message'] : 'error';
        return { ...a, body: { message, status: a.status } };
      },
    },
  ),
  mutant(
    {
      name: 'get-after-create',
      description: 'GET {collection}/{id} answers 404 for every id, even one just created',
      breaks: ['read-after-create', 'location-readable'],
      trigger: 'always',
    },
    {
      shapeReadAnswer: (a, id) =>
        a.status === 200 ? errorAnswer(404, `no clientConfiguration has the id '${id}'`) : a,
    },
  ),
  mutant(
    {
      name: 'reject-unknown-properties',
      description:
        'undeclared properties are silently dropped (201) instead of refused; every other invalid body is still refused',
      breaks: ['unknown-property'],
      trigger: 'always',
    },
    { preprocessCreate: dropUndeclared },
  ),
  mutant(
    {
      name: 'dates-milliseconds',
      description:
        'every DateTimeOffset is kept at milliseconds, as JavaScript Date keeps it (digits past the third cut off)',
      breaks: ['echo-fields'],
      trigger: 'some-inputs',
    },
    { shapeEntity: (e) => mapDates(e, (t) => truncateFraction(t, 3)) },
  ),
  mutant(
    {
      name: 'dates-fewer-digits',
      description:
        "every DateTimeOffset is kept at 6 fractional digits (microseconds, cut off), fewer than graph-docs' precision of 7",
      breaks: ['echo-fields'],
      trigger: 'some-inputs',
    },
    { shapeEntity: (e) => mapDates(e, (t) => truncateFraction(t, 6)) },
  ),
  mutant(
    {
      name: 'get-returns-another-type',
      description:
        'GET {id} answers the entity with the sibling type in @odata.type (windowsOfficeClientSecurityConfiguration for a windowsOfficeClientConfiguration and back); the 201 is right',
      breaks: ['read-after-create'],
      trigger: 'always',
    },
    {
      shapeReadAnswer: (a) =>
        a.status === 200 && isJsonObject(a.body)
          ? { ...a, body: mapString(a.body, '@odata.type', (t) => SIBLING[t] ?? t) }
          : a,
    },
  ),
  mutant(
    {
      name: 'accepts-hour-24',
      description: 'validation lets a DateTimeOffset with hour 24 (2021-03-01T24:10:00Z) through: 201, stored as sent',
      breaks: ['rejects-invalid'],
      trigger: 'some-inputs',
    },
    { validateCreate: excusing(isHour24) },
  ),
  mutant(
    {
      name: 'accepts-feb-30',
      description:
        'validation lets a DateTimeOffset with a day its month lacks (Feb 30, Apr 31, Feb 29 of a common year) through: 201, stored as sent',
      breaks: ['rejects-invalid'],
      trigger: 'some-inputs',
    },
    { validateCreate: excusing(isImpossibleDay) },
  ),
  mutant(
    {
      name: 'location-unreadable',
      description:
        "the 201's Location names the entity in the key-in-parentheses form (…/clientConfigurations('{id}')), and a GET of that form answers 404",
      breaks: ['location-readable'],
      trigger: 'always',
    },
    {
      shapeAnswer: (a, ctx) => {
        if (ctx.method === 'GET' && ctx.target.kind === 'entity' && /\('/.test(ctx.req.url ?? ''))
          return errorAnswer(404, `no clientConfiguration has the id '${ctx.target.id}'`);
        const location = a.headers['location'];
        if (ctx.method !== 'POST' || a.status !== 201 || typeof location !== 'string') return a;
        const at = location.lastIndexOf('/');
        const id = decodeURIComponent(location.slice(at + 1));
        return {
          ...a,
          headers: {
            ...a.headers,
            location: `${location.slice(0, at)}('${encodeURIComponent(id).replace(/'/g, "''")}')`,
          },
        };
      },
    },
  ),
  mutant(
    {
      name: 'security-stored-as-windows',
      description:
        'a windowsOfficeClientSecurityConfiguration is stored (and answered) as a windowsOfficeClientConfiguration',
      breaks: ['odata-type'],
      trigger: 'some-inputs',
    },
    {
      shapeEntity: (e) =>
        mapString(e, '@odata.type', (t) =>
          t.replace(/^#?/, '#') === '#microsoft.graph.windowsOfficeClientSecurityConfiguration'
            ? '#microsoft.graph.windowsOfficeClientConfiguration'
            : t,
        ),
    },
  ),
  mutant(
    {
      name: 'keeps-client-id',
      description: "a create body carrying an id is stored and answered under that id (the key is the client's)",
      breaks: ['client-id'],
      trigger: 'always',
    },
    {
      shapeEntity: (e, body) => {
        const id = getOwn(body, 'id');
        return typeof id === 'string' && id !== '' ? withOwn(e, 'id', id) : e;
      },
    },
  ),
  mutant(
    {
      name: 'rejects-with-404',
      description: 'a body the server refuses is answered 404 (with an OData error body) instead of 400',
      breaks: ['rejection-status'],
      trigger: 'always',
    },
    { shapeError: (a) => (a.status === 400 ? { ...a, status: 404 } : a) },
  ),

  // ---- lifecycle mutants: a fault in an operation a POST run never sends; `run --stateful` finds them -----------
  mutant(
    {
      name: 'update-priorities-unrouted',
      description:
        'updatePriorities answers at no documented URL (every spelling is read as a key: 405), the rest of the family works',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-status'] },
      trigger: 'always',
    },
    {},
    { actionSegments: { updatePriorities: [] } },
  ),
  mutant(
    {
      name: 'update-priorities-bare-only',
      description:
        'updatePriorities answers only under its bare name: clients built from the OpenAPI slice (microsoft.graph.updatePriorities) get 405',
      breaks: [],
      // A warning only: the bare name is a documented spelling, so every error-level rule passes.
      lifecycle: { breaks: ['lifecycle-action-url'] },
      trigger: 'always',
    },
    {},
    { actionSegments: { updatePriorities: ['updatePriorities'] } },
  ),
  mutant(
    {
      name: 'assignment-target-dropped',
      description:
        'a created assignment is stored without its target (the 201 answer still shows the target sent), so reading it back shows no group',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-assignments'] },
      trigger: 'always',
    },
    {
      shapeCreatedAssignment: (built) => {
        const out = copyOwn(built);
        delete out['target'];
        return out;
      },
    },
  ),
  mutant(
    {
      name: 'allow-header-missing',
      description: 'a 405 Method Not Allowed carries no Allow header (the methods the resource takes are not named)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-method-allow'] },
      trigger: 'always',
    },
    {
      shapeError: (a) => {
        if (a.status !== 405) return a;
        const headers = { ...a.headers };
        delete headers['allow'];
        return { ...a, headers };
      },
    },
  ),
  mutant(
    {
      name: 'patch-not-validated',
      description:
        'a PATCH body of a configuration is not validated: a wrong JSON type, an Int32 out of range or an impossible date is stored as sent (creates are still validated)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-rejects-invalid'] },
      trigger: 'some-inputs',
    },
    { validatePatch: () => [] },
  ),
  mutant(
    {
      name: 'patch-null-ignored',
      description:
        'a PATCH that sets a property to null leaves its old value stored (the PATCH answer shows the null); other values are stored',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-read'] },
      trigger: 'some-inputs',
    },
    {
      shapePatchedEntity: (merged, patch) => {
        const out = copyOwn(merged);
        for (const [k, v] of Object.entries(patch.body))
          if (v === null && getOwn(patch.before, k) !== undefined) setOwn(out, k, getOwn(patch.before, k));
        return out;
      },
    },
  ),
  mutant(
    {
      name: 'patch-drops-unnamed',
      description:
        'a PATCH stores only the properties it names (and the server-set ones, annotations and assignments): every other property is lost; the PATCH answer still shows the merged entity',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-read'] },
      trigger: 'some-inputs',
    },
    { shapePatchedEntity: (merged, patch) => onlyNamed(merged, patch.body) },
  ),
  mutant(
    {
      name: 'stale-read-after-patch',
      description:
        'a GET by id keeps answering the entity as it was before its last PATCH (the PATCH answer and the list are right)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-read'] },
      trigger: 'always',
    },
    () => staleReads(),
  ),
  mutant(
    {
      name: 'delete-leaves-listed',
      description:
        'DELETE removes the entity (a GET by id is 404), but the list keeps showing it (after the entities that exist)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-list'] },
      trigger: 'always',
    },
    deletedStayListed,
  ),
  mutant(
    {
      name: 'lagging-delete-leaves-listed',
      description:
        'a replicated service (the first GET after a PATCH still answers the entity as it was; the next one is right) with one real fault: a deleted entity stays listed',
      breaks: [],
      // Only the list rule: the stale first read heals (a freedom), and waiting out the list's fault must not stop the
      // wait on reads for other rules (each rule has its own budget of reads that never agreed).
      lifecycle: { breaks: ['lifecycle-list'] },
      trigger: 'always',
    },
    () => ({ ...staleReads({ once: true }), ...deletedStayListed() }),
  ),
  mutant(
    {
      name: 'refuses-negative-priority',
      description:
        'a create whose priority is negative is refused 409 Conflict although no configuration has that priority (a clash that is not there)',
      breaks: ['status-201'],
      trigger: 'some-inputs',
    },
    {
      interceptCreate: (body) =>
        typeof body['priority'] === 'number' && body['priority'] < 0
          ? errorAnswer(409, 'another configuration has this priority')
          : undefined,
    },
  ),
  mutant(
    {
      name: 'page-boundary-skips',
      description:
        'every page after the first leaves out its first entity (an off-by-one at the page boundary): with the default page of 999 it never shows',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-list'] },
      trigger: 'always',
    },
    {
      shapeAnswer: (a, ctx) => {
        if (ctx.method !== 'GET' || ctx.target.kind !== 'collection' || a.status !== 200 || !isJsonObject(a.body))
          return a;
        const value = getOwn(a.body, 'value');
        if (!/[?&]\$skiptoken=/i.test(ctx.req.url ?? '') || !Array.isArray(value)) return a;
        return { ...a, body: withOwn(a.body, 'value', value.slice(1)) };
      },
    },
  ),
  mutant(
    {
      name: 'list-never-ends',
      description:
        'the last page of the collection carries a nextLink to an empty page, which carries a nextLink to another empty page, and so on (no link repeats)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-list'] },
      trigger: 'always',
    },
    () => listNeverEnds(false),
  ),
  mutant(
    {
      name: 'list-next-link-loops',
      description: 'the last page of the collection carries a nextLink to an empty page whose nextLink is itself',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-list'] },
      trigger: 'always',
    },
    () => listNeverEnds(true),
  ),
  mutant(
    {
      name: 'delete-keeps-readable',
      description: 'DELETE answers 204 but removes nothing: the entity stays readable and listed',
      breaks: [],
      // The GET right after the DELETE shows it, so a sequence stops there and its lists never meet the entity.
      lifecycle: { breaks: ['lifecycle-delete'] },
      trigger: 'always',
    },
    { interceptDelete: () => ({ status: 204, headers: {} }) },
  ),
  mutant(
    {
      name: 'assign-appends',
      description:
        'assign adds the assignments given to those the configuration has, instead of replacing them (its answer lists the new ones)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-assign'] },
      trigger: 'some-inputs',
    },
    { shapeAssigned: (assigned, replaced) => [...replaced, ...assigned] },
  ),
  mutant(
    {
      name: 'update-priorities-first-only',
      description: 'updatePriorities sets only the first priority it is given (204 all the same)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-priorities'] },
      trigger: 'some-inputs',
    },
    { shapePriorityUpdates: (updates) => updates.slice(0, 1) },
  ),
  mutant(
    {
      name: 'priority-clash-with-itself',
      description:
        "a PATCH that names the configuration's own current priority is refused 409 as a clash (a clash with itself is no clash)",
      breaks: [],
      lifecycle: { breaks: ['lifecycle-priority-clash'] },
      trigger: 'some-inputs',
    },
    {
      interceptPatch: (body, current) => {
        const priority = getOwn(body, 'priority');
        return typeof priority === 'number' && priority === getOwn(current, 'priority')
          ? errorAnswer(409, `the priority ${priority} is taken; priorities must be unique`, { target: 'priority' })
          : undefined;
      },
    },
  ),
  mutant(
    {
      name: 'assignment-patch-ignored',
      description: 'a PATCH of an assignment answers 200 with the merged assignment but stores nothing',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-assignments'] },
      trigger: 'some-inputs',
    },
    { shapePatchedAssignment: (_merged, before) => before },
  ),
  mutant(
    {
      name: 'patch-answers-202',
      description:
        'a PATCH of a configuration is applied but answered 202 Accepted with the entity (neither 200 nor 204)',
      breaks: [],
      lifecycle: { breaks: ['lifecycle-status'] },
      trigger: 'always',
    },
    {
      shapeAnswer: (a, ctx) =>
        ctx.method === 'PATCH' && ctx.target.kind === 'entity' && a.status === 200 ? { ...a, status: 202 } : a,
    },
  ),
  mutant(
    {
      name: 'assign-answers-bare-array',
      description:
        "assign answers the new assignments as a bare JSON array (the OpenAPI slice's schema) instead of an OData collection with value",
      breaks: [],
      lifecycle: { breaks: ['lifecycle-schema'] },
      trigger: 'always',
    },
    {
      shapeAnswer: (a, ctx) =>
        ctx.target.kind === 'action' && ctx.target.action === 'assign' && a.status === 200 && isJsonObject(a.body)
          ? { ...a, body: getOwn(a.body, 'value') as JsonObject }
          : a,
    },
  ),
];

/** The mutant of that name, or undefined. */
export function findMutant(name: string): MutantSpec | undefined {
  return MUTANTS.find((m) => m.name === name);
}

export const MUTANT_NAMES: ReadonlyArray<string> = MUTANTS.map((m) => m.name);
