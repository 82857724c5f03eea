import { LENIENCIES, type Leniency } from '../specs/leniencies';
import type { Profile } from './types';

export { LENIENCIES, LENIENCY_INFO, type Leniency, type LeniencyInfo } from '../specs/leniencies';

/** What a profile's readings are: the settings that differ between the strictness profiles. */
export interface ProfileSettings {
  profile: Profile;
  /**
   * Fractional-second digits a DateTimeOffset round trip is compared at (echo-fields, read-after-create): a value
   * may come back rounded or truncated to this many digits, not fewer.
   */
  dateTimePrecision: number;
  /** Why that precision. */
  dateTimePrecisionSource: string;
  /** Top-level and nested @odata.type values must start with '#'. */
  typeHashRequired: boolean;
  /** Inputs judged as warnings (lenient-input) instead of errors (rejects-invalid). */
  leniencies: readonly Leniency[];
  /** A read-back without @odata.type fails read-after-create (it names the type when it is derived). */
  readBackTypeRequired: boolean;
}

export const PROFILE_SETTINGS: Readonly<Record<Profile, ProfileSettings>> = {
  'graph-docs': {
    profile: 'graph-docs',
    dateTimePrecision: 7,
    dateTimePrecisionSource:
      'the docs write 7 fractional digits (2016-12-31T23:56:33.9571764-08:00); .NET DateTimeOffset holds 100 ns ticks; CSDL 4.01 section 7.2.3 (Precision facet: the digits a service keeps)',
    typeHashRequired: false,
    leniencies: LENIENCIES,
    readBackTypeRequired: false,
  },
  'odata-strict': {
    profile: 'odata-strict',
    dateTimePrecision: 12,
    dateTimePrecisionSource:
      'OData ABNF 4.01 fractionalSeconds = 1*12DIGIT: strict expects a value it accepted back as sent, at every digit the grammar allows; a service that keeps fewer digits should declare a Precision facet (CSDL 4.01 section 7.2.3) and run graph-docs',
    typeHashRequired: true,
    leniencies: [],
    readBackTypeRequired: true,
  },
};

export function settingsFor(profile: Profile): ProfileSettings {
  return PROFILE_SETTINGS[profile];
}

/** Whether the profile lets a service accept an input carrying this leniency. */
export function isLenient(profile: Profile, leniency: string | undefined): boolean {
  return leniency !== undefined && (settingsFor(profile).leniencies as readonly string[]).includes(leniency);
}
