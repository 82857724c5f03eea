/**
 * The query options the reference reads on GET, and the paging they drive.
 *
 * Choices (issue 14):
 * - Paging is Graph's server-driven paging: `$top` sets the page size (as Graph's list operations use it, and as
 *   the Graph SDKs' page iterators expect), not a cap on the whole result; every page but the last carries
 *   `@odata.nextLink`, an absolute URL that repeats the request's other options and adds an opaque `$skiptoken`.
 *   `$top` is a whole number from 1 to 999 (Graph's directory APIs refuse other page sizes the same way); without
 *   it a page holds DEFAULT_PAGE_SIZE entities (ReferenceOptions.pageSize).
 * - `$select` is implemented, on the collection and on a single entity: a comma-separated list of declared
 *   properties (or `*`); `id` and `@odata.type` always stay, so a client still knows what each entity is.
 * - `$count=true` adds `@odata.count` (every entity in the set, on every page); `$count=false` is the default.
 * - Every other system query option (`$filter`, `$orderby`, `$expand`, `$search`, `$skip`...) and any unknown
 *   `$`-name is refused with 400 naming it: a service that silently ignored `$filter` would answer a different
 *   question than the one asked. Names are case-insensitive (OData 4.01 URL Conventions section 5); a name without
 *   `$` is a custom query option, which OData lets a service ignore.
 * - Query options are read on GET only; POST, PATCH and DELETE ignore the query string, as before.
 */
import { errorAnswer, type Answer } from './http';

/** The largest `$top` accepted (unless the configured default page size is larger). */
export const MAX_TOP = 999;
/**
 * Entities per page when the request names no `$top`: the largest page `$top` may ask for. (100, a common Graph
 * default, would page lists that existing suites read in one GET, e.g. 501 entities in targets-concurrency.e2e.ts;
 * `pageSize` / `serve --page-size` set another.)
 */
export const DEFAULT_PAGE_SIZE = MAX_TOP;

/** What a GET of the collection asked for. */
export interface CollectionQuery {
  kind: 'collection';
  /** Page size: `$top`, else the service default. */
  pageSize: number;
  /** The request named `$top` (then a `Prefer: odata.maxpagesize` does not change the page size). */
  topGiven: boolean;
  /** The position the page starts after (0 without a `$skiptoken`). */
  after: number;
  /** Selected properties, undefined when every property is wanted. */
  select?: SelectList;
  count: boolean;
  /** The request's query pairs as sent, `$skiptoken` left out: the next link repeats them. */
  carried: string[];
}

/** What a GET of one entity asked for. */
export interface EntityQuery {
  kind: 'entity';
  select?: SelectList;
}

/** A `$select` as asked (`names`, for the context URL) and what it keeps (undefined for `*`). */
export interface SelectList {
  names: string[];
  keep?: ReadonlySet<string>;
}

type Outcome<T> = { ok: true; query: T } | { ok: false; answer: Answer };

/** System query options of OData 4.01 (URL Conventions section 5) and Graph this service does not implement. */
const UNSUPPORTED = new Set([
  '$filter',
  '$orderby',
  '$expand',
  '$search',
  '$skip',
  '$format',
  '$apply',
  '$compute',
  '$index',
  '$levels',
  '$schemaversion',
  '$deltatoken',
  '$id',
]);

const bad = (message: string): { ok: false; answer: Answer } => ({ ok: false, answer: errorAnswer(400, message) });

/** A client's text as an error message quotes it: at most 100 characters. */
const quoted = (text: string): string => `'${text.length > 100 ? `${text.slice(0, 100)}...` : text}'`;

interface Pair {
  /** As sent (still percent-encoded). */
  raw: string;
  /** Decoded name as sent, and lower-cased. */
  name: string;
  key: string;
  value: string;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The query string's pairs; undefined when one is not valid percent-encoding. */
function pairsOf(search: string): Pair[] | undefined {
  const out: Pair[] = [];
  for (const raw of search.replace(/^\?/, '').split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const name = decode(eq < 0 ? raw : raw.slice(0, eq));
    const value = decode(eq < 0 ? '' : raw.slice(eq + 1));
    if (name === undefined || value === undefined) return undefined;
    out.push({ raw, name, key: name.trim().toLowerCase(), value });
  }
  return out;
}

/** A `$skiptoken` names a creation position; base64url keeps it free of characters a URL would escape. */
export function encodeSkipToken(after: number): string {
  return Buffer.from(`after:${after}`, 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) return undefined;
  const m = /^after:(\d{1,16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const n = Number(m?.[1]);
  return m && Number.isSafeInteger(n) ? n : undefined;
}

function parseSelect(value: string, selectable: ReadonlySet<string>, typeName: string): Outcome<SelectList> {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === ''))
    return bad(`$select must be a comma-separated list of property names, got ${quoted(value)}`);
  const unique = [...new Set(names)];
  for (const n of unique)
    if (n !== '*' && !selectable.has(n))
      return bad(
        `$select names ${quoted(n)}, which is not a property of ${typeName}; selectable: ${[...selectable].join(', ')}`,
      );
  return { ok: true, query: unique.includes('*') ? { names: unique } : { names: unique, keep: new Set(unique) } };
}

export interface QueryRules {
  /** Declared properties `$select` may name. */
  selectable: ReadonlySet<string>;
  /** The type named in `$select` errors. */
  typeName: string;
  defaultPageSize: number;
}

/** Reads the query options of a GET of the collection (`target: 'collection'`) or of one entity. */
export function parseQuery(search: string, target: 'collection', rules: QueryRules): Outcome<CollectionQuery>;
export function parseQuery(search: string, target: 'entity', rules: QueryRules): Outcome<EntityQuery>;
export function parseQuery(
  search: string,
  target: 'collection' | 'entity',
  rules: QueryRules,
): Outcome<CollectionQuery | EntityQuery> {
  const pairs = pairsOf(search);
  if (!pairs) return bad('the query string is not valid percent-encoding');
  const supported = target === 'collection' ? ['$top', '$skiptoken', '$select', '$count'] : ['$select'];
  const where =
    target === 'collection'
      ? 'this service reads $top, $skiptoken, $select and $count on the collection'
      : 'this service reads only $select on a single entity';
  const seen = new Map<string, Pair>();
  for (const p of pairs) {
    if (!p.key.startsWith('$')) continue; // a custom query option
    if (!supported.includes(p.key)) {
      if (UNSUPPORTED.has(p.key) || ['$top', '$skiptoken', '$count'].includes(p.key))
        return bad(`the query option ${p.name.slice(0, 100)} is not supported here; ${where}`);
      return bad(`${p.name.slice(0, 100)} is not a system query option this service knows; ${where}`);
    }
    if (seen.has(p.key)) return bad(`the query option ${p.name.slice(0, 100)} is given more than once`);
    seen.set(p.key, p);
  }

  let select: SelectList | undefined;
  const selectPair = seen.get('$select');
  if (selectPair) {
    const parsed = parseSelect(selectPair.value, rules.selectable, rules.typeName);
    if (!parsed.ok) return parsed;
    select = parsed.query;
  }
  if (target === 'entity') return { ok: true, query: select ? { kind: 'entity', select } : { kind: 'entity' } };

  const maxTop = Math.max(MAX_TOP, rules.defaultPageSize);
  let pageSize = rules.defaultPageSize;
  const top = seen.get('$top');
  if (top) {
    if (!/^\d{1,9}$/.test(top.value) || Number(top.value) < 1 || Number(top.value) > maxTop)
      return bad(`invalid page size: $top must be a whole number from 1 to ${maxTop}, got ${quoted(top.value)}`);
    pageSize = Number(top.value);
  }
  let after = 0;
  const token = seen.get('$skiptoken');
  if (token) {
    const decoded = decodeSkipToken(token.value);
    if (decoded === undefined)
      return bad(
        `the $skiptoken ${quoted(token.value)} is not one this service issued; follow @odata.nextLink as given`,
      );
    after = decoded;
  }
  let count = false;
  const countPair = seen.get('$count');
  if (countPair) {
    const v = countPair.value.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') return bad(`$count must be true or false, got ${quoted(countPair.value)}`);
    count = v === 'true';
  }
  const carried = pairs.filter((p) => p.key !== '$skiptoken').map((p) => p.raw);
  const query: CollectionQuery = { kind: 'collection', pageSize, topGiven: top !== undefined, after, count, carried };
  if (select) query.select = select;
  return { ok: true, query };
}

/**
 * The page size a `Prefer` header asks for: `odata.maxpagesize=N` (OData 4.01 Protocol 8.2.8.3; 4.01 also takes it
 * without the `odata.` prefix), a whole number from 1. Anything else in the header is another preference, and a
 * malformed value is ignored like any preference the service cannot apply (RFC 7240 section 2).
 */
export function preferredPageSize(prefer: string | string[] | undefined): number | undefined {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  for (const part of text.split(',')) {
    const m = /^\s*(?:odata\.)?maxpagesize\s*=\s*"?(\d{1,9})"?\s*$/i.exec(part);
    if (m && Number(m[1]) >= 1) return Number(m[1]);
  }
  return undefined;
}

/** The next page's URL: the same service root and options, and a `$skiptoken` for the position reached. */
export function nextLink(collectionUrl: string, query: CollectionQuery, last: number): string {
  return `${collectionUrl}?${[...query.carried, `$skiptoken=${encodeSkipToken(last)}`].join('&')}`;
}
