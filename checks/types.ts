import type { Specs } from '../specs/loader';

/** Stable check ids: reports, config files and mutants refer to them. */
export const CHECK_IDS = [
  'status-201',
  'content-type',
  'response-schema',
  'echo-fields',
  'server-assigned-id',
  'checkin-datetime',
  'odata-type',
  'no-server-error',
  'rejects-invalid',
  'error-shape',
  'read-after-create',
  'last-modified',
  'location-header',
  'unknown-property',
  'auth-required',
  'lenient-input',
  'location-readable',
  'client-id',
  'rejection-status',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/**
 * Stable ids of the lifecycle rules the stateful mode (`run --stateful`, engine/stateful/) judges over a sequence of
 * operations; lifecycle mutants name the ones they break. checks/lifecycle.ts says what each rests on.
 */
export const LIFECYCLE_RULE_IDS = [
  'lifecycle-status',
  'lifecycle-schema',
  'lifecycle-read',
  'lifecycle-delete',
  'lifecycle-list',
  'lifecycle-assign',
  'lifecycle-assignments',
  'lifecycle-priorities',
  'lifecycle-priority-clash',
  'lifecycle-rejects-invalid',
  'lifecycle-method-allow',
  'lifecycle-action-url',
] as const;
export type LifecycleRuleId = (typeof LIFECYCLE_RULE_IDS)[number];

/**
 * The operations of the family, as the stateful mode sends them (one per API page): `--operations` scopes a run to
 * those a server implements. Each lifecycle rule names the ones that judge it (checks/lifecycle.ts).
 */
export const STATEFUL_OPERATIONS = [
  'create',
  'get',
  'list',
  'update',
  'delete',
  'assign',
  'updatePriorities',
  'createAssignment',
  'getAssignment',
  'listAssignments',
  'updateAssignment',
  'deleteAssignment',
] as const;
export type StatefulOperation = (typeof STATEFUL_OPERATIONS)[number];
/** What a result of a run names: a check of the create, or a lifecycle rule of the stateful mode. */
export type ResultId = CheckId | LifecycleRuleId;

/** How a server may treat a priority another configuration has: specs/settings.ts (DERIVATION.md, priority-uniqueness). */
import type { PriorityClashReading } from '../specs/settings';
export { PRIORITY_CLASH_READINGS, type PriorityClashReading } from '../specs/settings';
export type Severity = 'error' | 'warning';

/** Strictness: graph-docs follows what the docs show; odata-strict follows the OData 4.0/4.01 text. */
export const PROFILES = ['graph-docs', 'odata-strict'] as const;
export type Profile = (typeof PROFILES)[number];

export interface RequestRecord {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The JSON value sent, when the body was JSON. */
  body?: unknown;
  /** The exact text sent (always set when a body was sent). */
  text?: string;
}

export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON whatever the Content-Type said; undefined when it is not JSON. */
  json?: unknown;
  durationMs: number;
  /** Set when no complete answer came (timeout, reset, body too large); status is then 0. */
  error?: string;
  /**
   * Earlier answers to the same request that the suite waited out and sent again, oldest first: a 429/503 with
   * Retry-After (throttling), or a 404 on a read-back (replication delay). Evidence for the report; checks judge the
   * final answer.
   */
  attempts?: Attempt[];
}

/** One answer the suite did not take as final, and how long it waited before sending again. */
export interface Attempt {
  status: number;
  waitedMs: number;
  /** The Retry-After header as the target sent it. */
  retryAfter?: string;
}

/** What kind of case produced an exchange; checks decide from it whether they apply. */
export type CaseKind = 'valid' | 'invalid' | 'auth-missing' | 'auth-wrong' | 'client-id' | 'sequence';

export interface InvalidTag {
  rule: string;
  pointer: string;
  expectation: 'reject' | 'warn';
  /**
   * Set when the body breaks the rule in a way a conforming service may accept (see checks/profiles.ts LENIENCIES):
   * in a profile that lists it, lenient-input judges the case at warning level instead of rejects-invalid.
   */
  leniency?: string;
}

/** One case: the create request and its answer, plus the GET that read it back when there was an id. */
export interface Exchange {
  caseId: string;
  kind: CaseKind;
  request: RequestRecord;
  response: ResponseRecord;
  invalid?: InvalidTag;
  readBack?: { request: RequestRecord; response: ResponseRecord };
  /**
   * The GET of the create answer's Location header (the engine follows it once per run, when it names a URL under the
   * service root): the location-header check judges that it reads the created entity.
   */
  locationRead?: { request: RequestRecord; response: ResponseRecord };
  /** For a client-id case: the id the body carried. */
  clientId?: string;
  /**
   * A valid create answered 409 Conflict while its priority was taken by an earlier valid create of this run (stored,
   * or still in flight when this one was sent): a refusal the --priority-clash reading may allow.
   */
  priorityClash?: boolean;
}

export interface CheckContext {
  profile: Profile;
  specs: Specs;
  /** Epoch ms when the run started; last-modified allows skew around [start, now]. */
  runStartedAt: number;
  now: () => number;
  /** Ids returned by earlier creates in this run: id -> caseId. The engine adds after judging. */
  seenIds: ReadonlyMap<string, string>;
  /** How a server may treat a create whose priority another configuration has (--priority-clash; absent: either). */
  priorityClash?: PriorityClashReading;
}

/**
 * One thing a check found wrong, as data: the message, and where it applies (a JSON pointer into the body the check
 * judged, '' for the root), what the rule expected and what the target sent, when the check can say so. Reports show
 * pointer, expected and actual side by side.
 */
export interface Finding {
  message: string;
  pointer?: string;
  expected?: unknown;
  actual?: unknown;
}

/** What a check's judge returns per problem: a plain message, or a Finding with its pointer, expected and actual. */
export type Verdict = string | Finding;

export const findingOf = (v: Verdict): Finding => (typeof v === 'string' ? { message: v } : v);
export const messageOf = (v: Verdict): string => (typeof v === 'string' ? v : v.message);

/** A check: a pure function from an exchange (and the run context) to findings; [] is a pass. */
export interface Check {
  id: CheckId;
  /** The rule in one sentence, as the README's check table shows it. */
  rule: string;
  /** Where the rule comes from. */
  source: string;
  severity: (profile: Profile) => Severity;
  appliesTo: (ex: Exchange, ctx: CheckContext) => boolean;
  judge: (ex: Exchange, ctx: CheckContext) => Verdict[];
  /** Why the check judged nothing in a run (results.json's skippedReason); default "no case applied". */
  skippedBecause?: (profile: Profile) => string;
  /** How many times `replay` sends a saved case (default 1): a rule about ids across creates needs two. */
  replaySends?: number;
  /**
   * How `replay` sends a saved case of this check again: its case kind (read from the saved request) and, for an
   * invalid body, what the check expects of it. Default: `invalid` when the case carries an invalid tag, else
   * `valid`; invalid bodies expected to be rejected.
   */
  replayAs?: (saved: { request: RequestRecord; invalid: boolean }) => {
    kind: CaseKind;
    expectation?: 'reject' | 'warn';
  };
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** A valid create whose answer was a success: the body checks judge these. */
export const isCreated = (ex: Exchange): boolean => ex.kind === 'valid' && isSuccess(ex.response.status);

export function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** "201", or "no answer (timeout ...)" when the transport got none. */
export function describeStatus(r: ResponseRecord): string {
  return r.status === 0 ? `no answer (${r.error ?? 'unknown reason'})` : String(r.status);
}
