import { BUILTIN_CHECKS } from './registry';

/** The README's check table, generated from the registry so the two cannot drift (checks/table.test.ts). */
export function checkTableMarkdown(): string {
  const rows = BUILTIN_CHECKS.map((c) => {
    const sev = c.severity('graph-docs');
    const strict = c.severity('odata-strict');
    const severity = sev === strict ? sev : `${sev} (${strict} in odata-strict)`;
    return `| \`${c.id}\` | ${c.rule.replace(/\|/g, '\\|')} | ${severity} | ${c.source.replace(/\|/g, '\\|')} |`;
  });
  return ['| id | rule | severity | source |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export const TABLE_START = '<!-- check-table:start (generated from checks/; `npm run docs:checks` rewrites it) -->';
export const TABLE_END = '<!-- check-table:end -->';

/** Replaces the table between the markers in a README text. */
export function withCheckTable(readme: string): string {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error('README.md has no check-table markers');
  return readme.slice(0, a + TABLE_START.length) + '\n\n' + checkTableMarkdown() + '\n\n' + readme.slice(b);
}
