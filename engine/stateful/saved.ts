/**
 * A sequence as data: each command that ran, by operation and arguments, so a case file can hold the shrunk sequence
 * itself and `replay` can run exactly it again against any target. (A fast-check path would not do: fast-check
 * shrinks a sequence by the commands that ran in it, so the same path leads elsewhere on a target that answers
 * differently, such as the fixed one.)
 */
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

export type SavedCommand =
  | { op: 'create'; body: ConstructorParameters<typeof CreateConfig>[0] }
  | { op: 'get' | 'delete' | 'list-assignments'; pick: number }
  | { op: 'patch'; pick: number; patch: Record<string, unknown>; ownPriority?: boolean }
  | { op: 'invalid-patch'; pick: number; patch: Record<string, unknown>; rule: string; pointer: string }
  | { op: 'list'; pageSize?: number }
  | { op: 'update-priorities'; picks: number[] }
  | { op: 'assign'; pick: number; groups: string[] }
  | { op: 'create-assignment'; pick: number; groupId: string }
  | { op: 'patch-assignment'; pick: number; assignment: number; groupId: string }
  | { op: 'delete-assignment'; pick: number; assignment: number };

export function saveCommand(c: Command): SavedCommand {
  if (c instanceof CreateConfig) return { op: 'create', body: c.body };
  if (c instanceof GetConfig) return { op: 'get', pick: c.pick };
  if (c instanceof PatchConfig)
    return { op: 'patch', pick: c.pick, patch: c.patch, ...(c.ownPriority ? { ownPriority: true } : {}) };
  if (c instanceof InvalidPatch)
    return { op: 'invalid-patch', pick: c.pick, patch: c.patch, rule: c.rule, pointer: c.pointer };
  if (c instanceof DeleteConfig) return { op: 'delete', pick: c.pick };
  if (c instanceof ListConfigs) return c.pageSize ? { op: 'list', pageSize: c.pageSize } : { op: 'list' };
  if (c instanceof UpdatePriorities) return { op: 'update-priorities', picks: [...c.picks] };
  if (c instanceof Assign) return { op: 'assign', pick: c.pick, groups: [...c.groups] };
  if (c instanceof ListAssignments) return { op: 'list-assignments', pick: c.pick };
  if (c instanceof CreateAssignment) return { op: 'create-assignment', pick: c.pick, groupId: c.groupId };
  if (c instanceof PatchAssignment)
    return { op: 'patch-assignment', pick: c.pick, assignment: c.pickAssignment, groupId: c.groupId };
  if (c instanceof DeleteAssignment) return { op: 'delete-assignment', pick: c.pick, assignment: c.pickAssignment };
  throw new Error(`no saved form for the command ${String(c)}`);
}

/** The command a saved one names; throws (with what was wrong) on one a case file cannot hold. */
export function restoreCommand(s: SavedCommand): Command {
  switch (s.op) {
    case 'create':
      return new CreateConfig(s.body);
    case 'get':
      return new GetConfig(s.pick);
    case 'patch':
      return new PatchConfig(s.pick, s.patch, s.ownPriority ?? false);
    case 'invalid-patch':
      return new InvalidPatch(s.pick, s.patch, s.rule, s.pointer);
    case 'delete':
      return new DeleteConfig(s.pick);
    case 'list':
      return new ListConfigs(s.pageSize);
    case 'update-priorities':
      return new UpdatePriorities(s.picks);
    case 'assign':
      return new Assign(s.pick, s.groups);
    case 'list-assignments':
      return new ListAssignments(s.pick);
    case 'create-assignment':
      return new CreateAssignment(s.pick, s.groupId);
    case 'patch-assignment':
      return new PatchAssignment(s.pick, s.assignment, s.groupId);
    case 'delete-assignment':
      return new DeleteAssignment(s.pick, s.assignment);
    default:
      throw new Error(`unknown saved command ${JSON.stringify(s)}`);
  }
}
