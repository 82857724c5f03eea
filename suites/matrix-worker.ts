/**
 * One worker of `matrix --jobs N` (see matrix-pool.ts): runs the target the pool sends, answers with its row, and
 * waits for the next; exits when told to stop or when the pool's channel closes.
 */
import type { PoolReply, PoolRequest } from './matrix-pool';
import { matrixTargets, runTarget } from './matrix';

async function handle(request: Extract<PoolRequest, { type: 'run' }>): Promise<PoolReply> {
  const target = matrixTargets()[request.index];
  if (target === undefined) return { type: 'crash', index: request.index, message: `no target #${request.index}` };
  const t0 = Date.now();
  try {
    const row = await runTarget(target, request.budget);
    return { type: 'row', index: request.index, row, ms: Date.now() - t0 };
  } catch (e) {
    return { type: 'crash', index: request.index, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

function main(): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (request: PoolRequest) => {
    if (request.type === 'stop') {
      process.disconnect();
      return;
    }
    void handle(request).then((reply) => process.send?.(reply));
  });
}

if (require.main === module) main();
