import { createWriteStream, mkdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Failure, Reporter, RunEvent, RunResults } from '../engine/events';

/** results.json: the canonical record, written once at the end. */
export function resultsJsonReporter(dir: string): Reporter {
  return {
    onEvent(e: Readonly<RunEvent>): void {
      if (e.type === 'run-finished')
        writeFileSync(join(dir, 'results.json'), JSON.stringify(e.results, null, 2) + '\n');
    },
  };
}

export interface NdjsonOptions {
  /** Lines are written in chunks of about this many characters (default 64 KiB)... */
  chunkChars?: number;
  /** ...or this long after the first line of a chunk (default 200 ms), whichever comes first. */
  flushMs?: number;
}

/**
 * events.ndjson: one event per line, streamed to disk as the run happens (never held in memory). Case lines are
 * gathered into chunks (one write per chunk instead of one per case); every other event is written at once, with
 * what came before it. When the file falls behind, onEvent returns a promise that settles once the stream drained,
 * and the engine waits for it: memory stays bounded however fast cases come.
 */
export function ndjsonReporter(dir: string, options: NdjsonOptions = {}): Reporter {
  const chunkChars = options.chunkChars ?? 64 * 1024;
  const flushMs = options.flushMs ?? 200;
  let stream: WriteStream | undefined;
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  /** Writes what is pending; false when the stream asks the writer to wait for 'drain'. */
  const flush = (): boolean => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === '' || !stream) return true;
    const chunk = pending;
    pending = '';
    return stream.write(chunk);
  };
  return {
    onEvent(e: Readonly<RunEvent>): Promise<void> | undefined {
      const s = (stream ??= createWriteStream(join(dir, 'events.ndjson'), {
        flags: 'w',
        highWaterMark: 4 * chunkChars,
      }));
      pending += JSON.stringify(e) + '\n';
      if (e.type === 'case' && pending.length < chunkChars) {
        timer ??= setTimeout(flush, flushMs).unref();
        return undefined;
      }
      return flush() ? undefined : new Promise((resolve) => s.once('drain', () => resolve()));
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        flush();
        if (!stream) return resolve();
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      });
    },
  };
}

/** A saved failing case: what `conformance replay` re-sends. */
export interface CaseFile {
  format: 'conformance-case/1';
  check: string;
  severity: string;
  target: string;
  profile: string;
  seed: number;
  path: string;
  message: string;
  minimal: boolean;
  invalid?: { rule: string; pointer: string; leniency?: string };
  /** The fast-check version that generated the case (its seed and path name it only for that version). */
  fastCheck?: string;
  request: Failure['request'];
  response: { status: number; body: string };
  /**
   * A lifecycle failure: the commands of the (shrunk) sequence; the requests are in cases/<check>.sh. `replay` does
   * not send these (a sequence is replayed by its script, or by `run --stateful` with the same seed).
   */
  sequence?: string[];
  /** A lifecycle failure: the sequence's commands as data (what `replay` runs) and the clash reading it ran under. */
  stateful?: {
    commands?: NonNullable<Failure['sequence']>['saved'];
    priorityClash?: string;
    priorityNonce?: number;
    /** The operations the run was scoped to (`--operations`): a replay sends no other (its end-of-sequence list). */
    operations?: string[];
  };
}

export function caseFileFor(results: RunResults, checkId: string, f: Failure): CaseFile {
  const check = results.checks.find((c) => c.id === checkId);
  const file: CaseFile = {
    format: 'conformance-case/1',
    check: checkId,
    severity: check?.severity ?? 'error',
    target: results.target,
    profile: results.profile,
    seed: f.reproduce.seed,
    path: f.reproduce.path,
    message: f.message,
    minimal: f.minimal,
    request: f.request,
    response: { status: f.response.status, body: f.response.text.slice(0, 4096) },
  };
  if (f.invalid) file.invalid = f.invalid;
  if (f.sequence) {
    file.sequence = f.sequence.commands;
    const st = results.stateful;
    file.stateful = {
      ...(f.sequence.saved ? { commands: f.sequence.saved } : {}),
      ...(st?.priorityClash !== undefined ? { priorityClash: st.priorityClash } : {}),
      ...(st?.priorityNonce !== undefined ? { priorityNonce: st.priorityNonce } : {}),
      ...(st?.operations !== undefined ? { operations: st.operations } : {}),
    };
  }
  if (results.tool.fastCheck) file.fastCheck = results.tool.fastCheck;
  return file;
}

/** cases/<check>.json: the first (minimal where shrunk) failure of each failing check, ready for replay. */
export function caseFilesReporter(dir: string): Reporter {
  const casesDir = join(dir, 'cases');
  return {
    onEvent(e: Readonly<RunEvent>): void {
      if (e.type === 'run-started') rmSync(casesDir, { recursive: true, force: true });
      if (e.type !== 'run-finished') return;
      for (const c of e.results.checks) {
        const f = c.failures[0];
        if (c.status !== 'failed' || !f) continue;
        mkdirSync(casesDir, { recursive: true });
        writeFileSync(join(casesDir, `${c.id}.json`), JSON.stringify(caseFileFor(e.results, c.id, f), null, 2) + '\n');
        // A sequence's reproduction is a script of requests (engine/stateful/script.ts), token as $GRAPH_TOKEN.
        if (f.sequence) writeFileSync(join(casesDir, `${c.id}.sh`), f.reproduce.curl + '\n', { mode: 0o755 });
      }
    },
  };
}
