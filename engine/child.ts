/**
 * The one way this project runs a child process to its end: no shell, a total time limit after which the child is
 * killed with SIGKILL (by its PID: `ChildProcess.kill`, the process itself and not its group, so start the program
 * that does the work and not a wrapper that would leave it running), its output collected up to a cap, and a result
 * that says how it ended instead of an exception. Used by `publish` (the Rust pact binary), `verify` (its worker, over
 * IPC) and the bench scripts (CLI runs).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ChildOptions {
  command: string;
  args: readonly string[];
  /** Default: this process's working directory. */
  cwd?: string;
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** After this many ms the child is killed with SIGKILL and the result says timedOut. */
  timeoutMs: number;
  /** Characters kept of stdout, of stderr and of both together (each; the rest is dropped); default 256 KiB. */
  maxOutput?: number;
  /** The child's stdin: 'ignore' (default, /dev/null) or 'pipe' (left open, unused). */
  stdin?: 'ignore' | 'pipe';
  /** An IPC channel (`child.send`, the child's 'message' events), for a Node child. */
  ipc?: boolean;
}

export interface ChildResult {
  /** Exit code; null when a signal ended it; Node's negative errno when it could not be started (see error). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It was still running at timeoutMs and was killed. */
  timedOut: boolean;
  /** The first 'error' of the child: it could not be started (ENOENT...), or a message or the kill failed. */
  error?: Error;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they arrived. */
  output: string;
  /** Some output was dropped past maxOutput. */
  truncated: boolean;
  /** Epoch ms (sub-millisecond, comparable across processes on one machine) just before the spawn. */
  startedAt: number;
  /** From the spawn until the child exited. */
  durationMs: number;
}

export interface StartedChild {
  /** The process, e.g. to send it a message or listen for its messages; the helper kills it at the time limit. */
  child: ChildProcess;
  /** Settles once the child has exited and its output is read; never rejects. */
  result: Promise<ChildResult>;
}

export const DEFAULT_MAX_OUTPUT = 256 * 1024;

const epochMs = (): number => performance.timeOrigin + performance.now();

/** Starts the child and watches it to its end; see ChildOptions for the rules. */
export function startChild(options: ChildOptions): StartedChild {
  const cap = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  const stdio: StdioOptions = [options.stdin ?? 'ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc' as const] : [])];
  const startedAt = epochMs();
  const child = spawn(options.command, options.args, {
    stdio,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  let truncated = false;
  const keep = (kept: string, chunk: string): string => {
    if (kept.length + chunk.length <= cap) return kept + chunk;
    truncated = true;
    return kept.length < cap ? kept + chunk.slice(0, cap - kept.length) : kept;
  };
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    stdout = keep(stdout, s);
    output = keep(output, s);
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr = keep(stderr, s);
    output = keep(output, s);
  });

  let timedOut = false;
  let exitedAt: number | undefined;
  let error: Error | undefined;
  // A child killed at the limit may have left its pipes to a process of its own: stop reading them, so 'close' comes.
  const letGo = (): void => {
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
    if (exitedAt !== undefined) letGo();
  }, options.timeoutMs);
  child.on('error', (e) => {
    error ??= e;
  });
  child.once('exit', () => {
    exitedAt = epochMs();
    if (timedOut) letGo();
  });
  const result = new Promise<ChildResult>((done) => {
    // 'close' also comes after a failed start (with no 'exit' before it).
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done({
        code,
        signal,
        timedOut,
        ...(error !== undefined ? { error } : {}),
        stdout,
        stderr,
        output,
        truncated,
        startedAt,
        durationMs: (exitedAt ?? epochMs()) - startedAt,
      });
    });
  });
  return { child, result };
}

/** startChild when nothing but the result is needed. */
export function runChild(options: ChildOptions): Promise<ChildResult> {
  return startChild(options).result;
}
