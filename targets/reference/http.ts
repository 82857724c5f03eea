import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the handler decides to send, before it is written. Header names are lower-case, so a hook that removes or
 * replaces one (`location`, `content-type`) finds it.
 */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Serialised as JSON unless the answer carries a `rawBody`; undefined means no body (204). */
  body?: unknown;
  /** Sent as-is instead of `body` (used by faults that want a non-JSON body). */
  rawBody?: string;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Graph's top-level error codes: the HTTP status name in camelCase. */
export const ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  409: 'conflict',
  413: 'payloadTooLarge',
  415: 'unsupportedMediaType',
  500: 'internalServerError',
};

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/**
 * An answer in the OData JSON error shape `{"error":{"code","message","target"?,"details"?}}`. The handler adds
 * Graph's `innerError` {date, request-id, client-request-id} when it sends it (withRequestIds).
 */
export function errorAnswer(
  status: number,
  message: string,
  options: { details?: ErrorDetail[]; headers?: Record<string, string>; target?: string } = {},
): Answer {
  const error: Record<string, unknown> = { code: ERROR_CODES[status] ?? `http${status}`, message };
  if (options.target !== undefined) error['target'] = options.target;
  if (options.details && options.details.length > 0) error['details'] = options.details;
  return { status, headers: { ...options.headers }, body: { error } };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body };
}

/** The ids Graph puts on every answer: its own `request-id`, and the client's `client-request-id`. */
export interface RequestIds {
  request: string;
  client: string;
}

/**
 * A client-request-id is echoed when it is one a header can carry back (1 to 128 printable ASCII characters, as
 * Graph's GUIDs and the SDKs' ids are); otherwise, or when none was sent, the service makes one up, as Graph does.
 */
export function requestIdsOf(req: IncomingMessage, newId: () => string = randomUUID): RequestIds {
  const sent = req.headers['client-request-id'];
  const client = typeof sent === 'string' && /^[\x21-\x7e]{1,128}$/.test(sent) ? sent : newId();
  return { request: newId(), client };
}

/** innerError's date as Graph writes it: UTC, to the second, without a zone designator. */
export const innerErrorDate = (at: Date): string => at.toISOString().slice(0, 19);

/**
 * Graph's answer dressing: `request-id` and `client-request-id` headers on every answer, and on an error in the
 * OData shape, `error.innerError` {date, request-id, client-request-id} (what Graph writes, and what the Graph SDKs
 * read a GraphError's requestId and date from). An innerError already there is left as it is. The clock is read
 * for errors only.
 */
export function withRequestIds(answer: Answer, ids: RequestIds, now: () => Date = () => new Date()): Answer {
  const headers = { ...answer.headers, 'request-id': ids.request, 'client-request-id': ids.client };
  const body = answer.body;
  if (answer.status < 400 || answer.rawBody !== undefined || typeof body !== 'object' || body === null)
    return { ...answer, headers };
  const error = (body as Record<string, unknown>)['error'];
  if (typeof error !== 'object' || error === null || Array.isArray(error) || 'innerError' in error)
    return { ...answer, headers };
  const innerError = { date: innerErrorDate(now()), 'request-id': ids.request, 'client-request-id': ids.client };
  return { ...answer, headers, body: { ...body, error: { ...error, innerError } } };
}

/** Writes an answer. A body JSON.stringify cannot write (it should never happen) becomes a 500 in the error shape. */
export function sendAnswer(res: ServerResponse, answer: Answer): void {
  let payload: string | undefined = answer.rawBody;
  if (payload === undefined && answer.body !== undefined) {
    try {
      payload = JSON.stringify(answer.body);
    } catch {
      answer = errorAnswer(500, 'the response body could not be serialised');
      payload = JSON.stringify(answer.body);
    }
  }
  const headers: Record<string, string> = { 'odata-version': '4.0', ...answer.headers };
  if (payload !== undefined) {
    if (headers['content-type'] === undefined) headers['content-type'] = JSON_CONTENT_TYPE;
    headers['content-length'] = String(Buffer.byteLength(payload, 'utf8'));
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/** The media type and charset of a Content-Type header (lower-case), or undefined when there is none. */
export function parseContentType(header: string | undefined): { mediaType: string; charset?: string } | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() === 'charset')
      charset = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return charset === undefined
    ? { mediaType: type.trim().toLowerCase() }
    : { mediaType: type.trim().toLowerCase(), charset };
}

/** undefined when the request declares JSON in UTF-8; otherwise the 415 answer. */
export function requireJson(req: IncomingMessage): Answer | undefined {
  const ct = parseContentType(req.headers['content-type']);
  if (ct === undefined) return errorAnswer(415, 'the request has no Content-Type; send the body as application/json');
  if (ct.mediaType !== 'application/json')
    return errorAnswer(415, `Content-Type ${ct.mediaType} is not supported; send the body as application/json`);
  if (ct.charset !== undefined && ct.charset !== 'utf-8' && ct.charset !== 'utf8')
    return errorAnswer(415, `charset ${ct.charset} is not supported; send the body in UTF-8`);
  return undefined;
}

export type BodyOutcome = { ok: true; bytes: Buffer } | { ok: false; answer: Answer };

/**
 * Reads a request body of at most maxBytes. Over the limit it stops keeping bytes at once and answers 413 with
 * `Connection: close`, so the server drops the connection after the answer instead of reading the rest.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyOutcome> {
  const tooLarge = (): BodyOutcome => ({
    ok: false,
    answer: errorAnswer(413, `the request body is larger than ${maxBytes} bytes`, {
      headers: { connection: 'close' },
    }),
  });
  const declared = req.headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes)
    return Promise.resolve(tooLarge());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: BodyOutcome): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onError = (): void =>
      settle({ ok: false, answer: errorAnswer(400, 'the request body could not be read (connection aborted)') });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Decodes UTF-8 strictly (a byte-order mark is dropped); undefined when the bytes are not valid UTF-8. The same
 * answers as `new TextDecoder('utf-8', { fatal: true }).decode(bytes)`, at a fraction of the cost: buffer.isUtf8
 * validates (overlong forms, surrogates and truncated sequences are refused, as the decoder refuses them) and
 * Buffer#toString decodes.
 */
export function decodeUtf8(bytes: Buffer): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
