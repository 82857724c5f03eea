/**
 * The generated sequences: fc.commands over every command, with bodies from the same generators as `run`. Priorities
 * come from a small band of values far from any a person would choose (from the run's nonce), so the sequence makes its own
 * clashes and never meets a configuration it did not create.
 */
import fc from 'fast-check';
import type { LifecycleRuleId, StatefulOperation } from '../../checks/types';
import { invalidCreateBody, validCreateBody, type CreateBodyOptions } from '../../generators';
import { Assign, CreateAssignment, DeleteAssignment, ListAssignments, PatchAssignment } from './assignment-commands';
import {
  CreateConfig,
  DeleteConfig,
  GetConfig,
  InvalidPatch,
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
  /** Nullable properties of the base type: a third of the PATCHes set one of them to null. */
  nullableProperties?: readonly string[];
  /** The operations the target implements (`--operations`); absent: all of them. */
  operations?: ReadonlySet<StatefulOperation>;
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
      // Below 2 of 0-5: the nullable properties set to null (OData 4.01 Protocol 11.4.3: null is a value a PATCH sets).
      nulled: fc.nat({ max: 5 }),
    })
    .map(({ pick: p, body, mask, priority, nulled }) => {
      const keys = Object.keys(body).filter(
        (k) => !k.includes('@') && k !== 'priority' && !o.streamProperties.includes(k),
      );
      const patch: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        if (mask[i % mask.length]) patch[k] = body[k];
      });
      if (typeof priority === 'number') patch['priority'] = base + priority;
      // Every nullable property at once: one of them is likely to hold a value a null must replace.
      if (nulled < 2) for (const k of o.nullableProperties ?? []) patch[k] = null;
      const own = priority === 'own' || (priority === 'none' && Object.keys(patch).length === 0);
      return new PatchConfig(p, patch, own);
    });
}

/**
 * The value-level rules an invalid PATCH breaks: each puts one bad value inside one top-level property, so the PATCH
 * names that property only. (Rules about the whole body, @odata.type or unknown properties are the create's.)
 */
export const INVALID_PATCH_RULES = [
  'wrong-json-type',
  'null-not-nullable',
  'int32-overflow',
  'int32-fraction',
  'datetime-impossible',
  'datetime-malformed',
] as const;

/**
 * An invalid PATCH: a create body from the invalid-body generators that breaks one value rule, cut down to the
 * top-level property holding the bad value. Never a Stream (OData updates a stream through its media resource), never
 * a body a profile lets a service accept (a leniency), always one the rule says must be refused.
 */
function invalidPatchCommand(o: SequenceOptions, pick: fc.Arbitrary<number>): fc.Arbitrary<Command> {
  const cases = invalidCreateBody({ ...o.bodies, rules: INVALID_PATCH_RULES }).filter((c) => {
    const top = c.pointer.split('/')[1] ?? '';
    return (
      c.expectation === 'reject' &&
      c.leniency === undefined &&
      top !== '' &&
      !top.includes('@') &&
      !o.streamProperties.includes(top) &&
      asRecord(c.body)?.[top] !== undefined
    );
  });
  return fc.tuple(pick, cases).map(([p, c]) => {
    const top = decodePointerSegment(c.pointer.split('/')[1] ?? '');
    return new InvalidPatch(p, { [top]: (asRecord(c.body) ?? {})[top] }, c.rule, c.pointer);
  });
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A JSON pointer segment as the property name it stands for (RFC 6901: ~1 is '/', ~0 is '~'). */
const decodePointerSegment = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

function createCommand(o: SequenceOptions): fc.Arbitrary<Command> {
  const base = priorityBase(o.priorityNonce);
  return fc
    .record({ body: validCreateBody(o.bodies), k: fc.integer({ min: 0, max: PRIORITY_BAND - 1 }) })
    .map(
      ({ body, k }) =>
        new CreateConfig({ ...body, priority: base + k } as ConstructorParameters<typeof CreateConfig>[0]),
    );
}

/**
 * What each kind of command sends (the operations a server must implement for it to run) and which rules it judges
 * besides lifecycle-status and lifecycle-schema. `--operations` keeps the commands whose operations are all in scope.
 */
export const COMMAND_KINDS = {
  create: { needs: ['create'], judges: ['lifecycle-priority-clash'] },
  get: { needs: ['get'], judges: ['lifecycle-read'] },
  patch: { needs: ['update', 'get'], judges: ['lifecycle-read', 'lifecycle-priority-clash'] },
  invalidPatch: { needs: ['update', 'get'], judges: ['lifecycle-rejects-invalid'] },
  delete: { needs: ['delete', 'get'], judges: ['lifecycle-delete'] },
  list: { needs: ['list'], judges: ['lifecycle-list', 'lifecycle-read'] },
  updatePriorities: { needs: ['updatePriorities', 'get'], judges: ['lifecycle-priorities', 'lifecycle-action-url'] },
  assign: { needs: ['assign', 'listAssignments'], judges: ['lifecycle-assign', 'lifecycle-action-url'] },
  listAssignments: { needs: ['listAssignments'], judges: ['lifecycle-assignments'] },
  createAssignment: { needs: ['createAssignment', 'getAssignment'], judges: ['lifecycle-assignments'] },
  patchAssignment: { needs: ['updateAssignment', 'getAssignment'], judges: ['lifecycle-assignments'] },
  deleteAssignment: { needs: ['deleteAssignment', 'getAssignment'], judges: ['lifecycle-assignments'] },
} as const satisfies Record<string, { needs: readonly StatefulOperation[]; judges: readonly LifecycleRuleId[] }>;
export type CommandKind = keyof typeof COMMAND_KINDS;

/** Whether every operation a kind of command sends is in scope (no scope: all are). */
export function inScope(kind: CommandKind, scope: ReadonlySet<StatefulOperation> | undefined): boolean {
  return scope === undefined || COMMAND_KINDS[kind].needs.every((op) => scope.has(op));
}

/**
 * The rules a scope leaves no command to judge, each with the operations left out that its commands need (every
 * command judges lifecycle-status and lifecycle-schema, so those stay while create is in scope).
 */
export function rulesOutOfScope(scope: ReadonlySet<StatefulOperation>): Map<LifecycleRuleId, StatefulOperation[]> {
  const kinds = Object.entries(COMMAND_KINDS) as Array<[CommandKind, (typeof COMMAND_KINDS)[CommandKind]]>;
  const reachable = new Set<LifecycleRuleId>();
  const missing = new Map<LifecycleRuleId, Set<StatefulOperation>>();
  for (const [kind, k] of kinds) {
    for (const rule of k.judges) {
      if (inScope(kind, scope)) reachable.add(rule);
      else {
        const m = missing.get(rule) ?? new Set<StatefulOperation>();
        for (const op of k.needs) if (!scope.has(op)) m.add(op);
        missing.set(rule, m);
      }
    }
  }
  const out = new Map<LifecycleRuleId, StatefulOperation[]>();
  for (const [rule, ops] of missing) if (!reachable.has(rule)) out.set(rule, [...ops]);
  return out;
}

/** Every command of the family, weighted so creates come first often enough to give the others something to do. */
export function sequenceArbitrary(o: SequenceOptions): fc.Arbitrary<Iterable<Command>> {
  const pick = fc.nat({ max: 31 });
  const groups = fc.uniqueArray(fc.uuid({ version: 4 }), { minLength: 0, maxLength: 3 });
  // Every command but create needs a live configuration: creates are weighted up so sequences get going.
  const commands: Array<[CommandKind, fc.Arbitrary<Command>]> = [
    ['create', createCommand(o)],
    ['create', createCommand(o)],
    ['create', createCommand(o)],
    ['create', createCommand(o)],
    ['get', pick.map((p) => new GetConfig(p))],
    // Twice: a PATCH is what most rules judge a server by (what it stores, what it keeps, nulls, clashes).
    ['patch', patchCommand(o, pick)],
    ['patch', patchCommand(o, pick)],
    ['invalidPatch', invalidPatchCommand(o, pick)],
    ['delete', pick.map((p) => new DeleteConfig(p))],
    // Two lists in three ask for small pages (of 1 or SMALL_PAGE), so page boundaries fall among the sequence's few
    // configurations (with pages of 1, between any two). Twice: a list judges every configuration at once.
    ['list', fc.constantFrom(undefined, 1, SMALL_PAGE).map((size) => new ListConfigs(size))],
    ['list', fc.constantFrom(undefined, 1, SMALL_PAGE).map((size) => new ListConfigs(size))],
    ['updatePriorities', fc.uniqueArray(pick, { minLength: 2, maxLength: 4 }).map((ps) => new UpdatePriorities(ps))],
    // Twice: assign's promise (it replaces) shows only when the configuration already has assignments.
    ['assign', fc.tuple(pick, groups).map(([p, g]) => new Assign(p, g))],
    ['assign', fc.tuple(pick, groups).map(([p, g]) => new Assign(p, g))],
    ['listAssignments', pick.map((p) => new ListAssignments(p))],
    ['createAssignment', fc.tuple(pick, fc.uuid({ version: 4 })).map(([p, g]) => new CreateAssignment(p, g))],
    ['patchAssignment', fc.tuple(pick, pick, fc.uuid({ version: 4 })).map(([p, a, g]) => new PatchAssignment(p, a, g))],
    ['deleteAssignment', fc.tuple(pick, pick).map(([p, a]) => new DeleteAssignment(p, a))],
  ];
  const kept = commands.filter(([kind]) => inScope(kind, o.operations)).map(([, arb]) => arb);
  return fc.commands(kept, { maxCommands: o.maxCommands, size: 'max' });
}
