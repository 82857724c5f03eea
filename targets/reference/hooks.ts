/** The reference's public option and hook types (handler.ts re-exports them). */
import type { IncomingMessage } from 'node:http';
import type { AuthOutcome } from './auth';
import type { Answer } from './http';
import type { JsonObject } from './json';

/** One schema violation, as the error answer reports it. */
export interface ValidationIssue {
  pointer: string;
  keyword: string;
  message: string;
}

/** One priority updatePriorities sets: the configuration's id and its new priority. */
export interface PriorityUpdate {
  id: string;
  priority: number;
}

/**
 * Where a mutant injects its one fault. The reference sets none; each hook's default is the reference behaviour.
 * Hooks get fresh objects they may return changed copies of; they must not mutate what they are given.
 */
export interface ReferenceHooks {
  /** Decides authorisation; `standard` is the reference's bearer-token verdict. */
  authorize?: (standard: AuthOutcome, req: IncomingMessage) => AuthOutcome;
  /** Rewrites a parsed create body (a JSON object) before it is validated. */
  preprocessCreate?: (body: JsonObject) => JsonObject;
  /** Replaces validation of a create body; `standard` runs the compiled request schema. Empty list = valid. */
  validateCreate?: (body: JsonObject, standard: (body: JsonObject) => ValidationIssue[]) => ValidationIssue[];
  /** Replaces validation of a PATCH body of a configuration; `standard` runs the compiled update schema. */
  validatePatch?: (body: JsonObject, standard: (body: JsonObject) => ValidationIssue[]) => ValidationIssue[];
  /** Runs after a create body passed validation and before anything is stored; an answer returned is sent instead. */
  interceptCreate?: (body: JsonObject) => Answer | undefined;
  /** Rewrites the entity about to be stored: the 201 body and every later GET see the result. */
  shapeEntity?: (entity: JsonObject, body: JsonObject) => JsonObject;
  /** Rewrites the 201 answer only (status, headers, body); the stored entity is unchanged. */
  shapeCreateAnswer?: (answer: Answer, created: { id: string; entity: JsonObject }) => Answer;
  /** Rewrites the answer to GET {collection}/{id} (200 or 404). */
  shapeReadAnswer?: (answer: Answer, id: string) => Answer;
  /**
   * Runs after a PATCH body of a configuration passed validation (and the type check), before anything is stored;
   * an answer returned is sent instead and nothing changes.
   */
  interceptPatch?: (body: JsonObject, current: JsonObject) => Answer | undefined;
  /**
   * Rewrites what a PATCH of a configuration stores (`merged`: the entity with the named properties replaced and
   * lastModifiedDateTime set anew). The 200 answer shows `merged` whatever is stored.
   */
  shapePatchedEntity?: (merged: JsonObject, patch: { id: string; before: JsonObject; body: JsonObject }) => JsonObject;
  /**
   * Runs when a DELETE finds the configuration, before anything is removed; an answer returned is sent instead and
   * nothing is removed.
   */
  interceptDelete?: (id: string, entity: JsonObject) => Answer | undefined;
  /**
   * What the assign action stores, from the new assignments (server ids given) and those they replace. The answer
   * lists `assigned` whatever is stored.
   */
  shapeAssigned?: (assigned: JsonObject[], replaced: JsonObject[]) => JsonObject[];
  /** Rewrites what a create of one assignment stores; the 201 answer shows `built` whatever is stored. */
  shapeCreatedAssignment?: (built: JsonObject) => JsonObject;
  /** Rewrites what a PATCH of one assignment stores; the 200 answer shows `merged` whatever is stored. */
  shapePatchedAssignment?: (merged: JsonObject, before: JsonObject) => JsonObject;
  /** Rewrites the priority changes updatePriorities applies (validated, in request order). */
  shapePriorityUpdates?: (updates: PriorityUpdate[]) => PriorityUpdate[];
  /** Rewrites every answer with a status of 400 or more, whatever produced it. */
  shapeError?: (answer: Answer) => Answer;
  /**
   * Reads a request body's text into a JSON value instead of JSON.parse (a conforming variant's lenient reader). It
   * runs after the nesting-depth limit; a throw is answered 400 with the error's message, like a JSON.parse error.
   */
  parseJson?: (text: string) => unknown;
  /** Rewrites every answer last (after shapeError), knowing the request it answers: variants shape bodies and headers. */
  shapeAnswer?: (answer: Answer, context: AnswerContext) => Answer;
}

/** The actions of the family: `assign` is bound to one configuration, `updatePriorities` to the collection. */
export type ActionName = 'assign' | 'updatePriorities';

/** What a request URL addresses (routes.ts reads it). */
export type AnswerTarget =
  | { kind: 'collection' }
  | { kind: 'entity'; id: string }
  | { kind: 'assignments'; id: string }
  | { kind: 'assignment'; id: string; assignmentId: string }
  | { kind: 'action'; action: 'assign'; id: string }
  | { kind: 'action'; action: 'updatePriorities' }
  | { kind: 'none' };

/** What an answer answers, for the shapeAnswer hook. */
export interface AnswerContext {
  req: IncomingMessage;
  /** Upper-case request method. */
  method: string;
  /** The service root as the client reached it, e.g. http://127.0.0.1:43123/beta. */
  root: string;
  /**
   * The addressed resource: the collection, one configuration (by the id in the URL), its assignments, one of them,
   * an action, or nothing this service has.
   */
  target: AnswerTarget;
}

/**
 * How the reference treats a create, PATCH or updatePriorities that gives a configuration a priority another live
 * configuration has: 'store' (the default) stores it as sent, 'refuse' answers 409 Conflict. The resource pages say
 * the priority "should be unique": a recommendation, so both are conforming (checks/types.ts PRIORITY_CLASH_READINGS).
 */
export type PriorityClashHandling = 'store' | 'refuse';

export interface ReferenceOptions {
  /** When set, every request must carry `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** Largest request body accepted (413 above it). Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Entities per page of the collection, and assignments per page of a configuration's assignments, when the request
   * names no `$top` (see query.ts). Default 999.
   */
  pageSize?: number;
  /** Path of the service root below the origin, e.g. '/beta'. Default: the origin itself. */
  basePath?: string;
  /**
   * The spellings of each action the server answers (e.g. `{ updatePriorities: ['updatePriorities'] }`), compared
   * without case; an action not named answers every documented spelling (the default). A spelling left out is read
   * as any other path: a key segment (then 405 for a POST), or nothing (404).
   */
  actionSegments?: Partial<Record<ActionName, readonly string[]>>;
  /** False: a configuration has no assignments navigation (every .../assignments URL answers 404). Default true. */
  assignments?: boolean;
  /** Priority clashes stored (default) or refused; see PriorityClashHandling. */
  priorityClash?: PriorityClashHandling;
  /** Fault injection for mutants. */
  hooks?: ReferenceHooks;
  /** Key generator, for configurations and assignments (default crypto.randomUUID). */
  newId?: () => string;
  /** Clock for lastModifiedDateTime and innerError's date (default the system clock). */
  now?: () => Date;
  /** Generator of request-id values, and of client-request-id when the client sends none (default randomUUID). */
  newRequestId?: () => string;
  /** Where an unexpected exception is reported (it is also answered 500). Default: nowhere. */
  log?: (line: string) => void;
}
