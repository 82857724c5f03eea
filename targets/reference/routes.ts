/**
 * What a request path addresses. Below the service root, `C` = /officeConfiguration/clientConfigurations:
 *
 * - `C`: the collection; `POST C/{updatePriorities}`: the collection-bound action, by any of its names
 *   (`updatePriorities`, `microsoft.graph.updatePriorities`, `microsoft.management.services.api.updatePriorities`,
 *   the last the docs page's).
 * - `C/{id}`, `C('{id}')`, `C(id='{id}')`: one configuration by its key, as a segment (URL Conventions 4.01 section
 *   4.3.6) or in parentheses (section 4.3.1, a quote in the key doubled), optionally followed by a type-cast segment
 *   (section 4.11). A Location written in any of these forms reads the entity.
 * - below a configuration: `/assignments` (the contained navigation), `/assignments/{assignmentId}` (any key form
 *   again), and `/assign` or `/microsoft.graph.assign` (the bound action).
 *
 * An id that equals an action name is reachable only in the parenthesised key forms (service ids never do).
 * Segment names are matched without regard to case, as Graph does; the key never is.
 */
export type Route =
  | { kind: 'collection' }
  | { kind: 'entity'; id: string; cast?: string }
  | { kind: 'assignments'; id: string; cast?: string }
  | { kind: 'assignment'; id: string; assignmentId: string; cast?: string }
  | { kind: 'action'; action: 'assign'; id: string; cast?: string }
  | { kind: 'action'; action: 'updatePriorities' };

/** Names of the collection-bound action, lower-cased. */
const UPDATE_PRIORITIES = new Set([
  'updatepriorities',
  'microsoft.graph.updatepriorities',
  'microsoft.management.services.api.updatepriorities',
]);
const ASSIGN = new Set(['assign', 'microsoft.graph.assign']);

const PREFIX = /^\/officeConfiguration\/clientConfigurations/i;
const KEY = /^(?:\/([^/]+)|\('((?:[^'/]|'')*)'\)|\(id='((?:[^'/]|'')*)'\))/;
const CAST = /^\/([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)/;

/** '', or '/seg[/seg...]' without a trailing slash. Throws on a value that cannot be a path. */
export function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined) return '';
  const trimmed = basePath.trim();
  if (/[?#\s\\]/.test(trimmed)) throw new Error(`base path "${basePath}" must be a plain path such as /beta`);
  const path = ('/' + trimmed).replace(/\/+/g, '/').replace(/\/$/, '');
  return path;
}

/** A key at the start of `rest` (any of the three forms), decoded, and what follows it. */
function readKey(rest: string): { id: string; rest: string } | undefined {
  const m = KEY.exec(rest);
  if (!m) return undefined;
  const quoted = m[2] ?? m[3];
  try {
    const id = quoted === undefined ? decodeURIComponent(m[1] ?? '') : decodeURIComponent(quoted).replace(/''/g, "'");
    return id === '' ? undefined : { id, rest: rest.slice(m[0].length) };
  } catch {
    return undefined;
  }
}

/** What follows a configuration's key (and cast): nothing, its assignments, one assignment, or the assign action. */
function below(id: string, cast: string | undefined, rest: string, served: ActionFilter): Route | undefined {
  const at = cast === undefined ? { id } : { id, cast };
  if (rest === '' || rest === '/') return { kind: 'entity', ...at };
  const action = /^\/([\w.]+)\/?$/.exec(rest)?.[1]?.toLowerCase();
  if (action !== undefined && ASSIGN.has(action) && served('assign', action))
    return { kind: 'action', action: 'assign', ...at };
  const nav = /^\/assignments(?=$|\/|\()/i.exec(rest);
  if (!nav || !served('assignments', 'assignments')) return undefined;
  const after = rest.slice(nav[0].length);
  if (after === '' || after === '/') return { kind: 'assignments', ...at };
  const key = readKey(after);
  if (!key || (key.rest !== '' && key.rest !== '/')) return undefined;
  return { kind: 'assignment', ...at, assignmentId: key.id };
}

/**
 * Which spellings of an action a server answers (lower-cased segment): all by default. A server answering only some
 * reads the others as it reads any other segment (a key, then nothing it has).
 */
export type ActionFilter = (action: 'assign' | 'updatePriorities' | 'assignments', segment: string) => boolean;

const ALL_ACTIONS: ActionFilter = () => true;

export function matchRoute(pathname: string, basePath: string, served: ActionFilter = ALL_ACTIONS): Route | undefined {
  let path = pathname;
  if (basePath !== '') {
    if (path !== basePath && !path.startsWith(basePath + '/')) return undefined;
    path = path.slice(basePath.length);
  }
  const prefix = PREFIX.exec(path);
  if (!prefix) return undefined;
  let rest = path.slice(prefix[0].length);
  if (rest === '' || rest === '/') return { kind: 'collection' };
  const segment = /^\/([\w.]+)\/?$/.exec(rest)?.[1]?.toLowerCase();
  if (segment !== undefined && UPDATE_PRIORITIES.has(segment) && served('updatePriorities', segment))
    return { kind: 'action', action: 'updatePriorities' };
  const key = readKey(rest);
  if (!key) return undefined;
  rest = key.rest;
  const cast = CAST.exec(rest);
  const castName = cast?.[1];
  if (cast && castName !== undefined && !ASSIGN.has(castName.toLowerCase())) {
    return below(key.id, castName, rest.slice(cast[0].length), served);
  }
  return below(key.id, undefined, rest, served);
}
