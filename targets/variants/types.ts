import type { Profile, ResultId, StatefulOperation } from '../../checks/types';
import type { ReferenceHandler, ReferenceOptions } from '../reference/handler';

/** The runs a variant can be judged in: the POST-only run, and the lifecycle (stateful) run. */
export type VariantMode = 'run' | 'stateful';

/** Whether a variant is judged in a mode (VariantSpec.modes, default both). */
export const runsIn = (v: Pick<VariantSpec, 'modes'>, mode: VariantMode): boolean =>
  v.modes === undefined || v.modes.includes(mode);

/**
 * A conforming variant: the reference with a difference the sources allow. The matrix runs it in every profile it
 * claims and expects exit 0 with no failed check outside `warns`; a failure is a false alarm of the suite.
 */
export interface VariantSpec {
  /** Kebab-case, unique, and no mutant has it. */
  name: string;
  /** The difference from the reference, in a sentence. */
  description: string;
  /** The source that allows it (OData JSON Format 4.01 section ..., Protocol ..., the docs page, .NET's DateTimeOffset...). */
  freedom: string;
  /** Profiles it claims to pass: always graph-docs; odata-strict only when the strict reading allows it too. */
  profiles: ReadonlyArray<Profile>;
  /** Warning-level checks it may fail (a leniency it takes, a SHOULD it skips). */
  warns: ReadonlyArray<ResultId>;
  /**
   * The difference is a passing condition a client waits out (throttling): `run` sends again and passes it, but a Pact
   * verification sends each interaction once, so a provider verifies its contracts with it switched off.
   */
  transient?: boolean;
  /**
   * The runs the variant is judged in (default both): 'run' is the POST-only run (the matrix's precision over the
   * generated create corpus), 'stateful' the lifecycle run (`run --stateful`). A variant whose difference a POST run
   * cannot tell from a fault leaves 'run' out: refusing priority clashes fails generated creates that happen to share
   * a priority, which a POST run (it never deletes what it made) would count as valid bodies refused. The POST matrix
   * is to skip a variant whose modes exclude 'run' (runsIn(v, 'run')), as variants.test.ts's POST corpus does.
   */
  modes?: ReadonlyArray<VariantMode>;
  /**
   * The operations the variant implements, when not all: the stateful run is given them (`--operations`), and a Pact
   * verification (every interaction of the generated pact) leaves the variant out.
   */
  operations?: ReadonlyArray<StatefulOperation>;
  /** The reference with this variant's difference; options are the reference's (token, basePath, ...). */
  createHandler(options?: ReferenceOptions): ReferenceHandler;
}
