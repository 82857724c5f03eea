import type { RequestRecord } from '../checks/types';

/** Single-quotes a value for POSIX shells. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The token a reproduction of a wrong-token case sends: plainly not a real one. */
export const WRONG_TOKEN = 'not-a-valid-token';

/**
 * A curl command that sends the same request. The token never appears: Authorization becomes
 * "Bearer $GRAPH_TOKEN", so the command works once the reader exports the variable; for a case that sent a wrong
 * token on purpose (`wrongToken`), it sends WRONG_TOKEN instead, as the case did.
 */
export function curlFor(req: RequestRecord, wrongToken = false): string {
  const parts = ['curl', '-sS', '-i', '-X', req.method, shellQuote(req.url)];
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.toLowerCase() === 'content-length') continue;
    if (k.toLowerCase() === 'authorization') {
      parts.push(
        '-H',
        wrongToken ? shellQuote(`Authorization: Bearer ${WRONG_TOKEN}`) : `"Authorization: Bearer $GRAPH_TOKEN"`,
      );
      continue;
    }
    parts.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (req.text !== undefined) parts.push('--data-binary', shellQuote(req.text));
  return parts.join(' ');
}
