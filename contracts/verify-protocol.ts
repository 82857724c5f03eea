/** What `verify` and its child process (verify-worker.ts) exchange; no Pact code, so the parent never loads Pact. */

/** The environment variable that carries the token to the child (never argv, never IPC). */
export const TOKEN_ENV = 'CONFORMANCE_PACT_VERIFY_TOKEN';

export interface WorkerRequest {
  type: 'verify';
  target: string;
  pacts: string[];
  timeoutMs: number;
}

/** What went through the Verifier's proxy: one replayed request and the target's answer. */
export interface RecordedExchange {
  pact: string;
  method: string;
  path: string;
  /** Request headers as sent to the target, Authorization redacted. */
  requestHeaders: Record<string, string>;
  /** The JSON body as parsed by the proxy, or the text. */
  requestBody?: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseText: string;
  durationMs: number;
}

export interface WorkerFileResult {
  file: string;
  /** Pact's verdict: true when every interaction verified. */
  ok: boolean;
  /** The verifier's JSON report (pactffi_verifier_json), or the error text when it could not run. */
  raw: string;
}

export type WorkerReply =
  | { type: 'result'; files: WorkerFileResult[]; exchanges: RecordedExchange[]; states: Record<string, number> }
  | { type: 'crash'; message: string };
