/** What `verify` and its child process (verify-worker.ts) exchange; no Pact code, so the parent never loads Pact. */

/** The environment variable that carries the token to the child (never argv, never IPC). */
export const TOKEN_ENV = 'CONFORMANCE_PACT_VERIFY_TOKEN';
/** The environment variable that carries the Pact Broker token to the child (never argv, never IPC). */
export const BROKER_TOKEN_ENV = 'CONFORMANCE_PACT_BROKER_TOKEN';
/**
 * Variables Pact's verifier reads by itself (pact-core falls back to them when an option is not given). The parent
 * removes them from the child's environment, so only what `verify` was told reaches the verifier: a stray
 * PACT_BROKER_BASE_URL or PACT_BROKER_PUBLISH_VERIFICATION_RESULTS in a CI environment changes nothing.
 */
export const PACT_BROKER_ENV = [
  'PACT_BROKER_BASE_URL',
  'PACT_BROKER_TOKEN',
  'PACT_BROKER_USERNAME',
  'PACT_BROKER_PASSWORD',
  'PACT_BROKER_PUBLISH_VERIFICATION_RESULTS',
];
/** How the worker labels the broker's results and exchanges (in place of a pact file). */
export const BROKER_SOURCE = 'pact-broker';

/** A consumer version selector as the Pact Broker reads it (https://docs.pact.io/selectors). */
export interface ConsumerVersionSelector {
  mainBranch?: boolean;
  branch?: string;
  matchingBranch?: boolean;
  fallbackBranch?: string;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  released?: boolean;
  environment?: string;
  latest?: boolean;
  tag?: string;
  fallbackTag?: string;
  consumer?: string;
}

/** The pacts come from a Pact Broker: the Verifier's own broker options (the token travels in BROKER_TOKEN_ENV). */
export interface WorkerBrokerSource {
  url: string;
  provider: string;
  consumerVersionSelectors: ConsumerVersionSelector[];
  enablePending: boolean;
  includeWipPactsSince?: string;
  /** Publish each pact's verification result to the broker as this provider version. */
  publishVerificationResult: boolean;
  providerVersion?: string;
  providerVersionBranch?: string;
}

export interface WorkerRequest {
  type: 'verify';
  target: string;
  /** Pact files (none when `broker` is set). */
  pacts: string[];
  broker?: WorkerBrokerSource;
  timeoutMs: number;
}

/** What went through the Verifier's proxy: one replayed request and the target's answer. */
export interface RecordedExchange {
  /** The pact file, or BROKER_SOURCE. */
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
  /** The pact file, or BROKER_SOURCE for every pact the broker handed out. */
  file: string;
  /** Pact's verdict: true when every interaction verified (failures of pending pacts aside). */
  ok: boolean;
  /** The verifier's JSON report (pactffi_verifier_json), or the error text when it could not run. */
  raw: string;
}

export type WorkerReply =
  | {
      type: 'result';
      files: WorkerFileResult[];
      exchanges: RecordedExchange[];
      /** How often each provider state's setup ran. */
      states: Record<string, number>;
      /** Each provider state setup that failed: what went wrong (a request and its status; never a header). */
      stateFailures: string[];
    }
  | { type: 'crash'; message: string };
