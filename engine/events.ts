import type { CaseKind, RequestRecord, ResponseRecord, ResultId, Severity } from '../checks/types';
import type { CleanupRecord } from './cleanup';
import type { SavedCommand } from './stateful/saved';

/** How to send a failing case again: the seed and fast-check path, and a curl command (token redacted). */
export interface Reproduction {
  seed: number;
  path: string;
  curl: string;
}

export interface Failure {
  caseId: string;
  message: string;
  /** All messages the check gave for this case (message is the first). */
  messages: string[];
  /**
   * The same findings as data, where the check could say where and what (a JSON pointer into the body it judged, the
   * expected and the actual value); absent when every finding is a plain message. Added in tool 0.1.0 results; older
   * readers ignore it.
   */
  details?: Array<{ message: string; pointer?: string; expected?: unknown; actual?: unknown }>;
  /** True for the counterexample fast-check shrank to. */
  minimal: boolean;
  request: RequestRecord;
  response: ResponseRecord;
  readBack?: { request: RequestRecord; response: ResponseRecord };
  /** The GET of the Location header, when the engine followed it (once per run). */
  locationRead?: { request: RequestRecord; response: ResponseRecord };
  /** The rule an invalid body broke; `leniency` when a conforming service may accept it (specs/leniencies.ts). */
  invalid?: { rule: string; pointer: string; leniency?: string };
  reproduce: Reproduction;
  /**
   * A lifecycle failure (stateful mode): the commands of the sequence, as fast-check shrank them, and every request
   * it sent in order with its answer (the last one is `request`/`response`). Absent for a create check's failure.
   */
  sequence?: {
    commands: string[];
    /** The same commands as data: what `replay` runs again. */
    saved?: SavedCommand[];
    steps: Array<{ label: string; request: RequestRecord; response: ResponseRecord }>;
  };
}

export interface CheckResult {
  id: ResultId;
  severity: Severity;
  status: 'passed' | 'failed' | 'skipped';
  rule: string;
  source: string;
  /** Cases the check judged. */
  cases: number;
  /** Cases it failed (all of them; `failures` keeps only the first few and the minimal one). */
  failedCases: number;
  skippedReason?: string;
  failures: Failure[];
}

export interface SuiteErrorRecord {
  code: string;
  message: string;
  hint?: string;
}

/** The canonical record of a run: results.json. */
export interface RunResults {
  tool: { name: string; version: string; fastCheck?: string };
  target: string;
  profile: string;
  seed: number;
  runs: number;
  shard?: string;
  /**
   * Generation options that differ from the defaults (--max-fraction-digits, --no-long-strings, --no-streams,
   * --types): a rerun with the same seed needs them to make the same bodies.
   */
  generation?: { maxFractionDigits?: number; longStrings?: boolean; streams?: boolean; types?: string[] };
  startedAt: string;
  durationMs: number;
  summary: { passed: number; failed: number; skipped: number; cases: number; warnings: number };
  /**
   * passed (exit 0), failed (1), error (2: the suite could not run) or inconclusive (2: the run could not judge the
   * target, e.g. no valid create succeeded, or it never stopped throttling; `errors` holds why and a hint).
   */
  verdict: 'passed' | 'failed' | 'error' | 'inconclusive';
  exitCode: 0 | 1 | 2;
  checks: CheckResult[];
  errors: SuiteErrorRecord[];
  /** What throttling cost (429/503 with Retry-After, waited out and sent again); absent in older results. */
  throttling?: { throttledResponses: number; retries: number; waitedMs: number; gaveUp: boolean };
  /** Read-backs that got 404 and were sent again (replication delay), and how many of them healed. */
  readBackRetries?: { retried: number; healed: number; waitedMs: number };
  /** The stateful phase (`run --stateful`): sequences run in this shard and the requests they sent. */
  stateful?: {
    sequences: number;
    requests: number;
    /** What made the sequences (a replay needs the same): commands per sequence at most, the clash reading. */
    maxCommands?: number;
    priorityClash?: string;
    /** The band of priorities the sequences used: `--priority-nonce` makes the same requests again. */
    priorityNonce?: number;
    /** The operations the run was scoped to (`--operations`); absent: all of them. */
    operations?: string[];
  };
  /**
   * What the run created on the target and deleted again before it ended; `leftovers` lists what it could not delete
   * (each id with the answer its DELETE got), every report shows them. Absent in older results.
   */
  cleanup?: CleanupRecord;
  /** Shards of the run a merge did not have (`report merge --allow-missing`). */
  missingShards?: string[];
}

export type RunEvent =
  | {
      type: 'run-started';
      at: string;
      tool: { name: string; version: string; fastCheck?: string };
      target: string;
      seed: number;
      runs: number;
      concurrency: number;
      profile: string;
      shard?: string;
      checks: Array<{ id: ResultId; severity: Severity }>;
      plannedCases: number;
    }
  | {
      type: 'case';
      at: string;
      caseId: string;
      kind: CaseKind;
      path: string;
      status: number;
      durationMs: number;
      /** Checks that judged the case and failed it. */
      failed: ResultId[];
      /** Checks that judged it. */
      judged: ResultId[];
      invalidRule?: string;
      done: number;
      total: number;
    }
  | { type: 'failure'; at: string; checkId: ResultId; severity: Severity; failure: Failure }
  | { type: 'shrink'; at: string; checkId: ResultId; phase: 'started' | 'finished'; requests: number }
  | { type: 'error'; at: string; error: SuiteErrorRecord }
  /**
   * The target answered a create with this id: written to events.ndjson as it is learnt, so `conformance cleanup`
   * can delete what a run that was killed before its own cleanup left.
   */
  | { type: 'created'; at: string; id: string }
  | { type: 'run-finished'; at: string; results: RunResults };

/** A reporter: every hook optional, each receives read-only data. Hooks may be async; the engine awaits them. */
export interface Reporter {
  onEvent?(event: Readonly<RunEvent>): void | Promise<void>;
  /** Called once after run-finished, to flush and close files. */
  close?(): void | Promise<void>;
}
