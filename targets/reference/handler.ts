/**
 * The reference implementation as a node:http request listener: authorisation, routing (routes.ts) and one function
 * per operation (configurations.ts, assignments.ts, priorities.ts), sharing one Service (service.ts).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  assign,
  createAssignment,
  deleteAssignment,
  listAssignments,
  readAssignment,
  updateAssignment,
} from './assignments';
import { challenge, createBearerCheck } from './auth';
import { create, list, read, remove, update } from './configurations';
import { castAllows, serviceRoot } from './entity';
import type { AnswerContext, ReferenceOptions } from './hooks';
import { errorAnswer, requestIdsOf, sendAnswer, withRequestIds, type Answer, type RequestIds } from './http';
import { updatePriorities } from './priorities';
import { matchRoute, type Route } from './routes';
import { createService, methodNotAllowed, notFound, type Service } from './service';
import type { EntityStore } from './store';

export { DEFAULT_MAX_BODY_BYTES, MAX_NESTING_DEPTH, validationAnswer } from './body';
export {
  ASSIGNMENT_TYPE,
  assignmentsContextUrl,
  assignmentsUrl,
  BASE_TYPE,
  COLLECTION_PATH,
  contextUrl,
  DEFAULT_TYPE,
  entityUrl,
  typeNameOf,
} from './entity';
export type {
  ActionName,
  AnswerContext,
  AnswerTarget,
  PriorityClashHandling,
  PriorityUpdate,
  ReferenceHooks,
  ReferenceOptions,
  ValidationIssue,
} from './hooks';
export { normaliseBasePath } from './routes';

/** A request listener that also exposes its store (tests look inside). */
export type ReferenceHandler = RequestListener & { readonly store: EntityStore };

/** One operation: what a method on an addressed resource does. */
type Operation = (svc: Service, req: IncomingMessage, url: URL) => Answer | Promise<Answer>;

/** The methods a resource answers, in the order the Allow header of a 405 names them. */
function operationsOf(target: Route): Record<string, Operation> {
  switch (target.kind) {
    case 'collection':
      return { GET: (s, r, u) => list(s, r, u), POST: (s, r) => create(s, r) };
    case 'entity':
      // Through a type cast the entity is reachable only as its own type or a base type; only reads go that way.
      if (target.cast !== undefined) return { GET: (s, r, u) => read(s, r, u, target.id) };
      return {
        GET: (s, r, u) => read(s, r, u, target.id),
        PATCH: (s, r) => update(s, r, target.id),
        DELETE: (s) => remove(s, target.id),
      };
    case 'assignments':
      return {
        GET: (s, r, u) => listAssignments(s, r, u, target.id),
        POST: (s, r) => createAssignment(s, r, target.id),
      };
    case 'assignment':
      return {
        GET: (s, r, u) => readAssignment(s, r, u, target.id, target.assignmentId),
        PATCH: (s, r) => updateAssignment(s, r, target.id, target.assignmentId),
        DELETE: (s) => deleteAssignment(s, target.id, target.assignmentId),
      };
    case 'action':
      return target.action === 'assign'
        ? { POST: (s, r) => assign(s, r, target.id) }
        : { POST: (s, r) => updatePriorities(s, r) };
  }
}

/** 401 unless the request is authorised (the bearer check, or a mutant's hook). */
function unauthorised(svc: Service, bearer: ReturnType<typeof createBearerCheck>, req: IncomingMessage) {
  const verdict = bearer(req);
  const auth = svc.hooks.authorize ? svc.hooks.authorize(verdict, req) : verdict;
  if (auth === 'ok') return undefined;
  return errorAnswer(
    401,
    auth === 'missing'
      ? 'this service needs a bearer token: send Authorization: Bearer <token>'
      : 'the bearer token is not valid',
    { headers: { 'www-authenticate': challenge(auth) } },
  );
}

async function route(svc: Service, bearer: ReturnType<typeof createBearerCheck>, req: IncomingMessage) {
  const method = (req.method ?? 'GET').toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://reference.invalid');
  } catch {
    return errorAnswer(400, 'the request target is not a valid URL');
  }
  const refused = unauthorised(svc, bearer, req);
  if (refused) return refused;
  const target = matchRoute(url.pathname, svc.basePath, svc.served);
  if (!target) return errorAnswer(404, `there is no resource at ${url.pathname}`);
  if ('cast' in target && target.cast !== undefined) {
    const entity = svc.store.get(target.id);
    if (!entity || !castAllows(entity['@odata.type'], target.cast)) return notFound(target.id);
  }
  const operations = operationsOf(target);
  const operation = operations[method];
  if (!operation) return methodNotAllowed(method, Object.keys(operations).join(', '));
  return operation(svc, req, url);
}

/** What a request addressed, for the shapeAnswer hook (computed only when a variant sets it). */
function answerContext(svc: Service, req: IncomingMessage): AnswerContext {
  let target: AnswerContext['target'] = { kind: 'none' };
  try {
    target =
      matchRoute(new URL(req.url ?? '/', 'http://reference.invalid').pathname, svc.basePath, svc.served) ?? target;
  } catch {
    // an unparsable URL addresses nothing
  }
  return { req, method: (req.method ?? 'GET').toUpperCase(), root: serviceRoot(req, svc.basePath), target };
}

/** The reference implementation as a node:http request listener. */
export function createReferenceHandler(options: ReferenceOptions = {}): ReferenceHandler {
  const svc = createService(options);
  const { hooks } = svc;
  const bearer = createBearerCheck(options.token);

  /** Every answer carries request-id and client-request-id; an error also carries them in its innerError. */
  async function handle(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<void> {
    const answer = withRequestIds(await route(svc, bearer, req), ids, svc.now);
    const shaped = answer.status >= 400 && hooks.shapeError ? hooks.shapeError(answer) : answer;
    sendAnswer(res, hooks.shapeAnswer ? hooks.shapeAnswer(shaped, answerContext(svc, req)) : shaped);
  }

  const listener: RequestListener = (req, res) => {
    const ids = requestIdsOf(req, options.newRequestId);
    handle(req, res, ids).catch((e: unknown) => {
      options.log?.(`reference: unexpected error on ${req.method ?? '?'} ${req.url ?? '?'}: ${String(e)}`);
      if (res.headersSent) res.destroy();
      else sendAnswer(res, withRequestIds(errorAnswer(500, 'the server failed unexpectedly'), ids));
    });
  };
  return Object.assign(listener, { store: svc.store });
}
