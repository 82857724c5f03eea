import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCheckTable } from './table';

/** Prettier pads Markdown table cells; compare tables cell by cell, ignoring the padding. */
function normalizeTables(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((c) => c.trim().replace(/^-{3,}$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
}

test("README's check table is the one generated from the registry (run `npm run docs:checks` after changing a check)", () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(normalizeTables(withCheckTable(readme))).toBe(normalizeTables(readme));
});
