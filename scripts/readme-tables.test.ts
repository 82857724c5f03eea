import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LENIENCIES } from '../specs/leniencies';
import { INVALID_RULES } from '../generators/invalidRules';
import { leniencyTableMarkdown, rulesTableMarkdown, withReadmeTables } from './readme-tables';

/** Prettier pads Markdown table cells and may rewrap prose; compare table rows cell by cell, prose by words. */
function normalize(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((c) => c.trim().replace(/^-{3,}$/, '---'))
            .join('|')
        : line.trim(),
    )
    .filter((line) => line !== '')
    .join('\n');
}

test("README's profile, rule and leniency tables are the generated ones (run `npm run docs:checks`)", () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(normalize(withReadmeTables(readme))).toBe(normalize(readme));
});

test('every invalid rule and every leniency has a row with a source', () => {
  const rules = rulesTableMarkdown();
  for (const r of INVALID_RULES) {
    expect(rules).toContain(`\`${r.id}\``);
    expect(r.source.length).toBeGreaterThan(10);
  }
  const leniencies = leniencyTableMarkdown();
  for (const l of LENIENCIES) expect(leniencies).toContain(`\`${l}\``);
});
