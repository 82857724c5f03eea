import { isLenient, LENIENCY_INFO, settingsFor, type Leniency } from './profiles';
import { describeStatus, type Check } from './types';

export const lenientInput: Check = {
  id: 'lenient-input',
  rule: "A body the strict reading refuses but a conforming service may accept (no @odata.type, ODL's single-quoted strings or unquoted names, 13 fraction digits) gets a 4xx; acceptance is reported, never an error, in the profiles that allow it.",
  source:
    'checks/profiles.ts LENIENCIES (each with its source: RFC 8259 vs OData .NET JsonReader COMPAT 45/46; OData ABNF fractionalSeconds vs xsd:dateTime; create page and JSON Format 4.01 section 4.5.3); specs/DERIVATION.md profile settings',
  severity: () => 'warning',
  appliesTo: (ex, ctx) =>
    ex.kind === 'invalid' && ex.invalid?.expectation === 'reject' && isLenient(ctx.profile, ex.invalid.leniency),
  skippedBecause: (profile) =>
    settingsFor(profile).leniencies.length === 0
      ? `${profile} allows no leniency: rejects-invalid judges those bodies at error level`
      : 'no case sent a body this profile lets a service accept',
  judge: (ex) => {
    const s = ex.response.status;
    if (s >= 400 && s < 500) return [];
    const info = LENIENCY_INFO[ex.invalid?.leniency as Leniency] as (typeof LENIENCY_INFO)[Leniency] | undefined;
    return [
      `${info?.what ?? 'a lenient body'} (rule "${ex.invalid?.rule ?? '?'}" at ${ex.invalid?.pointer || '/'}) got ${describeStatus(ex.response)}: accepted where the strict reading refuses (allowed in this profile: ${info?.source ?? '?'})`,
    ];
  },
};
