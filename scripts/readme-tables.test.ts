import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LENIENCIES } from '../specs/leniencies';
import { INVALID_RULES } from '../generators/invalidRules';
import { normalizeTables } from '../checks/table';
import { leniencyTableMarkdown, rulesTableMarkdown, withReadmeTables } from './readme-tables';

test("README's profile, rule and leniency tables are the generated ones (run `npm run docs:checks`)", () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(normalizeTables(withReadmeTables(readme))).toBe(normalizeTables(readme));
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
