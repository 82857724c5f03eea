import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AuthOutcome = 'ok' | 'missing' | 'invalid';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>`. Both sides are hashed first so timingSafeEqual compares equal-length
 * buffers: the time taken depends neither on where the tokens differ nor on their lengths.
 */
export function createBearerCheck(token: string | undefined): (req: IncomingMessage) => AuthOutcome {
  if (token === undefined) return () => 'ok';
  const expected = digest(token);
  return (req) => {
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') return 'missing';
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!m || m[1] === undefined) return 'invalid';
    return timingSafeEqual(digest(m[1]), expected) ? 'ok' : 'invalid';
  };
}

/** The WWW-Authenticate value for a 401 (RFC 6750 section 3). */
export function challenge(outcome: Exclude<AuthOutcome, 'ok'>): string {
  return outcome === 'missing'
    ? 'Bearer realm="conformance-reference"'
    : 'Bearer realm="conformance-reference", error="invalid_token"';
}
