import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/**
 * The fast-check version that generates the cases. A seed and a path name a case only for one fast-check version (its
 * random streams and shrink trees may change between releases), so every results.json and case file records it. Read
 * from fast-check's package.json rather than by loading fast-check, which commands that generate nothing never load.
 */
function fastCheckVersion(): string {
  try {
    for (let dir = dirname(require.resolve('fast-check')); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const p = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (p.name === 'fast-check' && p.version) return p.version;
    }
  } catch {
    // not installed: reported as unknown
  }
  return 'unknown';
}

/** Name and version written into every report, and the fast-check version that made its cases. */
export const TOOL = { name: pkg.name, version: pkg.version, fastCheck: fastCheckVersion() } as const;

/**
 * A warning when a seed or case was made by another fast-check version than this suite runs, else undefined: the
 * same seed and path may now make another body (replay itself sends the saved request, so it is unaffected).
 */
export function fastCheckMismatch(recorded: string | undefined, what: string): string | undefined {
  if (recorded === undefined || recorded === TOOL.fastCheck) return undefined;
  return `${what} was generated with fast-check ${recorded}; this suite runs fast-check ${TOOL.fastCheck}: the same --seed and path may now generate another body (see ARCHITECTURE.md, upgrading fast-check)`;
}
