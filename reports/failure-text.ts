import type { Failure } from '../engine/events';
import { detailValue, headerLines, requestBody, responseBody, safeCurl, structuredDetails, truncate } from './text';

/** How much of a body or a curl command the text reports show before cutting (the cases/ files keep more). */
export const BODY_LIMIT = 2000;
export const CURL_LIMIT = 4000;

/**
 * A failure as plain text (JUnit failure bodies, system-out): messages, the request and response with credential
 * headers hidden, and the reproduction (with the `replay` command when the failure was saved to cases/). Unescaped: the caller escapes for its format.
 */
export function failureText(f: Failure, replayFile?: string): string {
  const lines: string[] = [];
  lines.push(`${f.minimal ? 'minimal counterexample' : 'counterexample'} (case ${f.caseId})`);
  for (const m of f.messages.length > 0 ? f.messages : [f.message]) lines.push(`- ${m}`);
  for (const d of structuredDetails(f))
    lines.push(
      `  at ${d.pointer === undefined ? '—' : d.pointer || '/'}: expected ${detailValue(d.expected)}, actual ${detailValue(d.actual)}`,
    );
  if (f.invalid) lines.push(`invalid on purpose: ${f.invalid.rule} at ${f.invalid.pointer || '/'}`);
  lines.push('');
  lines.push(`request: ${f.request.method} ${f.request.url}`);
  const reqHeaders = headerLines(f.request.headers);
  if (reqHeaders) lines.push(reqHeaders);
  lines.push('');
  lines.push(truncate(requestBody(f.request), BODY_LIMIT));
  lines.push('');
  lines.push(
    `response: ${f.response.status === 0 ? `no answer (${f.response.error ?? 'unknown'})` : f.response.status}`,
  );
  const resHeaders = headerLines(f.response.headers);
  if (resHeaders) lines.push(resHeaders);
  lines.push('');
  lines.push(truncate(responseBody(f.response), BODY_LIMIT));
  if (f.readBack) {
    lines.push('');
    lines.push(`read back: ${f.readBack.request.method} ${f.readBack.request.url} -> ${f.readBack.response.status}`);
    lines.push(truncate(responseBody(f.readBack.response), BODY_LIMIT));
  }
  lines.push('');
  if (f.sequence) lines.push(`sequence: ${f.sequence.commands.map((cmd, i) => `${i + 1}. ${cmd}`).join('; ')}`);
  lines.push(`reproduce: seed ${f.reproduce.seed}, path ${f.reproduce.path}`);
  if (replayFile) lines.push(`  conformance replay ${replayFile} --target <url>`);
  lines.push(`  ${truncate(safeCurl(f.reproduce.curl), CURL_LIMIT)}`);
  return lines.join('\n');
}
