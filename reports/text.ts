import type { Failure, RunResults } from '../engine/events';

/**
 * Text helpers shared by the report writers: escaping for XML, HTML and Markdown, safe truncation, and the
 * rendering of request/response records with credential headers blanked.
 */

/** Header names whose values never reach a report, whatever the redactor upstream did. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

export const HIDDEN = '<hidden>';

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/**
 * Replaces every character XML 1.0 does not allow (C0 controls other than tab, LF and CR; lone surrogates;
 * U+FFFE and U+FFFF) and the discouraged C1 controls and DEL by a visible `\uXXXX`, so a reader still sees
 * that they were there. Astral characters (valid surrogate pairs) are kept as they are.
 */
export function visibleControls(text: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let bad = false;
    if (c < 0x20) bad = c !== 0x09 && c !== 0x0a && c !== 0x0d;
    else if (c >= 0x7f && c <= 0x9f) bad = true;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: keep both halves
        continue;
      }
      bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    else if (c === 0xfffe || c === 0xffff) bad = true;
    if (bad) {
      out += text.slice(plainFrom, i) + hex4(c);
      plainFrom = i + 1;
    }
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom);
}

/** Escapes text content for XML 1.0 (`]]>` cannot survive since every `>` is escaped). */
export function xmlText(text: string): string {
  return visibleControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escapes an XML attribute value (double-quoted); tabs and line breaks become references so they survive. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function html(text: string): string {
  return visibleControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair, and says how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/** Markdown inline text for a table cell or a paragraph: one line, no HTML, no table breaks. */
export function mdInline(text: string): string {
  return visibleControls(text)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([`*_[\]#~])/g, '\\$1');
}

/** Markdown inline code: a backtick fence longer than any run inside. */
export function mdCode(text: string): string {
  const clean = visibleControls(text).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`.replace(/\|/g, '\\|');
}

/** A fenced Markdown code block whose fence no line of the content can close. */
export function mdFence(text: string, lang = ''): string {
  const clean = visibleControls(text).replace(/\r\n?/g, '\n');
  const longest = Math.max(0, ...(clean.match(/`{3,}/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${clean}${clean.endsWith('\n') ? '' : '\n'}${fence}`;
}

/** Header lines "name: value", with credential headers blanked. */
export function headerLines(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${SECRET_HEADERS.has(k.toLowerCase()) ? HIDDEN : v}`)
    .join('\n');
}

/** The curl command with any credential header given by -H blanked (Authorization stays "$GRAPH_TOKEN"). */
export function safeCurl(curl: string): string {
  // curlFor single-quotes each header ('\'' inside); only its Authorization line is double-quoted "$GRAPH_TOKEN".
  return curl.replace(
    /-H '((?:proxy-)?authorization|cookie|set-cookie|x-api-key):(?:[^']|'\\'')*'/gi,
    (_whole: string, name: string) => `-H '${name}: ${HIDDEN}'`,
  );
}

/** The request body as a reader wants it: pretty JSON when that is exactly what was sent, else the raw text. */
export function requestBody(req: Failure['request']): string {
  if (req.body !== undefined) {
    const compact = JSON.stringify(req.body);
    if (req.text === undefined || req.text === compact) return JSON.stringify(req.body, null, 2);
  }
  return req.text ?? '';
}

/** The response body: pretty JSON when it parsed and re-serialises to the same text, else the raw text. */
export function responseBody(res: Failure['response']): string {
  return prettyJson(res) ? JSON.stringify(res.json, null, 2) : res.text;
}

/** True when the response body is JSON that re-serialises to exactly the text received. */
export function prettyJson(res: Failure['response']): boolean {
  return res.json !== undefined && JSON.stringify(res.json) === res.text;
}

/** "12.3 ms", "1.20 s". */
export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/**
 * What waiting cost the run, in one line, or undefined when nothing was waited for: throttled answers (429/503 with
 * Retry-After) sent again, and read-backs sent again after a 404 (replication delay). Every report shows it.
 */
export function retryLine(results: Pick<RunResults, 'throttling' | 'readBackRetries'>): string | undefined {
  const parts: string[] = [];
  const t = results.throttling;
  if (t && t.throttledResponses > 0)
    parts.push(
      `throttled ${t.throttledResponses} time(s), ${t.retries} retried, ${(t.waitedMs / 1000).toFixed(1)} s waited${t.gaveUp ? ', then gave up' : ''}`,
    );
  const r = results.readBackRetries;
  if (r && r.retried > 0)
    parts.push(
      `${r.retried} read-back(s) got 404 and were sent again (${r.healed} then found the entity, ${(r.waitedMs / 1000).toFixed(1)} s waited)`,
    );
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/**
 * What the run left on the target, in one line, or undefined when it created nothing: "created 203, deleted 203", or
 * with what it could not delete ("3 LEFT ON THE TARGET: id (the DELETE answered 405), ..."). Every report shows it;
 * leftovers make it a warning line, never silence.
 */
export function cleanupLine(results: Pick<RunResults, 'cleanup'>): { text: string; warning: boolean } | undefined {
  const c = results.cleanup;
  if (!c || (c.created === 0 && c.withoutId === 0)) return undefined;
  const parts = [`created ${c.created}, ${c.kept ? 'kept on the target (--keep-created)' : `deleted ${c.deleted}`}`];
  const left = c.leftovers.length + (c.leftOut ?? 0);
  if (left > 0 && !c.kept) {
    const shown = c.leftovers.slice(0, 5).map((l) => `${l.id} (${l.reason})`);
    const more = left - shown.length;
    parts.push(
      `${left} LEFT ON THE TARGET: ${shown.join(', ')}${more > 0 ? `, and ${more} more in results.json` : ''}`,
    );
  }
  if (c.withoutId > 0)
    parts.push(`${c.withoutId} create(s) answered 2xx without an id, so the suite cannot delete them`);
  return { text: parts.join('; '), warning: (left > 0 && !c.kept) || c.withoutId > 0 };
}

/** A finding's expected or actual value in one short line (JSON, cut at `max`); "(absent)" for undefined. */
export function detailValue(v: unknown, max = 200): string {
  if (v === undefined) return '(absent)';
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return truncate(text, max);
}

/** The failure's findings that say where and what (pointer, expected, actual); empty when none does. */
export function structuredDetails(f: Failure): NonNullable<Failure['details']> {
  return (f.details ?? []).filter((d) => d.pointer !== undefined || d.expected !== undefined || d.actual !== undefined);
}
