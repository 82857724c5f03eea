import { LIFECYCLE_RULES } from '../checks/lifecycle';
import { cell, withCheckTable } from '../checks/table';
import { LENIENCY_INFO, PROFILE_SETTINGS, isLenient } from '../checks/profiles';
import { PROFILES, type Profile } from '../checks/types';
import { INVALID_RULES } from '../generators/invalidRules';
import { LENIENCIES } from '../specs/leniencies';

/** What a profile expects of a body breaking one invalid rule (its leniencies aside). */
function expected(expectation: 'reject' | 'warn'): string {
  return expectation === 'reject' ? '4xx (error)' : '4xx (warning)';
}

/** The invalid-body rules: what each breaks, the answer each profile expects, and the normative source. */
export function rulesTableMarkdown(): string {
  const head = `| rule | body | ${PROFILES.map((p) => `\`${p}\``).join(' | ')} | source |`;
  const rows = INVALID_RULES.map((r) => {
    const cells = PROFILES.map(() => expected(r.expectation)).join(' | ');
    return `| \`${r.id}\` | ${cell(r.description)} | ${cells} | ${cell(r.source)} |`;
  });
  return [head, `| --- | --- | ${PROFILES.map(() => '---').join(' | ')} | --- |`, ...rows].join('\n');
}

function leniencyVerdict(profile: Profile, id: string): string {
  return isLenient(profile, id) ? '4xx or 201 (lenient-input warns on 201)' : '4xx (error: rejects-invalid)';
}

/** Bodies a strict reading refuses and a conforming service may accept. */
export function leniencyTableMarkdown(): string {
  const head = `| leniency | body | ${PROFILES.map((p) => `\`${p}\``).join(' | ')} | why a service may accept it |`;
  const rows = LENIENCIES.map((id) => {
    const info = LENIENCY_INFO[id];
    const cells = PROFILES.map((p) => leniencyVerdict(p, id)).join(' | ');
    return `| \`${id}\` | ${cell(info.what)} | ${cells} | ${cell(info.source)} |`;
  });
  return [head, `| --- | --- | ${PROFILES.map(() => '---').join(' | ')} | --- |`, ...rows].join('\n');
}

/** The settings that differ between profiles. */
export function profileTableMarkdown(): string {
  const row = (name: string, value: (p: Profile) => string): string =>
    `| ${name} | ${PROFILES.map((p) => cell(value(p))).join(' | ')} |`;
  return [
    `| setting | ${PROFILES.map((p) => `\`${p}\``).join(' | ')} |`,
    `| --- | ${PROFILES.map(() => '---').join(' | ')} |`,
    row('DateTimeOffset round trip compared at', (p) => `${PROFILE_SETTINGS[p].dateTimePrecision} fractional digits`),
    row('why that precision', (p) => PROFILE_SETTINGS[p].dateTimePrecisionSource),
    row('`#` on `@odata.type` (top level and nested)', (p) =>
      PROFILE_SETTINGS[p].typeHashRequired
        ? 'required (OData JSON 4.0)'
        : 'optional (OData JSON 4.01; the docs omit it on nested values)',
    ),
    row('read-back without `@odata.type`', (p) =>
      PROFILE_SETTINGS[p].readBackTypeRequired ? 'failure (JSON Format 4.5.3: a derived type is named)' : 'accepted',
    ),
    row('leniencies (see below)', (p) =>
      PROFILE_SETTINGS[p].leniencies.length === 0
        ? 'none'
        : PROFILE_SETTINGS[p].leniencies.map((l) => `\`${l}\``).join(', '),
    ),
  ].join('\n');
}

/** The stateful mode's lifecycle rules (checks/lifecycle.ts). */
export function lifecycleTableMarkdown(): string {
  const rows = LIFECYCLE_RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${cell(r.rule)} | ${cell(r.source)} |`);
  return ['| rule | severity | what it demands | source |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export const LIFECYCLE_START =
  '<!-- lifecycle-table:start (generated from checks/lifecycle.ts; `npm run docs:checks` rewrites it) -->';
export const LIFECYCLE_END = '<!-- lifecycle-table:end -->';

export const RULES_START =
  '<!-- rule-tables:start (generated from checks/profiles.ts and generators/invalidRules.ts; `npm run docs:checks` rewrites it) -->';
export const RULES_END = '<!-- rule-tables:end -->';

/** README with both generated blocks rewritten: the check table, and the profile/rule/leniency tables. */
export function withReadmeTables(readme: string): string {
  const text = withCheckTable(readme);
  const a = text.indexOf(RULES_START);
  const b = text.indexOf(RULES_END);
  if (a < 0 || b < a) throw new Error('README.md has no rule-tables markers');
  const block = [
    'Profile settings:',
    profileTableMarkdown(),
    'Invalid bodies (one rule broken per body; `rejects-invalid` judges `4xx (error)`, `unknown-property` the warning):',
    rulesTableMarkdown(),
    'Leniencies: bodies that break a rule above in a way a conforming service may accept (judged by `lenient-input` where the profile allows them):',
    leniencyTableMarkdown(),
  ].join('\n\n');
  const withRules = text.slice(0, a + RULES_START.length) + '\n\n' + block + '\n\n' + text.slice(b);
  const c = withRules.indexOf(LIFECYCLE_START);
  const d = withRules.indexOf(LIFECYCLE_END);
  if (c < 0 || d < c) throw new Error('README.md has no lifecycle-table markers');
  return (
    withRules.slice(0, c + LIFECYCLE_START.length) + '\n\n' + lifecycleTableMarkdown() + '\n\n' + withRules.slice(d)
  );
}
