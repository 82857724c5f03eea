/**
 * The Pact verifier's reply read into `verify`'s results: per pact, each interaction passed or failed (the verifier's
 * JSON report), and for each failure Pact's mismatches with the request and the target's answer as the proxy
 * recorded them. With pacts from a broker, results are mapped to pacts by the interaction ids the broker adds
 * (`_id`), and a failure of a pending pact is marked so (it does not fail the run).
 */
import { stripVTControlCharacters } from 'node:util';
import type { RequestRecord, ResponseRecord } from '../checks/types';
import type { SuiteErrorRecord } from '../engine/events';
import type { Redactor } from '../engine/redact';
import { curlFor } from '../engine/reproduce';
import { pathExpressionPattern, type PactFile, type PactInteraction } from './pact-file';
import type { PactFailure, PactFileResult, PactMismatch } from './results';
import type { RecordedExchange, WorkerReply } from './verify-protocol';

/** One pact the broker handed out, as results.json lists it. */
export interface BrokerPactResult extends PactFileResult {
  /** `file` is the pact's URL in the broker. */
  source: 'broker';
  consumerVersion: string;
  /** Pending when verified: its failures do not fail the run. */
  pending: boolean;
  /** A work-in-progress pact (includeWipPactsSince); always pending. */
  wip: boolean;
  /** Interactions of this pact that failed while it was pending. */
  pendingFailed: number;
  /** What the broker said before the verification (why this pact, whether it is pending). */
  notices: string[];
}

export interface BrokerPactFailure extends PactFailure {
  /** The failure belongs to a pending pact: reported, but it does not fail the run. */
  pending: boolean;
  consumerVersion: string;
}

/** One pact the broker names for verification, with what its pacts-for-verification entry said. */
export interface BrokerPact extends PactFile {
  consumerVersion: string;
  pending: boolean | undefined;
  wip: boolean;
  notices: string[];
  /** The broker's `_id` of each interaction, in the pact's order (undefined where it gave none). */
  ids: Array<string | undefined>;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const kx = Object.keys(x).sort();
    const ky = Object.keys(y).sort();
    return kx.length === ky.length && kx.every((k, i) => k === ky[i] && sameJson(x[k], y[k]));
  }
  return a === b;
}

function short(v: unknown, max = 500): unknown {
  if (typeof v !== 'string') return v;
  return v.length > max ? `${v.slice(0, max)}… (${v.length} characters)` : v;
}

function toMismatches(raw: unknown): PactMismatch[] {
  const list = (raw as { mismatches?: unknown })?.mismatches;
  const items: Array<Record<string, unknown>> = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
  if (items.length === 0) {
    const text = (raw as { message?: unknown })?.message;
    return [
      { type: 'Error', message: typeof text === 'string' ? stripVTControlCharacters(text) : 'the interaction failed' },
    ];
  }
  return items.map((m) => {
    const out: PactMismatch = {
      type: typeof m['type'] === 'string' ? m['type'] : 'Mismatch',
      message: stripVTControlCharacters(typeof m['mismatch'] === 'string' ? m['mismatch'] : JSON.stringify(m)),
    };
    if (typeof m['path'] === 'string') out.path = m['path'];
    if (typeof m['key'] === 'string') out.key = m['key'];
    if ('expected' in m) out.expected = short(m['expected']);
    if ('actual' in m) out.actual = short(m['actual']);
    return out;
  });
}

function describeMismatch(m: PactMismatch): string {
  const where = m.path ?? (m.key !== undefined ? `header ${m.key}` : undefined);
  return where && !m.message.includes(where) ? `${where}: ${m.message}` : m.message;
}

function headerValues(h: Record<string, string[] | string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The verifier's JSON report; with pacts from a broker, interactions carry the broker's `_id` as interactionId. */
interface VerifierJson {
  result?: boolean;
  errors?: VerifierError[];
  /** Failures of pending pacts, which do not make `result` false. */
  pendingErrors?: VerifierError[];
  interactionResults?: Array<{ description?: string; result?: string; interactionId?: string; pending?: boolean }>;
  output?: string[];
}

interface VerifierError {
  interaction?: string;
  mismatch?: { interactionId?: unknown; message?: unknown };
}

const errorFor = (description: string) => (e: VerifierError) =>
  e.interaction === description || (e.interaction?.endsWith(` - ${description}`) ?? false);

function toFailure(
  pact: PactFile,
  interaction: PactInteraction,
  mismatch: unknown,
  seen: RecordedExchange | undefined,
  target: string,
  index: number,
  redact: Redactor,
): PactFailure {
  const mismatches = toMismatches(mismatch);
  const messages = mismatches.map(describeMismatch);
  // A body with provider-state values: the one sent, as the proxy recorded it.
  const body =
    interaction.request.injected && seen?.requestBody !== undefined ? seen.requestBody : interaction.request.body;
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const request: RequestRecord = {
    method: interaction.request.method,
    // The path sent: with a provider-state path, the one the Verifier made from the state's values.
    url: target + (seen?.path ?? interaction.request.path),
    headers: seen?.requestHeaders ?? headerValues(interaction.request.headers),
  };
  if (body !== undefined) request.body = body;
  if (text !== undefined) request.text = text;
  const response: ResponseRecord = seen
    ? {
        status: seen.status,
        headers: withoutProxyHeaders(seen.responseHeaders),
        text: seen.responseText,
        durationMs: seen.durationMs,
      }
    : { status: 0, headers: {}, text: '', durationMs: 0, error: 'no answer was recorded for this interaction' };
  if (seen) {
    try {
      response.json = JSON.parse(seen.responseText) as unknown;
    } catch {
      // not JSON: the text stays
    }
  }
  return redact({
    caseId: `pact-${index}`,
    message: messages[0] ?? 'the interaction failed',
    messages,
    minimal: false,
    request: {
      ...request,
      headers: {
        ...request.headers,
        ...(request.headers['authorization'] ? { authorization: 'Bearer <redacted>' } : {}),
      },
    },
    response,
    reproduce: { seed: 0, path: `pact:${pact.file}#${interaction.description}`, curl: curlFor(request) },
    interaction: interaction.description,
    pact: pact.file,
    mismatches,
  });
}

function withoutProxyHeaders(h: Record<string, string>): Record<string, string> {
  const out = { ...h };
  delete out['x-powered-by']; // added by the Verifier's proxy, not by the target
  return out;
}

/** Whether the verifier's report says an interaction verified: its result OK, or, without one, the report's verdict. */
const verified = (json: VerifierJson, status: string | undefined): boolean =>
  (status !== undefined && status.toUpperCase() === 'OK') || (status === undefined && json.result === true);

type Verdicts = Array<{ interaction: string; passed: boolean }>;

/** A pact's line in the results (no interactions counted when the verifier gave no report for it). */
function pactResult(pact: PactFile, json: VerifierJson | undefined, failed: number, results: Verdicts): PactFileResult {
  return {
    file: pact.file,
    consumer: pact.consumer,
    provider: pact.provider,
    interactions: json ? pact.interactions.length : 0,
    failed,
    results,
  };
}

/** What the reader of a broker's report has given out already: errors attributed, interaction results taken. */
interface BrokerSeen {
  attributed: Set<VerifierError>;
  takenResults: Set<object>;
}

/**
 * Reads the worker's reply into results, a pact at a time: the pacts' lines, the failures (numbered in the order
 * read), the interactions judged, and the suite errors of reports that could not be read.
 */
export class ReplyReader {
  readonly failures: PactFailure[] = [];
  readonly pacts: Array<PactFileResult | BrokerPactResult> = [];
  cases = 0;
  pendingFailures = 0;
  /** Recorded exchanges given to a failure already: each answers one interaction. */
  private readonly used = new Set<RecordedExchange>();

  constructor(
    private readonly reply: Extract<WorkerReply, { type: 'result' }> | undefined,
    private readonly target: string,
    private readonly redact: Redactor,
    /** Where suite errors go (the run's list). */
    private readonly errors: SuiteErrorRecord[],
    /** The hint for a report that is not JSON. */
    private readonly unreadableHint: string,
    private readonly log?: (line: string) => void,
  ) {}

  /** Reads the report of each pact file. */
  readFiles(pacts: PactFile[]): void {
    for (const pact of pacts) this.readFile(pact);
  }

  /** Reads the one report of the pacts a broker handed out (BROKER_SOURCE); `label` names them in an error. */
  readBroker(source: string, pacts: BrokerPact[], label: string): void {
    const json = this.report(source, label);
    const exchanges = this.exchangesOf(source);
    const seen: BrokerSeen = { attributed: new Set(), takenResults: new Set() };
    for (const pact of pacts) this.readBrokerPact(pact, json, exchanges, seen);
    // What the verifier reports that is no interaction of the pacts read here (a pact it could not load).
    for (const e of [...(json?.errors ?? []), ...(json?.pendingErrors ?? [])]) {
      if (seen.attributed.has(e)) continue;
      const m = e.mismatch as { message?: unknown; interactionId?: unknown } | undefined;
      this.errors.push({
        code: 'verifier-failed',
        message: this.redact(
          stripVTControlCharacters(
            `${e.interaction ?? 'the verification'}: ${typeof m?.message === 'string' ? m.message : 'failed'}${typeof m?.interactionId === 'string' && m.interactionId !== '' ? ` (interaction ${m.interactionId})` : ''}`,
          ),
        ),
        hint: 'the broker may have handed out other pacts than a moment before (a publication in between): run again',
      });
    }
  }

  private readFile(pact: PactFile): void {
    const json = this.report(pact.file, pact.file);
    const exchanges = this.exchangesOf(pact.file);
    let failed = 0;
    const perInteraction: Verdicts = [];
    for (const interaction of pact.interactions) {
      if (!json) continue;
      this.cases++;
      const status = json.interactionResults?.find((r) => r.description === interaction.description)?.result;
      const error = json.errors?.find(errorFor(interaction.description));
      const passed = !error && verified(json, status);
      perInteraction.push({ interaction: interaction.description, passed });
      if (passed) continue;
      failed++;
      this.failures.push(this.failure(pact, interaction, error?.mismatch, exchanges));
    }
    this.pacts.push(pactResult(pact, json, failed, perInteraction));
  }

  private readBrokerPact(
    pact: BrokerPact,
    json: VerifierJson | undefined,
    exchanges: RecordedExchange[],
    seen: BrokerSeen,
  ): void {
    let failed = 0;
    let pendingFailed = 0;
    const perInteraction: Verdicts = [];
    pact.interactions.forEach((interaction, i) => {
      if (!json) return;
      this.cases++;
      const outcome = this.brokerInteraction(pact, interaction, pact.ids[i], json, exchanges, seen);
      perInteraction.push({ interaction: interaction.description, passed: outcome === 'passed' });
      if (outcome !== 'passed') failed++;
      if (outcome === 'pending') pendingFailed++;
    });
    this.pendingFailures += pendingFailed;
    this.pacts.push({
      ...pactResult(pact, json, failed, perInteraction),
      source: 'broker',
      consumerVersion: pact.consumerVersion,
      pending: pact.pending === true || pact.wip,
      wip: pact.wip,
      pendingFailed,
      notices: pact.notices,
    });
  }

  /** One interaction of a broker's pact, found by the broker's `_id` (by description where it gave none). */
  private brokerInteraction(
    pact: BrokerPact,
    interaction: PactInteraction,
    id: string | undefined,
    json: VerifierJson,
    exchanges: RecordedExchange[],
    seen: BrokerSeen,
  ): 'passed' | 'failed' | 'pending' {
    const match = (e: VerifierError): boolean =>
      id !== undefined ? e.mismatch?.interactionId === id : errorFor(interaction.description)(e);
    const error = json.errors?.find(match);
    const pendingError = error ? undefined : json.pendingErrors?.find(match);
    for (const e of [error, pendingError]) if (e) seen.attributed.add(e);
    const result = json.interactionResults?.find(
      (r) =>
        !seen.takenResults.has(r) &&
        (id !== undefined ? r.interactionId === id : r.description === interaction.description),
    );
    if (result) seen.takenResults.add(result);
    if (!error && !pendingError && verified(json, result?.result)) return 'passed';
    // The verifier's own word first: it lists a pending pact's failures apart.
    const pending = pendingError !== undefined || (error === undefined && (result?.pending ?? pact.pending) === true);
    const failure: BrokerPactFailure = {
      ...this.failure(pact, interaction, (error ?? pendingError)?.mismatch, exchanges),
      pending,
      consumerVersion: pact.consumerVersion,
    };
    this.failures.push(failure);
    return pending ? 'pending' : 'failed';
  }

  private failure(
    pact: PactFile,
    interaction: PactInteraction,
    mismatch: unknown,
    exchanges: RecordedExchange[],
  ): PactFailure {
    const seen = this.seenFor(interaction, exchanges);
    return toFailure(pact, interaction, mismatch, seen, this.target, this.cases, this.redact);
  }

  /** The verifier's JSON report of a pact file (or of the broker's pacts), its output logged; undefined if none. */
  private report(file: string, label: string): VerifierJson | undefined {
    const fileResult = this.reply?.files.find((f) => f.file === file);
    if (!fileResult) return undefined;
    try {
      const json = JSON.parse(fileResult.raw) as VerifierJson;
      for (const line of json.output ?? [])
        for (const l of this.redact(stripVTControlCharacters(line)).split('\n')) this.log?.(l);
      return json;
    } catch {
      this.errors.push({
        code: 'verifier-failed',
        message: this.redact(
          `the Pact verifier could not verify ${label}: ${stripVTControlCharacters(fileResult.raw).split('\n')[0] ?? ''}`,
        ),
        hint: this.unreadableHint,
      });
      return undefined;
    }
  }

  private exchangesOf(source: string): RecordedExchange[] {
    return this.reply?.exchanges.filter((e) => e.pact === source) ?? [];
  }

  /**
   * The recorded exchange of an interaction: the first not yet used with its method, path and body. A provider-state
   * path matches any path its expression can become; a body with provider-state values (an id the state made) is
   * matched by method and path alone.
   */
  private seenFor(interaction: PactInteraction, exchanges: RecordedExchange[]): RecordedExchange | undefined {
    const req = interaction.request;
    const pattern = req.pathExpression !== undefined ? pathExpressionPattern(req.pathExpression) : undefined;
    const samePath = (path: string): boolean => (pattern ? pattern.test(path) : path === req.path);
    const candidates = exchanges.filter(
      (e) =>
        !this.used.has(e) &&
        e.method.toUpperCase() === req.method.toUpperCase() &&
        samePath(e.path.split('?')[0] ?? ''),
    );
    const seen =
      candidates.find((e) => sameJson(e.requestBody, req.body)) ?? (req.injected ? candidates[0] : undefined);
    if (seen) this.used.add(seen);
    return seen;
  }
}
