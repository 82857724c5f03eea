/** What the generators hand to the engine. The engine never looks inside a rule beyond these fields. */

/** A create body that follows every rule of the request schema. */
export type ValidBody = Record<string, unknown>;

/**
 * A body that breaks exactly ONE named rule. `pointer` is the JSON pointer of the broken value ('' for the whole
 * body). `raw` is set when the payload is not JSON by design (it is sent as-is, and `body` is undefined).
 * `expectation` is 'reject' when the target must answer 4xx, 'warn' when servers may differ (unknown properties).
 */
export interface InvalidCase {
  rule: string;
  pointer: string;
  body: unknown;
  raw?: string;
  expectation: 'reject' | 'warn';
  /** A leniency id (specs/leniencies.ts) when a conforming service may accept this body in some profile. */
  leniency?: string;
}
