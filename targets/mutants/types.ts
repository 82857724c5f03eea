import type { ReferenceHandler, ReferenceOptions } from '../reference/handler';
import type { CheckId, LifecycleRuleId, PriorityClashReading, Profile } from '../../checks/types';

/** The check ids are the checks module's; a mutant naming an id that does not exist fails to compile. */
export { CHECK_IDS, LIFECYCLE_RULE_IDS, type CheckId, type LifecycleRuleId } from '../../checks/types';

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
   * every other check passes, as it does against the reference. Empty for a lifecycle mutant: its fault lies in an
   * operation a POST run never sends, so it passes the whole POST corpus.
   */
  breaks: ReadonlyArray<CheckId>;
  /**
   * For a mutant whose fault shows only across a sequence of operations (`run --stateful`): exactly the lifecycle
   * rules a stateful run must fail against it, and the --priority-clash reading it is judged in (default `either`).
   * Every mutant breaks at least one POST check or one lifecycle rule.
   */
  lifecycle?: { breaks: ReadonlyArray<LifecycleRuleId>; priorityClash?: PriorityClashReading };
  trigger: MutantTrigger;
  /** The profile the fault is judged in (default graph-docs): some rules are errors only in odata-strict. */
  profile?: Profile;
  /** The reference with this mutant's fault injected; options are the reference's (token, basePath, ...). */
  createHandler(options?: ReferenceOptions): ReferenceHandler;
}
