/**
 * A failing sequence as a shell script: one curl per request, in order. The ids the target gave are not literal in
 * the script: each create's answer is read into a variable (with node, which every user of the suite has) and later
 * requests use it where the id stands as an id (a path segment, percent-encoded; a JSON string value, escaped), so
 * the script replays against a fresh target. The token is "$GRAPH_TOKEN", never its value.
 */
import { randomBytes } from 'node:crypto';
import { asObject, type RequestRecord } from '../../checks/types';
import { curlFor } from '../reproduce';
import type { Step } from './client';

const READ_ID = `node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(String(JSON.parse(s).id??"")))'`;
/** The id as a path segment (percent-encoded) and as the inside of a JSON string, from the raw id in "$1". */
const PATH_FORM = `node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))'`;
const JSON_FORM = `node -e 'process.stdout.write(JSON.stringify(process.argv[1]).slice(1,-1))'`;

/**
 * The request with each id the target gave replaced by a marker, only where it stands as an id: a whole path segment
 * of the URL, or a whole string value of the JSON body. Text that merely contains the id's characters (a port, a
 * host, another value) is left alone. Markers are letters, digits and '@', which neither JSON nor shellQuote alters.
 */
function marked(
  req: RequestRecord,
  ids: ReadonlyMap<string, string>,
  mark: (name: string, form: 'path' | 'json') => string,
): RequestRecord {
  if (ids.size === 0) return req;
  const out: RequestRecord = { ...req, url: markPath(req.url, ids, mark) };
  if (req.text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(req.text);
    } catch {
      return out;
    }
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') {
        const name = ids.get(v);
        return name === undefined ? v : mark(name, 'json');
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    out.text = JSON.stringify(walk(json));
  }
  return out;
}

/** The URL with every path segment that is an id (percent-decoded) replaced by its marker; origin and query kept. */
function markPath(url: string, ids: ReadonlyMap<string, string>, mark: (name: string, form: 'path') => string): string {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url)?.[0] ?? '';
  const rest = url.slice(origin.length);
  const q = rest.search(/[?#]/);
  const path = q < 0 ? rest : rest.slice(0, q);
  const tail = q < 0 ? '' : rest.slice(q);
  const segments = path.split('/').map((seg) => {
    let decoded = seg;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      return seg;
    }
    const name = ids.get(decoded);
    return name === undefined ? seg : mark(name, 'path');
  });
  return origin + segments.join('/') + tail;
}

export function sequenceScript(steps: readonly Step[]): string {
  const lines = [
    '#!/bin/sh',
    '# The failing sequence, request by request (export GRAPH_TOKEN first when the target needs one).',
    'set -e',
  ];
  const ids = new Map<string, string>();
  const nonce = randomBytes(6).toString('hex');
  const mark = (name: string, form: 'path' | 'json'): string => `@@${nonce}@${name}@${form}@@`;
  const markers = new RegExp(`@@${nonce}@(id\\d+)@(path|json)@@`, 'g');
  for (const step of steps) {
    if (step.label === 'clean up') continue;
    const curl = curlFor(marked(step.request, ids, mark)).replace(
      markers,
      (_, name: string, form: string) => `'"$${name}_${form}"'`,
    );
    const id = asObject(step.response.json)?.['id'];
    const creates =
      step.request.method === 'POST' && step.response.status === 201 && typeof id === 'string' && id !== '';
    lines.push(`# ${step.label}: answered ${step.response.status}`);
    if (creates && !ids.has(id)) {
      const name = `id${ids.size + 1}`;
      ids.set(id, name);
      lines.push(
        `${name}=$(${curl.replace(/^curl -sS -i /, 'curl -sS ')} | ${READ_ID})`,
        `${name}_path=$(${PATH_FORM} "$${name}")`,
        `${name}_json=$(${JSON_FORM} "$${name}")`,
        `echo "${name}=$${name}"`,
      );
    } else lines.push(curl, 'echo');
  }
  return lines.join('\n');
}
