import { parseDateTimeOffset } from '../specs/edm';
import { asObject, isCreated, type Check } from './types';

/** Clock skew allowed between the suite and the target. */
export const SKEW_MS = 5 * 60 * 1000;

export const lastModified: Check = {
  id: 'last-modified',
  rule: 'lastModifiedDateTime, where present, is well-formed and within the run (5 minutes of clock skew allowed).',
  source: 'officeClientConfiguration resource page; specs/DERIVATION.md datetime-is-not-an-edm-type',
  severity: () => 'warning',
  appliesTo: (ex) => isCreated(ex) && asObject(ex.response.json)?.['lastModifiedDateTime'] !== undefined,
  skippedBecause: () => 'no 2xx create answer carried lastModifiedDateTime',
  judge: (ex, ctx) => {
    const v = asObject(ex.response.json)?.['lastModifiedDateTime'];
    if (v === null) return [];
    const instant = typeof v === 'string' ? parseDateTimeOffset(v) : undefined;
    if (!instant) return [`lastModifiedDateTime ${JSON.stringify(v)} is not an Edm.DateTimeOffset`];
    const ms = Number(instant.picos / 1_000_000_000n);
    if (ms < ctx.runStartedAt - SKEW_MS || ms > ctx.now() + SKEW_MS) {
      return [
        `lastModifiedDateTime ${v} is outside the run (${new Date(ctx.runStartedAt).toISOString()} to now, 5 min skew)`,
      ];
    }
    return [];
  },
};
