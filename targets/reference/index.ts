export {
  BASE_TYPE,
  COLLECTION_PATH,
  createReferenceHandler,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TYPE,
  entityUrl,
  MAX_NESTING_DEPTH,
  normaliseBasePath,
  typeNameOf,
  validationAnswer,
  type AnswerContext,
  type ReferenceHandler,
  type ReferenceHooks,
  type ReferenceOptions,
  type ValidationIssue,
} from './handler';
export { errorAnswer, jsonAnswer, JSON_CONTENT_TYPE, ERROR_CODES, type Answer, type ErrorDetail } from './http';
export { copyOwn, getOwn, hasOwn, isJsonObject, setOwn, type JsonObject } from './json';
export type { AuthOutcome } from './auth';
export { EntityStore } from './store';
export { DEFAULT_HOST, startReference, startServer, type ListenOptions, type RunningServer } from './server';
