import { BUILTIN_CHECKS } from './registry';
import { PROFILES } from './types';

/** The README's check table, generated from the registry so the two cannot drift (checks/table.test.ts). */
export function checkTableMarkdown(): string {
  const rows = BUILTIN_CHECKS.map((c) => {
    const severities = PROFILES.map((p) => c.severity(p)).join(' | ');
    return `| \`${c.id}\` | ${cell(c.rule)} | ${severities} | ${cell(c.source)} |`;
  });
  const head = `| id | rule | ${PROFILES.map((p) => `\`${p}\``).join(' | ')} | source |`;
  return [head, `| --- | --- | ${PROFILES.map(() => '---').join(' | ')} | --- |`, ...rows].join('\n');
}

/** A table cell: pipes escaped. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
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

/** Prettier pads Markdown table cells: tables compared cell by cell, ignoring the padding (README tests). */
export function normalizeTables(md: string): string {
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
