import { randomBytes } from 'node:crypto';
import type { RunResults } from '../engine/events';
import { runConformance, DEFAULTS, type TargetSpec } from '../engine/run';
import { startReference } from '../targets/reference';
import { randomSeed } from '../engine/cases';

export interface GateResult {
  results: RunResults;
  close(): Promise<void>;
}

/** Runs the engine once for the jest suite, from environment variables. */
export async function runJestGate(env: NodeJS.ProcessEnv): Promise<GateResult> {
  const embedded = !env['TARGET_URL'] && !env['TARGET_APP'];
  // The embedded reference always requires a token (a random one unless given), so auth-required is judged too.
  const token = env['GRAPH_TOKEN'] || (embedded ? randomBytes(18).toString('base64url') : undefined);
  let close = (): Promise<void> => Promise.resolve();
  let target: TargetSpec;
  if (env['TARGET_URL']) target = { kind: 'url', url: env['TARGET_URL'] };
  else if (env['TARGET_APP']) target = { kind: 'app', module: env['TARGET_APP'] };
  else {
    const ref = await startReference(token ? { token } : {});
    close = () => ref.close();
    target = { kind: 'url', url: ref.url };
  }
  const seed = env['CONFORMANCE_SEED'] ? Number(env['CONFORMANCE_SEED']) : randomSeed();
  console.info(`conformance seed ${seed} (repeat with CONFORMANCE_SEED=${seed})`);
  const results = await runConformance({
    ...DEFAULTS,
    target,
    ...(token ? { token } : {}),
    headers: {},
    runs: env['CONFORMANCE_RUNS'] ? Number(env['CONFORMANCE_RUNS']) : DEFAULTS.runs,
    seed,
    profile: env['CONFORMANCE_PROFILE'] === 'odata-strict' ? 'odata-strict' : 'graph-docs',
  });
  return { results, close };
}
