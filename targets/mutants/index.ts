import { SuiteError } from '../../engine/errors';
import type { ReferenceOptions } from '../reference/handler';
import { startServer, type ListenOptions, type RunningServer } from '../reference/server';
import { findMutant, MUTANT_NAMES } from './catalog';

export {
  CONSTANT_ID,
  dropUndeclared,
  findMutant,
  isHour24,
  isImpossibleDay,
  LONG_STRING_LIMIT,
  moveInstant,
  MUTANT_NAMES,
  MUTANTS,
  STALE_LAST_MODIFIED,
  valueAtPointer,
} from './catalog';
export {
  CHECK_IDS,
  LIFECYCLE_RULE_IDS,
  type CheckId,
  type LifecycleRuleId,
  type MutantSpec,
  type MutantTrigger,
} from './types';

/**
 * Starts the named mutant like startReference (127.0.0.1, ephemeral port unless given). Rejects on an unknown name
 * with a SuiteError (unknown-mutant) whose hint lists the known ones.
 */
export async function startMutant(
  name: string,
  options: ReferenceOptions & ListenOptions = {},
): Promise<RunningServer> {
  const spec = findMutant(name);
  if (!spec)
    throw new SuiteError(
      'unknown-mutant',
      `unknown mutant "${name}"`,
      `known mutants: ${MUTANT_NAMES.join(', ')} (\`conformance serve --list-mutants\` says what each breaks)`,
    );
  return startServer(spec.createHandler(options), options);
}
