import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeTables, withCheckTable } from './table';

test("README's check table is the one generated from the registry (run `npm run docs:checks` after changing a check)", () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(normalizeTables(withCheckTable(readme))).toBe(normalizeTables(readme));
});
