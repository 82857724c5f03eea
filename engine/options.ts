/** What a run is given: the target, the limits, the generation options, and their defaults. */
import type http from 'node:http';
import type { PriorityClashReading, Profile, StatefulOperation } from '../checks/types';
import type { CreateBodyOptions } from '../generators';
import { ASSIGN_SEGMENTS, UPDATE_PRIORITIES_SEGMENTS } from '../specs/generated/operations';
import type { ThrottlePolicy } from './throttle';

export const COLLECTION_PATH = '/officeConfiguration/clientConfigurations';
/**
 * Every documented spelling of each action's last segment, preferred first (DERIVATION.md action-name-qualification
 * and action-name-foreign-namespace): the stateful mode finds the one a server answers (engine/stateful/actions.ts).
 */
export const ACTION_SPELLINGS = { assign: ASSIGN_SEGMENTS, updatePriorities: UPDATE_PRIORITIES_SEGMENTS } as const;

export type TargetSpec =
  | { kind: 'url'; url: string }
  | { kind: 'app'; module: string }
  | { kind: 'server'; server: http.Server | http.RequestListener; label: string };

export interface RunOptions {
  target: TargetSpec;
  token?: string;
  /** Extra headers sent with every request (-H "Name: value"). */
  headers: Record<string, string>;
  /**
   * Names of -H headers whose values are secrets (scrubbed from every report) besides the credential headers the suite
   * always treats as secret (Authorization, Cookie, names with key, token, secret, password, session or signature).
   */
  secretHeaders?: string[];
  /** Valid cases, and as many invalid ones. */
  runs: number;
  seed: number;
  concurrency: number;
  timeoutMs: number;
  checks?: string[];
  excludeChecks?: string[];
  profile: Profile;
  /** Requests per second at most; undefined for no limit. */
  rateLimit?: number;
  maxResponseBytes: number;
  shard?: { index: number; total: number };
  /** Shrink each failing check's first counterexample with fast-check. */
  shrink: boolean;
  /** Requests one check's shrinking may send. */
  maxShrinkRequests: number;
  /** Time one check's shrinking may take, in ms (default DEFAULTS.maxShrinkMs). */
  maxShrinkMs?: number;
  /** Failures kept per check in the results (the count covers all). */
  maxFailuresPerCheck: number;
  caFile?: string;
  insecure?: boolean;
  /** What the generators may send (a real service's limits); default: everything the schemas allow. */
  generation?: GenerationOptions;
  /** How long to wait out throttling (429, 503 with Retry-After); default DEFAULT_THROTTLE. */
  throttle?: Partial<ThrottlePolicy>;
  /**
   * How long a read-back that got 404 is sent again (backoff from 250 ms) before the 404 stands, in ms (default
   * DEFAULTS.readBackWaitMs; 0 to judge the first answer). Graph replicates: a read right after a write can miss it.
   */
  readBackWaitMs?: number;
  /**
   * How a server may treat a create whose priority another configuration has, for the create cases (the stateful
   * mode's own setting wins there): 'either' (default), 'refuse' or 'store' (checks/lifecycle.ts clashAllows).
   */
  priorityClash?: PriorityClashReading;
  /**
   * Leave what the run created on the target (`--keep-created`); by default every entity it created is deleted
   * before it ends (engine/cleanup.ts).
   */
  keepCreated?: boolean;
  /**
   * Stop starting cases and sequences after this long (ms; `--max-duration`): the run then deletes what it created,
   * writes its reports and ends inconclusive. Bounded in all by this + one request timeout + the cleanup budget.
   */
  maxDurationMs?: number;
  /** The stateful mode (`run --stateful`): lifecycle sequences after the create cases; absent: none. */
  stateful?: StatefulOptions;
}

/** The stateful mode's settings (engine/stateful/). */
export interface StatefulOptions {
  /** Generated sequences (each is split across shards like the create cases). */
  sequences: number;
  /** Commands per sequence at most (default DEFAULTS.maxCommands). */
  maxCommands?: number;
  /** How a server may treat a priority another configuration has (default 'either'; checks/lifecycle.ts). */
  priorityClash?: PriorityClashReading;
  /**
   * Picks the band of priorities the sequences use (0 to PRIORITY_NONCES - 1). Absent: a random one per run, so two
   * runs with the same seed (two shards, two pipelines, an aborted run's leftovers) do not meet each other's
   * priorities. results.json and case files record it; giving it again makes the same requests as that run.
   */
  priorityNonce?: number;
  /**
   * The operations the target implements (`--operations`): sequences send only commands whose operations are all in
   * scope, and the rules no such command judges are skipped with that reason. Absent: every operation of the family.
   */
  operations?: StatefulOperation[];
}

/** How many priority bands there are to draw a run's nonce from. */
export const PRIORITY_NONCES = 1_000_000;

/**
 * Constraints on the generated bodies a user may need against a real service. They change which bodies a seed makes,
 * so results.json records them and a rerun with the same seed needs the same options.
 */
export interface GenerationOptions {
  /** Most fractional-second digits in DateTimeOffsets, 0 to 12 (default 12; the round trip is still judged at the profile's precision). */
  maxFractionDigits?: number;
  /** Strings of thousands of characters (default true). */
  longStrings?: boolean;
  /** Send Edm.Stream properties (default true). */
  streams?: boolean;
  /** Creatable types to send, by short name, or ['any'] (default: every creatable type). */
  types?: string[];
}

/** The generators' constraints for these options. */
export function bodyConstraints(g: GenerationOptions | undefined): CreateBodyOptions {
  const c: CreateBodyOptions = { odataType: ['any'] };
  if (!g) return c;
  if (g.maxFractionDigits !== undefined) c.maxFractionDigits = g.maxFractionDigits;
  if (g.longStrings !== undefined) c.longStrings = g.longStrings;
  if (g.streams !== undefined) c.streams = g.streams;
  c.odataType = g.types ?? ['any'];
  return c;
}

export const DEFAULTS = {
  runs: 100,
  concurrency: 8,
  timeoutMs: 10_000,
  profile: 'graph-docs' as Profile,
  maxResponseBytes: 4 * 1024 * 1024,
  shrink: true,
  maxShrinkRequests: 80,
  maxShrinkMs: 15_000,
  maxFailuresPerCheck: 5,
  readBackWaitMs: 5_000,
  sequences: 100,
  maxCommands: 12,
};

/** Error codes that mean "could not judge" (verdict inconclusive) rather than "could not run" (verdict error). */
export const INCONCLUSIVE_CODES = new Set(['inconclusive', 'throttled', 'no-answer', 'interrupted', 'max-duration']);

/** Read-backs whose 404 outlasted the whole wait, after which the run stops waiting on read-backs (a fault, not lag). */
export const PERSISTENT_404_LIMIT = 2;
