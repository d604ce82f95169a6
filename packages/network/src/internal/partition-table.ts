// The active partition rules and the question "is the directed link from → to cut?". Rules are kept in
// insertion order; a version counter changes on every add or remove so links can cache their answer.
// The table knows node ids and link classes only; it never tells any node anything.
import { assert } from '@zksim/kernel';
import type { NodeId } from '@zksim/kernel';
import type { PartitionDirection, PartitionId, PartitionScope, PartitionSpec } from '../network-options.ts';
import type { LinkClass } from './link-table.ts';

interface PartitionRule {
  readonly id: PartitionId;
  readonly groupA: ReadonlySet<NodeId>;
  /** null: every node not in group A. */
  readonly groupB: ReadonlySet<NodeId> | null;
  readonly direction: PartitionDirection;
  readonly scope: PartitionScope;
}

/** Active partition rules. */
export class PartitionTable {
  /** Changes whenever a rule is added or removed. */
  version = 0;
  private readonly rules = new Map<PartitionId, PartitionRule>();
  private nextId = 1;

  /** Number of active rules. */
  get size(): number {
    return this.rules.size;
  }

  /** Adds a rule; returns its id. */
  add(spec: PartitionSpec): PartitionId {
    assert(spec.groupA.length > 0, 'partition: group A is empty');
    const groupA = new Set(spec.groupA);
    const groupB = spec.groupB === undefined ? null : new Set(spec.groupB);
    if (groupB !== null) {
      assert(groupB.size > 0, 'partition: group B is empty');
      for (const n of groupB) assert(!groupA.has(n), `partition: node ${n} is in both groups`);
    }
    const id = this.nextId++;
    this.rules.set(id, { id, groupA, groupB, direction: spec.direction ?? 'both', scope: spec.scope ?? 'all' });
    this.version++;
    return id;
  }

  /** Removes one rule; false if it was not active. */
  remove(id: PartitionId): boolean {
    const had = this.rules.delete(id);
    if (had) this.version++;
    return had;
  }

  /** Removes every rule; returns their ids in insertion order. */
  clear(): PartitionId[] {
    const ids = [...this.rules.keys()];
    this.rules.clear();
    if (ids.length > 0) this.version++;
    return ids;
  }

  /** Ids of the active rules in insertion order. */
  ids(): PartitionId[] {
    return [...this.rules.keys()];
  }

  /** True when some rule cuts messages from `from` to `to` on a link of class `linkClass`. */
  cuts(from: NodeId, to: NodeId, linkClass: LinkClass): boolean {
    for (const r of this.rules.values()) {
      if (r.scope !== 'all' && r.scope !== linkClass) continue;
      const fromA = r.groupA.has(from);
      const toA = r.groupA.has(to);
      const fromB = r.groupB === null ? !fromA : r.groupB.has(from);
      const toB = r.groupB === null ? !toA : r.groupB.has(to);
      if (fromA && toB) return true;
      if (r.direction === 'both' && fromB && toA) return true;
    }
    return false;
  }
}
