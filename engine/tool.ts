import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** Name and version written into every report. */
export const TOOL = { name: pkg.name, version: pkg.version } as const;
