// Quorum verifiers (R87, R88): decide whether a set of server ids (ACKs, votes, synced learners) forms
// a quorum, and give each server's election weight. They are immutable after construction; observers
// are simply not voters. Both classes validate their configuration up front, as QuorumPeerConfig does.
import { assert } from '@zksim/kernel';
import type { ServerId } from '@zksim/protocol';

/** What election, commit and liveness checks ask of a quorum configuration. */
export interface QuorumVerifier {
  /** Voting members, ascending. */
  readonly voters: readonly ServerId[];
  /** True iff `ids` (duplicates and non-voters ignored) is a quorum. */
  containsQuorum(ids: Iterable<ServerId>): boolean;
  /** Election weight of a server; 0 means it cannot be elected (R65), and every non-voter has 0. */
  weight(id: ServerId): number;
}

/** A group of a hierarchical configuration (`group.<id>=a:b:c`). */
export interface QuorumGroup {
  readonly id: number;
  readonly members: readonly ServerId[];
}

function distinct(ids: Iterable<ServerId>): ReadonlySet<ServerId> {
  return ids instanceof Set ? (ids as ReadonlySet<ServerId>) : new Set(ids);
}

/**
 * QuorumMaj (R87): a quorum is more than half of the voters, `|ids ∩ voters| > floor(n/2)`.
 * @example new MajorityQuorum([1, 2, 3]).containsQuorum(new Set([1, 3])) === true
 */
export class MajorityQuorum implements QuorumVerifier {
  readonly voters: readonly ServerId[];
  private readonly voterSet: ReadonlySet<ServerId>;
  private readonly half: number;

  /** Builds a majority verifier over distinct integer voter ids (at least one). */
  constructor(voters: Iterable<ServerId>) {
    const list = [...voters];
    const set = new Set(list);
    assert(list.length > 0, 'MajorityQuorum needs at least one voter');
    if (!(set.size === list.length)) assert(false, `MajorityQuorum voters must be distinct: ${list.join(',')}`);
    for (const id of list) assert(Number.isInteger(id), `voter id must be an integer: ${id}`);
    this.voters = list.sort((a, b) => a - b);
    this.voterSet = set;
    this.half = Math.floor(list.length / 2); // R87: QuorumMaj.half = votingMembers.size() / 2
  }

  containsQuorum(ids: Iterable<ServerId>): boolean {
    let count = 0;
    for (const id of distinct(ids)) if (this.voterSet.has(id)) count++;
    return count > this.half; // R87
  }

  /** 1 for a voter, 0 for anyone else (QuorumMaj.getWeight returns 1 and only voters are asked). */
  weight(id: ServerId): number {
    return this.voterSet.has(id) ? 1 : 0;
  }
}

/**
 * QuorumHierarchical (R88): a set is a quorum iff, in more than half of the groups, its weight exceeds
 * half the group's weight. Groups whose total weight is 0 do not count in the number of groups.
 * @example three groups of three: two servers from each of two groups form a quorum.
 */
export class HierarchicalQuorum implements QuorumVerifier {
  readonly voters: readonly ServerId[];
  private readonly groupOf = new Map<ServerId, number>();
  private readonly weights = new Map<ServerId, number>();
  private readonly groupWeight = new Map<number, number>();
  private readonly numGroups: number;

  /** Builds the verifier; a voter missing from `weights` has weight 1 (QuorumHierarchical.parse). */
  constructor(groups: readonly QuorumGroup[], weights: ReadonlyMap<ServerId, number>) {
    const groupIds = new Set<number>();
    for (const g of groups) {
      if (!(!groupIds.has(g.id))) assert(false, `group ${g.id} is declared twice`);
      groupIds.add(g.id);
      if (!(g.members.length > 0)) assert(false, `group ${g.id} has no members`);
      let total = 0;
      for (const sid of g.members) {
        if (!(Number.isInteger(sid))) assert(false, `server id must be an integer: ${sid}`);
        if (!(!this.groupOf.has(sid))) assert(false, `server ${sid} is in multiple groups`);
        const w = weights.get(sid) ?? 1;
        if (!(Number.isInteger(w) && w >= 0)) assert(false, `weight of server ${sid} must be a non-negative integer: ${w}`);
        this.groupOf.set(sid, g.id);
        this.weights.set(sid, w);
        total += w;
      }
      this.groupWeight.set(g.id, total);
    }
    assert(this.groupOf.size > 0, 'HierarchicalQuorum needs at least one voter');
    let zeroGroups = 0;
    for (const w of this.groupWeight.values()) if (w === 0) zeroGroups++;
    this.numGroups = groups.length - zeroGroups; // R88: zero-weight groups do not count
    this.voters = [...this.groupOf.keys()].sort((a, b) => a - b);
  }

  containsQuorum(ids: Iterable<ServerId>): boolean {
    const perGroup = new Map<number, number>();
    for (const sid of distinct(ids)) {
      const gid = this.groupOf.get(sid);
      if (gid === undefined) continue; // not a voter (observer or unknown)
      perGroup.set(gid, (perGroup.get(gid) ?? 0) + (this.weights.get(sid) ?? 0));
    }
    let majorityGroups = 0;
    for (const [gid, w] of perGroup) {
      // R88: Java's `w > groupWeight / 2` with long division.
      if (w > Math.floor((this.groupWeight.get(gid) ?? 0) / 2)) majorityGroups++;
    }
    return majorityGroups > Math.floor(this.numGroups / 2);
  }

  /** The configured weight of a voter (default 1), 0 for a non-voter. */
  weight(id: ServerId): number {
    return this.weights.get(id) ?? 0;
  }

  /** The group of a voter, or null. */
  groupOfServer(id: ServerId): number | null {
    return this.groupOf.get(id) ?? null;
  }
}
