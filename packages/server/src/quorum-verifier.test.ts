import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { HierarchicalQuorum, MajorityQuorum } from './quorum-verifier.ts';

describe('MajorityQuorum', () => {
  it('R87: needs more than half of the voters (2 of 3, 3 of 4, 3 of 5)', () => {
    const q3 = new MajorityQuorum([1, 2, 3]);
    expect(q3.containsQuorum(new Set([1]))).toBe(false);
    expect(q3.containsQuorum(new Set([1, 3]))).toBe(true);
    const q4 = new MajorityQuorum([1, 2, 3, 4]);
    expect(q4.containsQuorum(new Set([1, 2]))).toBe(false);
    expect(q4.containsQuorum(new Set([1, 2, 4]))).toBe(true);
    const q5 = new MajorityQuorum([5, 4, 3, 2, 1]);
    expect(q5.containsQuorum([1, 2])).toBe(false);
    expect(q5.containsQuorum([1, 2, 5])).toBe(true);
  });

  it('R87: observers and unknown ids never count, nor do duplicates', () => {
    const q = new MajorityQuorum([1, 2, 3]);
    expect(q.containsQuorum(new Set([1, 4, 5, 6]))).toBe(false);
    expect(q.containsQuorum([1, 1, 1])).toBe(false);
    expect(q.containsQuorum([])).toBe(false);
  });

  it('lists voters ascending and weighs voters 1, others 0', () => {
    const q = new MajorityQuorum([3, 1, 2]);
    expect(q.voters).toEqual([1, 2, 3]);
    expect(q.weight(2)).toBe(1);
    expect(q.weight(4)).toBe(0);
  });

  it('rejects an empty or duplicated voter list', () => {
    expect(() => new MajorityQuorum([])).toThrow(/at least one voter/);
    expect(() => new MajorityQuorum([1, 1])).toThrow(/distinct/);
  });

  test.prop([fc.uniqueArray(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 9 }), fc.uniqueArray(fc.integer({ min: 1, max: 20 }))])(
    'R87: any two quorums intersect in a voter',
    (voters, ids) => {
      const q = new MajorityQuorum(voters);
      const a = new Set(ids);
      const b = new Set(voters.filter((v) => !a.has(v)));
      expect(q.containsQuorum(a) && q.containsQuorum(b)).toBe(false);
    },
  );
});

describe('HierarchicalQuorum', () => {
  const threeByThree = [
    { id: 1, members: [1, 2, 3] },
    { id: 2, members: [4, 5, 6] },
    { id: 3, members: [7, 8, 9] },
  ];

  it('R88: 3 groups × 3 servers — a majority in a majority of groups (4 servers can be enough)', () => {
    const q = new HierarchicalQuorum(threeByThree, new Map());
    expect(q.voters).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(q.containsQuorum(new Set([1, 2, 4, 5]))).toBe(true);
    expect(q.containsQuorum(new Set([1, 2, 3, 4, 7]))).toBe(false); // 5 servers, one group with a majority
    expect(q.containsQuorum(new Set([1, 4, 7, 2]))).toBe(false);
    expect(q.containsQuorum(new Set([1, 2, 3, 4, 5, 6]))).toBe(true);
    expect(q.containsQuorum(new Set())).toBe(false);
  });

  it('R88: weights decide the majority inside a group', () => {
    const q = new HierarchicalQuorum(threeByThree, new Map([[1, 3]])); // group 1 weighs 5: needs > 2
    expect(q.weight(1)).toBe(3);
    expect(q.weight(2)).toBe(1);
    expect(q.containsQuorum(new Set([1, 4, 5]))).toBe(true); // weight 3 > 2 in group 1
    expect(q.containsQuorum(new Set([2, 3, 4, 5]))).toBe(false); // weight 2, not > 2
  });

  it('R88: zero-weight groups do not count (HierarchicalQuorumTest: 1:2:3 weight 1, 4:5 weight 0)', () => {
    const q = new HierarchicalQuorum(
      [
        { id: 1, members: [1, 2, 3] },
        { id: 2, members: [4, 5] },
      ],
      new Map([[1, 1], [2, 1], [3, 1], [4, 0], [5, 0]]),
    );
    expect(q.containsQuorum(new Set([1, 2]))).toBe(true); // one counted group, majority in it
    expect(q.containsQuorum(new Set([1, 4, 5]))).toBe(false);
    expect(q.containsQuorum(new Set([3, 4, 5]))).toBe(false);
  });

  it('R65/R88: a zero-weight server has weight 0 (cannot be elected); a non-voter too', () => {
    const q = new HierarchicalQuorum([{ id: 1, members: [1, 2, 3] }], new Map([[3, 0]]));
    expect(q.weight(3)).toBe(0);
    expect(q.weight(1)).toBe(1);
    expect(q.weight(9)).toBe(0);
    expect(q.groupOfServer(2)).toBe(1);
    expect(q.groupOfServer(9)).toBeNull();
    expect(q.containsQuorum(new Set([1, 2]))).toBe(true);
    expect(q.containsQuorum(new Set([1, 3]))).toBe(false); // weight 1 of 2: not > 1
  });

  it('R88: uses integer halves (group weight 4 needs 3; 4 groups need 3)', () => {
    const q = new HierarchicalQuorum(
      [1, 2, 3, 4].map((g) => ({ id: g, members: [g * 10 + 1, g * 10 + 2, g * 10 + 3, g * 10 + 4] })),
      new Map(),
    );
    expect(q.containsQuorum(new Set([11, 12, 21, 22, 31, 32, 41, 42]))).toBe(false);
    expect(q.containsQuorum(new Set([11, 12, 13, 21, 22, 23]))).toBe(false);
    expect(q.containsQuorum(new Set([11, 12, 13, 21, 22, 23, 31, 32, 33]))).toBe(true);
  });

  it('rejects a server in two groups and negative weights', () => {
    expect(() => new HierarchicalQuorum([{ id: 1, members: [1, 2] }, { id: 2, members: [2, 3] }], new Map())).toThrow(/multiple groups/);
    expect(() => new HierarchicalQuorum([{ id: 1, members: [1] }], new Map([[1, -1]]))).toThrow(/non-negative/);
  });
});
