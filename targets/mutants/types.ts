import type { ReferenceHandler, ReferenceOptions } from '../reference/handler';
import type { CheckId, Profile } from '../../checks/types';

/** The check ids are the checks module's; a mutant naming an id that does not exist fails to compile. */
export { CHECK_IDS, type CheckId } from '../../checks/types';

/**
 * 'always': the first exchange of the kind the broken rule judges shows the fault (every valid create, every error
 * answer, every unauthenticated request...). 'some-inputs': only particular values trigger it, so whether a run
 * catches it depends on the cases generated.
 */
export type MutantTrigger = 'always' | 'some-inputs';

export interface MutantSpec {
  /** Kebab-case, named after the rule the fault breaks. Unique. */
  name: string;
  /** The one fault, in a sentence. */
  description: string;
  /**
   * Exactly the checks a run must fail against this mutant (with a token configured and enough generated cases);
   * every other check passes, as it does against the reference.
   */
  breaks: ReadonlyArray<CheckId>;
  trigger: MutantTrigger;
  /** The profile the fault is judged in (default graph-docs): some rules are errors only in odata-strict. */
  profile?: Profile;
  /** The reference with this mutant's fault injected; options are the reference's (token, basePath, ...). */
  createHandler(options?: ReferenceOptions): ReferenceHandler;
}
