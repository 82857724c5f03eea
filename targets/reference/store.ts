import { randomUUID } from 'node:crypto';
import type { JsonObject } from './json';

/**
 * The in-memory entity set. Every method is synchronous, so on Node's single thread no two requests interleave
 * inside one: concurrent creates can neither lose a record nor store two under one key.
 */
export class EntityStore {
  private readonly entities = new Map<string, JsonObject>();

  constructor(private readonly newId: () => string = randomUUID) {}

  /** A fresh key no stored entity has. */
  allocateId(): string {
    for (;;) {
      const id = this.newId();
      if (!this.entities.has(id)) return id;
    }
  }

  get(id: string): JsonObject | undefined {
    return this.entities.get(id);
  }

  /** Stores under id; returns false (and stores nothing) when the id is taken. */
  insert(id: string, entity: JsonObject): boolean {
    if (this.entities.has(id)) return false;
    this.entities.set(id, entity);
    return true;
  }

  /** Replaces an existing entity; returns false when there is none under id. */
  replace(id: string, entity: JsonObject): boolean {
    if (!this.entities.has(id)) return false;
    this.entities.set(id, entity);
    return true;
  }

  delete(id: string): boolean {
    return this.entities.delete(id);
  }

  /** In creation order. */
  list(): JsonObject[] {
    return [...this.entities.values()];
  }

  get size(): number {
    return this.entities.size;
  }
}
