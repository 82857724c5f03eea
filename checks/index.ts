export { BUILTIN_CHECKS, CheckRegistry, defaultRegistry, isCheckId } from './registry';
export { CHECK_IDS, PROFILES, isCreated, isSuccess } from './types';
export type {
  CaseKind,
  Check,
  CheckContext,
  CheckId,
  Exchange,
  InvalidTag,
  Profile,
  RequestRecord,
  ResponseRecord,
  Severity,
} from './types';
