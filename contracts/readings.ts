/**
 * Which reading of the sources a contract applies: the same strictness profiles `run` has (checks/profiles.ts), so
 * that a provider `run` passes in a profile also verifies against that profile's pact.
 *
 * A pact can only say "this key is there and matches"; it cannot say "where present, it matches". So a pact expects
 * a value back only where the profile's error-level checks demand it in every answer, and leaves out what a
 * conforming service may leave out:
 *
 * | choice         | graph-docs | odata-strict | from                                                                     |
 * | -------------- | ---------- | ------------ | ------------------------------------------------------------------------ |
 * | `Location`     | no         | yes          | the `location-header` check's severity (an error only in odata-strict)   |
 * | lastModified   | no         | no           | the `last-modified` check's severity (a warning, "where present")        |
 * | top-level '#'  | optional   | required     | `typeHashRequired` of the profile's settings                             |
 * | nested types   | no         | no           | `odata-type`: a nested @odata.type is judged only where present          |
 * | Stream values  | no         | no           | JSON Format 4.01 section 8.4: a stream may be a media link, not inline   |
 * | 200 for 204    | yes        | no           | the delete and updatePriorities pages (200) vs OData 4.01 (204)          |
 *
 * Each choice can be overridden (ContractOptions, and `--location`/`--last-modified` on the command line).
 */
import { lastModified } from '../checks/last-modified';
import { locationHeader } from '../checks/location-header';
import { settingsFor } from '../checks/profiles';
import { PROFILES, type Profile } from '../checks/types';

export { PROFILES, type Profile };

export interface ContractReading {
  /** The profile whose readings these are; named in every interaction's description. */
  profile: Profile;
  /** Expect a Location header on 201 answers. */
  location: boolean;
  /** Expect lastModifiedDateTime in 201 bodies. */
  lastModified: boolean;
  /** The top-level @odata.type must carry its '#' (exact); otherwise a regex lets it be left out. */
  typeHash: boolean;
  /** Expect every nested @odata.type that was sent back (with '#' when typeHash, optional otherwise). */
  nestedTypes: boolean;
  /** Expect Edm.Stream properties back inline (a regex of the response schema's base64 or base64url pattern). */
  streams: boolean;
  /**
   * Where nothing comes back (DELETE of a configuration, updatePriorities), accept 200 besides 204: the
   * configuration delete pages and the updatePriorities page say 200, OData 4.01 Protocol 11.4.5 and 11.5.4.1 and
   * the OpenAPI slice 204 (specs/DERIVATION.md status-codes). graph-docs takes both; odata-strict only 204, as the
   * variants that answer 200 (targets/variants: delete-answers-200, update-priorities-200) claim graph-docs only.
   */
  okWithoutBody: boolean;
}

/** Overrides of a profile's readings. */
export type ReadingOverrides = Partial<Omit<ContractReading, 'profile'>>;

export function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

/** The readings of a profile, with overrides applied (an undefined override keeps the profile's reading). */
export function readingFor(profile: Profile, overrides: ReadingOverrides = {}): ContractReading {
  const reading: ContractReading = {
    profile,
    location: locationHeader.severity(profile) === 'error',
    lastModified: lastModified.severity(profile) === 'error',
    typeHash: settingsFor(profile).typeHashRequired,
    nestedTypes: false,
    streams: false,
    okWithoutBody: profile === 'graph-docs',
  };
  for (const [key, value] of Object.entries(overrides) as Array<[keyof ReadingOverrides, boolean | undefined]>)
    if (value !== undefined) reading[key] = value;
  return reading;
}

/** What the 201 expectations of a reading are, in one sentence, for the interactions' comments. */
export function describeReading(r: ContractReading): string {
  const yes = (b: boolean, what: string): string => `${b ? 'with' : 'without'} ${what}`;
  return [
    `Reading: ${r.profile} (checks/profiles.ts).`,
    `A 201 is expected ${yes(r.location, 'a Location header')}, ${yes(r.lastModified, 'lastModifiedDateTime')},`,
    r.typeHash
      ? `with the top-level @odata.type exactly as "#microsoft.graph.<type>",`
      : `with the top-level @odata.type naming the created type, its "#" optional,`,
    `${r.nestedTypes ? 'with' : 'without requiring'} nested @odata.type annotations and`,
    `${r.streams ? 'with' : 'without requiring'} the Edm.Stream properties inline (they are sent).`,
  ].join(' ');
}
