/**
 * Process plumbing for the benchmarks: the reference server in a child process, CLI runs as children, and a guard
 * that stops every child this process started (on the normal way out, on an error, and on SIGINT/SIGTERM).
 * Everything binds 127.0.0.1; every wait has a time limit.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChild } from '../engine/child';

export const ROOT = resolve(__dirname, '..');
export const BIN = join(ROOT, 'bin', 'conformance.js');
/** The token the bench server requires and the suite sends (a fixed bench value, never a real credential). */
export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills what is still running (by pid, only children this process started). */
export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

let guarded = false;
/** Stops every child on exit and on SIGINT/SIGTERM. */
export function guardChildren(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', killChildren);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      killChildren();
      process.exit(130);
    });
}

/** Epoch milliseconds with sub-millisecond resolution (comparable across processes on one machine). */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** An environment for children: no GRAPH_TOKEN inherited (the bench passes its own), Pact kept offline. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true', ...extra };
  if (!('GRAPH_TOKEN' in extra)) delete env['GRAPH_TOKEN'];
  delete env['NODE_OPTIONS'];
  return env;
}

export interface BenchServer {
  url: string;
  pid: number;
  /** A fresh store, request counter and first-request time. */
  reset(): Promise<void>;
  stats(): Promise<{ requests: number; firstRequestAt?: number; rss: number }>;
  stop(): Promise<void>;
}

type ServerMessage =
  | { type: 'listening'; url: string }
  | { type: 'reset' }
  | { type: 'stats'; requests: number; firstRequestAt?: number; rss: number };

/** Forks bench/reference-server.ts (the reference on 127.0.0.1, an ephemeral port) and waits until it listens. */
export function startBenchServer(token: string = BENCH_TOKEN, timeoutMs = 30_000): Promise<BenchServer> {
  const child = track(
    fork(join(__dirname, 'reference-server.ts'), [], {
      cwd: ROOT,
      execArgv: ['--require', 'tsx/cjs'],
      env: childEnv({ BENCH_REFERENCE_TOKEN: token }),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const next = <T extends ServerMessage['type']>(
    type: T,
    wait = 10_000,
  ): Promise<Extract<ServerMessage, { type: T }>> =>
    new Promise((done, fail) => {
      const timer = setTimeout(() => {
        child.off('message', on);
        fail(new Error(`bench server: no "${type}" answer within ${wait} ms`));
      }, wait);
      const on = (m: ServerMessage): void => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', on);
        done(m as Extract<ServerMessage, { type: T }>);
      };
      child.on('message', on);
    });
  return new Promise((done, fail) => {
    const onExit = (code: number | null): void => fail(new Error(`bench server exited early (code ${String(code)})`));
    child.once('exit', onExit);
    next('listening', timeoutMs).then(
      (m) => {
        child.off('exit', onExit);
        done({
          url: m.url,
          pid: child.pid ?? 0,
          async reset() {
            const answer = next('reset');
            child.send({ type: 'reset' });
            await answer;
          },
          async stats() {
            const answer = next('stats');
            child.send({ type: 'stats' });
            const s = await answer;
            return s.firstRequestAt === undefined
              ? { requests: s.requests, rss: s.rss }
              : { requests: s.requests, firstRequestAt: s.firstRequestAt, rss: s.rss };
          },
          stop: () =>
            new Promise<void>((stopped) => {
              if (child.exitCode !== null || child.signalCode !== null) return stopped();
              const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
              child.once('exit', () => {
                clearTimeout(timer);
                stopped();
              });
              if (child.connected) child.send({ type: 'stop' });
              else child.kill('SIGTERM');
            }),
        });
      },
      (e: unknown) => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        fail(e as Error);
      },
    );
  });
}

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Epoch ms just before spawn, and the wall time until the child exited. */
  spawnedAt: number;
  wallMs: number;
}

/**
 * Runs a command as a child (no shell) with a hard time limit (SIGKILL, then this rejects); output kept up to 4 MiB
 * per stream. Rejects too when the command cannot be started.
 */
export async function runChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string },
): Promise<ChildRun> {
  const { child, result } = startChild({
    command,
    args,
    cwd: options.cwd ?? ROOT,
    env: options.env ?? childEnv(),
    stdin: 'pipe',
    timeoutMs: options.timeoutMs,
    maxOutput: 4 * 1024 * 1024,
  });
  track(child);
  const r = await result;
  if (r.error) throw r.error;
  if (r.timedOut) throw new Error(`${command} ${args.join(' ')}: still running after ${options.timeoutMs} ms; killed`);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, spawnedAt: r.startedAt, wallMs: r.durationMs };
}

/** A fresh temporary directory, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';

export const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
