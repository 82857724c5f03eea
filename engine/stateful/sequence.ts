/**
 * The generated sequences: fc.commands over every command, with bodies from the same generators as `run`. Priorities
 * come from a small band of values far from any a person would choose (from the run's nonce), so the sequence makes its own
 * clashes and never meets a configuration it did not create.
 */
import fc from 'fast-check';
import { validCreateBody, type CreateBodyOptions } from '../../generators';
import { Assign, CreateAssignment, DeleteAssignment, ListAssignments, PatchAssignment } from './assignment-commands';
import {
  CreateConfig,
  DeleteConfig,
  GetConfig,
  ListConfigs,
  PatchConfig,
  UpdatePriorities,
  type Command,
} from './config-commands';

/** The page size a small-page list asks for (`Prefer: odata.maxpagesize`). */
export const SMALL_PAGE = 2;

/** Distinct priorities a sequence uses: few, so creates and PATCHes clash often enough to judge the clash rule. */
export const PRIORITY_BAND = 6;

/**
 * The first priority of the band: from the run's nonce (engine/options.ts priorityNonce), in the upper half of Int32,
 * so real configurations are not met and two runs do not meet each other's.
 */
export function priorityBase(nonce: number): number {
  return 1_500_000_000 + (Math.abs(nonce) % 1_000_000) * PRIORITY_BAND;
}

export interface SequenceOptions {
  bodies: CreateBodyOptions;
  /** The run's priority nonce: which band of priorities the sequences use. */
  priorityNonce: number;
  /** Commands per sequence at most. */
  maxCommands: number;
  /** Properties a PATCH never names: Stream properties (OData updates a stream through its media resource). */
  streamProperties: readonly string[];
}

/**
 * A PATCH: some of a generated body's properties (never an annotation or a Stream), and a priority from the band, the
 * configuration's own (as a client that sends back what it read), or none.
 */
function patchCommand(o: SequenceOptions, pick: fc.Arbitrary<number>): fc.Arbitrary<Command> {
  const base = priorityBase(o.priorityNonce);
  return fc
    .record({
      pick,
      body: validCreateBody(o.bodies),
      mask: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      priority: fc.oneof(
        fc.constant<'none'>('none'),
        fc.constant<'own'>('own'),
        fc.integer({ min: 0, max: PRIORITY_BAND - 1 }),
      ),
    })
    .map(({ pick: p, body, mask, priority }) => {
      const keys = Object.keys(body).filter(
        (k) => !k.includes('@') && k !== 'priority' && !o.streamProperties.includes(k),
      );
      const patch: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        if (mask[i % mask.length]) patch[k] = body[k];
      });
      if (typeof priority === 'number') patch['priority'] = base + priority;
      const own = priority === 'own' || (priority === 'none' && Object.keys(patch).length === 0);
      return new PatchConfig(p, patch, own);
    });
}

function createCommand(o: SequenceOptions): fc.Arbitrary<Command> {
  const base = priorityBase(o.priorityNonce);
  return fc
    .record({ body: validCreateBody(o.bodies), k: fc.integer({ min: 0, max: PRIORITY_BAND - 1 }) })
    .map(
      ({ body, k }) =>
        new CreateConfig({ ...body, priority: base + k } as ConstructorParameters<typeof CreateConfig>[0]),
    );
}

/** Every command of the family, weighted so creates come first often enough to give the others something to do. */
export function sequenceArbitrary(o: SequenceOptions): fc.Arbitrary<Iterable<Command>> {
  const pick = fc.nat({ max: 31 });
  const groups = fc.uniqueArray(fc.uuid({ version: 4 }), { minLength: 0, maxLength: 3 });
  // Every command but create needs a live configuration: creates are weighted up so sequences get going.
  const commands: Array<fc.Arbitrary<Command>> = [
    createCommand(o),
    createCommand(o),
    createCommand(o),
    createCommand(o),
    pick.map((p) => new GetConfig(p)),
    patchCommand(o, pick),
    pick.map((p) => new DeleteConfig(p)),
    // Half of the lists ask for pages of SMALL_PAGE, so page boundaries fall among the sequence's configurations.
    fc.boolean().map((small) => new ListConfigs(small ? SMALL_PAGE : undefined)),
    fc.uniqueArray(pick, { minLength: 2, maxLength: 4 }).map((ps) => new UpdatePriorities(ps)),
    // Twice: assign's promise (it replaces) shows only when the configuration already has assignments.
    fc.tuple(pick, groups).map(([p, g]) => new Assign(p, g)),
    fc.tuple(pick, groups).map(([p, g]) => new Assign(p, g)),
    pick.map((p) => new ListAssignments(p)),
    fc.tuple(pick, fc.uuid({ version: 4 })).map(([p, g]) => new CreateAssignment(p, g)),
    fc.tuple(pick, pick, fc.uuid({ version: 4 })).map(([p, a, g]) => new PatchAssignment(p, a, g)),
    fc.tuple(pick, pick).map(([p, a]) => new DeleteAssignment(p, a)),
  ];
  return fc.commands(commands, { maxCommands: o.maxCommands, size: 'max' });
}
