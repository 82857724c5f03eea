/**
 * Removes what global-setup.ts made: the temporary folder that held results.json for the test file. Jest runs this
 * after the gate's tests, failed or not, in the process that ran the setup (so it sees CONFORMANCE_GATE_RESULTS).
 */
import { rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export default function globalTeardown(): void {
  const file = process.env['CONFORMANCE_GATE_RESULTS'];
  if (file === undefined) return;
  const dir = dirname(file);
  // Only the folder the setup made (conformance-gate-XXXXXX), never a path someone else set the variable to.
  if (basename(dir).startsWith('conformance-gate-')) rmSync(dir, { recursive: true, force: true });
  delete process.env['CONFORMANCE_GATE_RESULTS'];
}
