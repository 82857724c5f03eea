import { authRequired } from './auth-required';
import { clientId } from './client-id';
import { locationReadable } from './location-readable';
import { rejectionStatus } from './rejection-status';
import { checkinDatetime } from './checkin-datetime';
import { contentType } from './content-type';
import { echoFields } from './echo-fields';
import { errorShape } from './error-shape';
import { lastModified } from './last-modified';
import { lenientInput } from './lenient-input';
import { locationHeader } from './location-header';
import { noServerError } from './no-server-error';
import { odataType } from './odata-type';
import { readAfterCreate } from './read-after-create';
import { rejectsInvalid } from './rejects-invalid';
import { responseSchema } from './response-schema';
import { serverAssignedId } from './server-assigned-id';
import { status201 } from './status-201';
import { unknownProperty } from './unknown-property';
import { CHECK_IDS, type Check, type CheckId } from './types';

/** A set of checks keyed by id; adding a second check with a taken id is refused. */
export class CheckRegistry {
  private readonly byId = new Map<string, Check>();

  register(check: Check): this {
    if (this.byId.has(check.id)) throw new Error(`a check with id "${check.id}" is already registered`);
    this.byId.set(check.id, check);
    return this;
  }

  get(id: string): Check | undefined {
    return this.byId.get(id);
  }

  all(): Check[] {
    return [...this.byId.values()];
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

export const BUILTIN_CHECKS: readonly Check[] = [
  status201,
  contentType,
  responseSchema,
  echoFields,
  serverAssignedId,
  checkinDatetime,
  odataType,
  noServerError,
  rejectsInvalid,
  errorShape,
  readAfterCreate,
  lastModified,
  locationHeader,
  unknownProperty,
  authRequired,
  lenientInput,
  locationReadable,
  clientId,
  rejectionStatus,
];

export function defaultRegistry(): CheckRegistry {
  const r = new CheckRegistry();
  for (const c of BUILTIN_CHECKS) r.register(c);
  return r;
}

export function isCheckId(id: string): id is CheckId {
  return (CHECK_IDS as readonly string[]).includes(id);
}
