import { randomUUID } from 'node:crypto';
import type { JsonObject } from './json';

/** One page of the entity set, in creation order. */
export interface StorePage {
  entities: JsonObject[];
  /** The position of the last entity returned (the `after` of the next page); `after` itself when none was. */
  last: number;
  /** Whether an entity exists past `last` right now. */
  more: boolean;
}

interface Row {
  /** Creation position: 1, 2, 3... never reused, so a page boundary stays put whatever is deleted. */
  seq: number;
  entity: JsonObject;
}

/** One page of a configuration's assignments, in creation order (as StorePage). */
export interface AssignmentPage {
  assignments: JsonObject[];
  last: number;
  more: boolean;
}

/**
 * The in-memory entity set. Every method is synchronous, so on Node's single thread no two requests interleave
 * inside one: concurrent creates can neither lose a record nor store two under one key.
 *
 * A configuration's assignments live inside it, under `assignments` (what its GET shows, and what the assignments
 * navigation reads and writes), each with the id the server gave it. The store keeps beside them each assignment
 * id's creation position, so their pages are as stable as the collection's.
 */
export class EntityStore {
  private readonly rows = new Map<string, Row>();
  private lastSeq = 0;
  /** Assignment id -> creation position (the same counter as configurations: positions only grow). */
  private readonly assignmentSeq = new Map<string, number>();

  constructor(private readonly newId: () => string = randomUUID) {}

  /** A fresh key no stored entity has. */
  allocateId(): string {
    for (;;) {
      const id = this.newId();
      if (!this.rows.has(id)) return id;
    }
  }

  get(id: string): JsonObject | undefined {
    return this.rows.get(id)?.entity;
  }

  /** Stores under id; returns false (and stores nothing) when the id is taken. */
  insert(id: string, entity: JsonObject): boolean {
    if (this.rows.has(id)) return false;
    this.rows.set(id, { seq: ++this.lastSeq, entity });
    return true;
  }

  /** Replaces an existing entity (it keeps its place in the order); returns false when there is none under id. */
  replace(id: string, entity: JsonObject): boolean {
    const row = this.rows.get(id);
    if (!row) return false;
    this.rows.set(id, { seq: row.seq, entity });
    return true;
  }

  delete(id: string): boolean {
    return this.rows.delete(id);
  }

  /** In creation order. */
  list(): JsonObject[] {
    return [...this.rows.values()].map((r) => r.entity);
  }

  /**
   * Up to `limit` entities created after position `after` (0: from the first), in creation order. Positions only
   * grow (a Map keeps insertion order, and replace keeps an entity's place), so pages read one after the other
   * neither repeat nor skip an entity that exists throughout, whatever is created or deleted in between.
   */
  page(after: number, limit: number): StorePage {
    const entities: JsonObject[] = [];
    let last = after;
    for (const row of this.rows.values()) {
      if (row.seq <= after) continue;
      if (entities.length === limit) return { entities, last, more: true };
      entities.push(row.entity);
      last = row.seq;
    }
    return { entities, last, more: false };
  }

  get size(): number {
    return this.rows.size;
  }

  /** A fresh assignment id: none live has it (they are unique across configurations, so an id names one). */
  allocateAssignmentId(): string {
    for (;;) {
      const id = this.newId();
      if (!this.assignmentSeq.has(id)) {
        this.assignmentSeq.set(id, ++this.lastSeq);
        return id;
      }
    }
  }

  /** Forgets the positions of assignments that are gone (replaced, deleted, or deleted with their configuration). */
  forgetAssignments(assignments: ReadonlyArray<JsonObject>): void {
    for (const a of assignments) if (typeof a['id'] === 'string') this.assignmentSeq.delete(a['id']);
  }

  /**
   * Up to `limit` of `assignments` created after position `after`, in creation order. Assignments the store gave no
   * position (only a mutant's body can hold them) come on the first page, beyond the limit.
   */
  assignmentPage(assignments: ReadonlyArray<JsonObject>, after: number, limit: number): AssignmentPage {
    const seqOf = (a: JsonObject): number | undefined =>
      typeof a['id'] === 'string' ? this.assignmentSeq.get(a['id']) : undefined;
    const unplaced = after === 0 ? assignments.filter((a) => seqOf(a) === undefined) : [];
    const placed = assignments
      .map((a) => ({ a, seq: seqOf(a) ?? 0 }))
      .filter((p) => p.seq > after)
      .sort((x, y) => x.seq - y.seq);
    const page = placed.slice(0, limit);
    return {
      assignments: [...unplaced, ...page.map((p) => p.a)],
      last: page[page.length - 1]?.seq ?? after,
      more: placed.length > limit,
    };
  }
}
