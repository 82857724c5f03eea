/**
 * A failing sequence as a shell script: one curl per request, in order. The ids the target gave are not literal in
 * the script: each create's answer is read into a variable (with node, which every user of the suite has) and later
 * requests use it, so the script replays against a fresh target. The token is "$GRAPH_TOKEN", never its value.
 */
import { asObject } from '../../checks/types';
import { curlFor } from '../reproduce';
import type { Step } from './client';

const READ_ID = `node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(String(JSON.parse(s).id??"")))'`;

/** The literal id replaced by "$idN" inside a single-quoted shell word. */
function withVariables(line: string, ids: ReadonlyMap<string, string>): string {
  let out = line;
  for (const [id, name] of ids) {
    for (const form of new Set([id, encodeURIComponent(id)])) out = out.split(form).join(`'"$${name}"'`);
  }
  return out;
}

export function sequenceScript(steps: readonly Step[]): string {
  const lines = [
    '#!/bin/sh',
    '# The failing sequence, request by request (export GRAPH_TOKEN first when the target needs one).',
    'set -e',
  ];
  const ids = new Map<string, string>();
  for (const step of steps) {
    if (step.label === 'clean up') continue;
    const curl = withVariables(curlFor(step.request), ids);
    const id = asObject(step.response.json)?.['id'];
    const creates =
      step.request.method === 'POST' && step.response.status === 201 && typeof id === 'string' && id !== '';
    lines.push(`# ${step.label}: answered ${step.response.status}`);
    if (creates && !ids.has(id)) {
      const name = `id${ids.size + 1}`;
      ids.set(id, name);
      lines.push(`${name}=$(${curl.replace(/^curl -sS -i /, 'curl -sS ')} | ${READ_ID})`, `echo "${name}=$${name}"`);
    } else lines.push(curl, 'echo');
  }
  return lines.join('\n');
}
