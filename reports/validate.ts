import type { RunResults } from '../engine/events';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with a parsed results.json, in a phrase; undefined when it has the shape reports rely on
 * (the fields diff and merge read; unknown extra fields are fine).
 */
export function resultsProblem(value: unknown): string | undefined {
  if (!isObj(value)) return 'it is not a JSON object';
  for (const k of ['target', 'profile', 'startedAt', 'verdict'] as const)
    if (typeof value[k] !== 'string') return `"${k}" is missing or not a string`;
  for (const k of ['seed', 'runs', 'durationMs', 'exitCode'] as const)
    if (typeof value[k] !== 'number') return `"${k}" is missing or not a number`;
  if (value['shard'] !== undefined && typeof value['shard'] !== 'string') return '"shard" is not a string';
  if (!isObj(value['tool'])) return '"tool" is missing';
  const summary = value['summary'];
  if (!isObj(summary) || typeof summary['cases'] !== 'number') return '"summary" is missing or has no case count';
  if (!Array.isArray(value['errors'])) return '"errors" is missing or not an array';
  const checks = value['checks'];
  if (!Array.isArray(checks)) return '"checks" is missing or not an array';
  for (const [i, c] of checks.entries()) {
    if (!isObj(c)) return `checks[${i}] is not an object`;
    if (typeof c['id'] !== 'string') return `checks[${i}].id is not a string`;
    if (c['status'] !== 'passed' && c['status'] !== 'failed' && c['status'] !== 'skipped')
      return `checks[${i}] (${c['id']}) has status ${JSON.stringify(c['status'])}`;
    if (c['severity'] !== 'error' && c['severity'] !== 'warning')
      return `checks[${i}] (${c['id']}) has severity ${JSON.stringify(c['severity'])}`;
    if (typeof c['cases'] !== 'number' || typeof c['failedCases'] !== 'number')
      return `checks[${i}] (${c['id']}) has no case counts`;
    if (!Array.isArray(c['failures'])) return `checks[${i}] (${c['id']}) has no failures array`;
  }
  return undefined;
}

export function asRunResults(value: unknown): RunResults | undefined {
  return resultsProblem(value) === undefined ? (value as RunResults) : undefined;
}
