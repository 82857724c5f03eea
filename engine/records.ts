/** Turning what a target sent into ResponseRecords: headers, bodies (decompressed within the cap), no-answers. */
import type http from 'node:http';
import zlib from 'node:zlib';
import type { ResponseRecord } from '../checks/types';

export function lowerHeaders(raw: http.IncomingHttpHeaders | Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A response that never came (timeout, reset, too large): status 0 and the reason. */
export function noResponse(reason: string, durationMs: number): ResponseRecord {
  return { status: 0, headers: {}, text: '', durationMs, error: reason };
}

export function decode(buf: Buffer, encoding: string | undefined, cap: number): Buffer {
  const enc = (encoding ?? '').trim().toLowerCase();
  // maxOutputLength stops a compression bomb at the same cap as a plain body.
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(buf, { maxOutputLength: cap });
  if (enc === 'deflate') return zlib.inflateSync(buf, { maxOutputLength: cap });
  if (enc === 'br') return zlib.brotliDecompressSync(buf, { maxOutputLength: cap });
  return buf;
}

export function toRecord(
  status: number,
  headers: Record<string, string>,
  buf: Buffer,
  durationMs: number,
): ResponseRecord {
  const text = buf.toString('utf8');
  const json = parseJson(text);
  const rec: ResponseRecord = { status, headers, text, durationMs };
  if (json !== undefined) rec.json = json;
  return rec;
}

/** Why a request got no answer, from the error the client gave. */
export function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const kind = err.code ?? (err.name && err.name !== 'Error' ? err.name : 'error');
  return `${kind}: ${err.message}`;
}
