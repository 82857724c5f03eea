/**
 * The model the stateful mode judges a target against: what one sequence has written, as the docs promise it is
 * kept. Configurations and assignments are named by their place in the sequence (refs), never by the server's ids,
 * so a generated sequence means the same against any target; the ids the target gave live beside it (Real).
 */
import type { Finding, LifecycleRuleId } from '../../checks/types';
import type { Step } from './client';

export interface AssignmentModel {
  ref: number;
  /** The group the assignment targets: what an assignment is compared by (its id is the server's). */
  groupId: string;
}

export interface ConfigModel {
  ref: number;
  /** The derived type the create named ('#microsoft.graph.windowsOfficeClientConfiguration'). */
  type: string;
  /** Every property the sequence wrote, create body merged with each PATCH (annotations kept as sent). */
  fields: Record<string, unknown>;
  priority: number;
  assignments: AssignmentModel[];
}

export interface Model {
  live: ConfigModel[];
  /** Refs of configurations the sequence deleted. */
  deleted: number[];
  nextRef: number;
}

export const emptyModel = (): Model => ({ live: [], deleted: [], nextRef: 1 });

/** A sequence keeps at most this many live configurations: enough for clashes, lists and priority swaps. */
export const MAX_LIVE = 6;
/** Assignments per configuration at most. */
export const MAX_ASSIGNMENTS = 4;

/** The live configuration a generated pick names (picks are taken modulo the live count). */
export function pickConfig(m: Model, pick: number): ConfigModel | undefined {
  return m.live.length === 0 ? undefined : m.live[pick % m.live.length];
}

/** Another live configuration with this priority, if any (`except`: the one being written). */
export function clashOf(m: Model, priority: number, except?: number): ConfigModel | undefined {
  return m.live.find((c) => c.ref !== except && c.priority === priority);
}

/** The model's fields merged with a PATCH body: named properties replaced, the others kept. */
export function merged(fields: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...fields, ...patch };
}

/** A rule broken by one answer of a sequence: the step that showed it, and what was wrong. */
export class LifecycleViolation extends Error {
  constructor(
    readonly rule: LifecycleRuleId,
    readonly findings: Finding[],
    readonly step: Step,
  ) {
    super(`${rule}: ${findings.map((f) => f.message).join('; ')}`);
    this.name = 'LifecycleViolation';
  }
}
