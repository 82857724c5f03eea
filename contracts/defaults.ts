/** Defaults of the contract commands, apart from the Pact code (so the CLI can show them without loading Pact). */
import { join } from 'node:path';
import type { Profile } from '../checks/types';

export const DEFAULT_CONSUMER = 'graph-office-config-client';
export const DEFAULT_PROVIDER = 'graph-office-config-service';
/** The seed of the committed pact (contracts/pacts/). */
export const DEFAULT_SEED = 1;
/** The reading of the committed pact: the suite's default profile, so `verify` passes what `run` passes. */
export const DEFAULT_PACT_PROFILE: Profile = 'graph-docs';

/** contracts/pacts: where the committed pact lives and where `pact` writes by default. */
export const DEFAULT_PACT_DIR = join(__dirname, 'pacts');
/** How help texts name DEFAULT_PACT_DIR. */
export const DEFAULT_PACT_DIR_LABEL = 'contracts/pacts';

/** Pact's file name for a consumer/provider pair. */
export function pactFileName(consumer: string, provider: string): string {
  return `${consumer}-${provider}.json`;
}
