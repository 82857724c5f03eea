// Everything handler.ts exports (its own and what it gathers from entity.ts, body.ts and hooks.ts).
export * from './handler';
export {
  errorAnswer,
  jsonAnswer,
  JSON_CONTENT_TYPE,
  ERROR_CODES,
  requestIdsOf,
  withRequestIds,
  type Answer,
  type ErrorDetail,
  type RequestIds,
} from './http';
export {
  DEFAULT_PAGE_SIZE,
  MAX_TOP,
  parseQuery,
  type CollectionQuery,
  type EntityQuery,
  type SelectList,
} from './query';
export { selfSignedCertificate, type SelfSigned } from './tls';
export { copyOwn, getOwn, hasOwn, isJsonObject, setOwn, type JsonObject } from './json';
export type { AuthOutcome } from './auth';
export { EntityStore, type AssignmentPage, type StorePage } from './store';
export { DEFAULT_HOST, startReference, startServer, type ListenOptions, type RunningServer } from './server';
