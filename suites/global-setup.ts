/**
 * Runs the conformance suite once, before jest loads the gate's test file, and leaves results.json where the test
 * file reads it (CONFORMANCE_GATE_RESULTS). Done here rather than in a beforeAll so that the test file knows each
 * check's outcome when it declares its tests: a skipped check becomes a skipped jest test, a failed warning a test
 * whose name says so, instead of green tests that only print.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJestGate } from './gate';

export default async function globalSetup(): Promise<void> {
  const gate = await runJestGate(process.env);
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'conformance-gate-')), 'results.json');
    writeFileSync(file, JSON.stringify(gate.results));
    process.env['CONFORMANCE_GATE_RESULTS'] = file;
  } finally {
    await gate.close();
  }
}
