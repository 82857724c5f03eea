import type { RequestRecord } from '../checks/types';

/** Single-quotes a value for POSIX shells. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that sends the same request. The token never appears: Authorization becomes
 * "Bearer $GRAPH_TOKEN", so the command works once the reader exports the variable.
 */
export function curlFor(req: RequestRecord): string {
  const parts = ['curl', '-sS', '-i', '-X', req.method, shellQuote(req.url)];
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.toLowerCase() === 'content-length') continue;
    if (k.toLowerCase() === 'authorization') {
      parts.push('-H', `"Authorization: Bearer $GRAPH_TOKEN"`);
      continue;
    }
    parts.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (req.text !== undefined) parts.push('--data-binary', shellQuote(req.text));
  return parts.join(' ');
}
