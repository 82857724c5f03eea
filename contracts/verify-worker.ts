/**
 * The child process of `verify`: runs @pact-foundation/pact's Verifier and hands the result back over IPC.
 *
 * Why a child: Pact's verifier is Rust code that prints its report straight to file descriptor 1, and that report
 * quotes what the target answered. Running it here, with stdout and stderr piped to the parent, lets the parent
 * decide what is shown and scrub every occurrence of the token first (a target may echo it back).
 *
 * The token arrives in the environment (never on the command line, never over IPC) and is removed from it at once.
 * It is added to each replayed request by the Verifier's request filter, inside the Verifier's proxy, so the Rust
 * verifier never holds it and no pact contains it.
 *
 * Provider states (states.ts): the lifecycle states create a configuration through the target's own POST, so their
 * handlers get the target and the token (in their closure only: never in a message, a return value or the reply).
 * A setup that fails is recorded (its message names the request and the status) and reported by the parent.
 *
 * Pacts from a Pact Broker: the Verifier's own broker options (pactBrokerUrl, provider, consumerVersionSelectors,
 * enablePending, includeWipPactsSince, publishVerificationResult, providerVersion, providerVersionBranch,
 * pactBrokerToken) in one Verifier run, so pending and WIP pacts and the publication of results follow Pact's rules.
 * The broker token arrives in the environment too and goes to the Verifier as pactBrokerToken, never printed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { stateHandlers, type StateHandler, type StateTarget } from './states';
import {
  BROKER_SOURCE,
  BROKER_TOKEN_ENV,
  TOKEN_ENV,
  type RecordedExchange,
  type WorkerFileResult,
  type WorkerReply,
  type WorkerRequest,
} from './verify-protocol';

type FilterRequest = IncomingMessage & { path?: string; originalUrl?: string; body?: unknown };

function headerRecord(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** The Verifier's request filter: adds the token, and records each exchange that passes through the proxy. */
export function requestFilter(token: string | undefined, pact: string, exchanges: RecordedExchange[]) {
  return (req: FilterRequest, res: ServerResponse, next: () => void): void => {
    const path = req.originalUrl ?? req.url ?? '';
    // State setup and message calls are the Verifier talking to its own proxy, not requests to the target.
    if (path.startsWith('/_pactSetup') || path.startsWith('/_messages')) return next();
    if (token !== undefined) req.headers['authorization'] = `Bearer ${token}`;
    const started = performance.now();
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown): void => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk);
      const requestHeaders = headerRecord(req.headers);
      if (requestHeaders['authorization'] !== undefined) requestHeaders['authorization'] = 'Bearer <redacted>';
      // The proxy's own connection headers, not what a client of the target would send.
      delete requestHeaders['host'];
      delete requestHeaders['content-length'];
      const body = req.body;
      exchanges.push({
        pact,
        method: req.method ?? 'GET',
        path,
        requestHeaders,
        ...(body === undefined || (body instanceof Buffer && body.length === 0)
          ? {}
          : { requestBody: body instanceof Buffer ? body.toString('utf8') : body }),
        status: res.statusCode,
        responseHeaders: headerRecord(res.getHeaders()),
        responseText: Buffer.concat(chunks).toString('utf8'),
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      return end(chunk, ...rest);
    }) as typeof res.end;
    next();
  };
}

/** The Verifier's options for pacts from a broker (the Verifier fetches them and, if asked, publishes results). */
export function brokerVerifierOptions(
  broker: NonNullable<WorkerRequest['broker']>,
  brokerToken: string | undefined,
): Partial<VerifierOptions> {
  return {
    provider: broker.provider,
    pactBrokerUrl: broker.url,
    ...(brokerToken !== undefined ? { pactBrokerToken: brokerToken } : {}),
    consumerVersionSelectors: broker.consumerVersionSelectors,
    enablePending: broker.enablePending,
    ...(broker.includeWipPactsSince !== undefined ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
    ...(broker.providerVersionBranch !== undefined ? { providerVersionBranch: broker.providerVersionBranch } : {}),
    ...(broker.providerVersion !== undefined ? { providerVersion: broker.providerVersion } : {}),
    // pact-core refuses publishVerificationResult without providerVersion even when it is false: only when asked.
    ...(broker.publishVerificationResult ? { publishVerificationResult: true } : {}),
    failIfNoPactsFound: true,
  };
}

/** The handlers with each setup's failure recorded in `failures` (and still thrown, so Pact reports it too). */
export function recordingFailures(
  handlers: Record<string, StateHandler>,
  failures: string[],
): Record<string, StateHandler> {
  const out: Record<string, StateHandler> = {};
  for (const [state, h] of Object.entries(handlers))
    out[state] = {
      ...h,
      setup: (params) =>
        h.setup(params).catch((e: unknown) => {
          failures.push(e instanceof Error ? e.message : String(e));
          throw e;
        }),
    };
  return out;
}

/** Verifies each pact file in turn (one Verifier per file, so each result names its file), or the broker's pacts. */
export async function verifyInProcess(
  request: WorkerRequest,
  token: string | undefined,
  brokerToken?: string,
): Promise<Extract<WorkerReply, { type: 'result' }>> {
  const exchanges: RecordedExchange[] = [];
  const calls = new Map<string, number>();
  const stateFailures: string[] = [];
  const target: StateTarget = {
    url: request.target,
    ...(token !== undefined ? { token } : {}),
    timeoutMs: request.timeoutMs,
  };
  const states = (): Record<string, StateHandler> => recordingFailures(stateHandlers(calls, target), stateFailures);
  const files: WorkerFileResult[] = [];
  if (request.broker) {
    const verifier = new Verifier({
      providerBaseUrl: request.target,
      ...brokerVerifierOptions(request.broker, brokerToken),
      logLevel: 'error',
      timeout: request.timeoutMs,
      stateHandlers: states() as VerifierOptions['stateHandlers'],
      requestFilter: requestFilter(token, BROKER_SOURCE, exchanges) as never,
    });
    try {
      files.push({ file: BROKER_SOURCE, ok: true, raw: await verifier.verifyProvider() });
    } catch (e) {
      files.push({ file: BROKER_SOURCE, ok: false, raw: e instanceof Error ? e.message : String(e) });
    }
  }
  for (const file of request.broker ? [] : request.pacts) {
    const verifier = new Verifier({
      providerBaseUrl: request.target,
      pactUrls: [file],
      logLevel: 'error',
      timeout: request.timeoutMs,
      stateHandlers: states() as VerifierOptions['stateHandlers'],
      requestFilter: requestFilter(token, file, exchanges) as never,
    });
    try {
      files.push({ file, ok: true, raw: await verifier.verifyProvider() });
    } catch (e) {
      files.push({ file, ok: false, raw: e instanceof Error ? e.message : String(e) });
    }
  }
  return { type: 'result', files, exchanges, states: Object.fromEntries(calls), stateFailures };
}

function main(): void {
  const token = process.env[TOKEN_ENV];
  const brokerToken = process.env[BROKER_TOKEN_ENV];
  delete process.env[TOKEN_ENV];
  delete process.env[BROKER_TOKEN_ENV];
  const send = (reply: WorkerReply): void => {
    // Exit at once: Pact's native side may keep handles open, and the parent has what it needs.
    process.send?.(reply, () => process.exit(0));
  };
  process.once('message', (message: WorkerRequest) => {
    const nonEmpty = (t: string | undefined): string | undefined => (t === '' ? undefined : t);
    verifyInProcess(message, nonEmpty(token), nonEmpty(brokerToken)).then(send, (e: unknown) =>
      send({ type: 'crash', message: e instanceof Error ? e.message : String(e) }),
    );
  });
}

if (require.main === module) main();
