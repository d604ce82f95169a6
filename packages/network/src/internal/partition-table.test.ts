import { describe, expect, it } from 'vitest';
import { PartitionTable } from './partition-table.ts';

describe('PartitionTable', () => {
  it('cuts both directions between the groups of a symmetric rule, and nothing inside a group', () => {
    const table = new PartitionTable();
    table.add({ groupA: [0, 1], groupB: [2] });
    expect(table.cuts(0, 2, 'server-server')).toBe(true);
    expect(table.cuts(2, 1, 'server-server')).toBe(true);
    expect(table.cuts(0, 1, 'server-server')).toBe(false);
    expect(table.cuts(0, 3, 'server-server')).toBe(false); // node 3 is in neither group
  });

  it('cuts only group A to group B under a one-way rule', () => {
    const table = new PartitionTable();
    table.add({ groupA: [0], groupB: [1], direction: 'a-to-b' });
    expect(table.cuts(0, 1, 'other')).toBe(true);
    expect(table.cuts(1, 0, 'other')).toBe(false);
  });

  it('takes every node outside group A as group B when B is omitted', () => {
    const table = new PartitionTable();
    table.add({ groupA: [0] });
    expect(table.cuts(0, 99, 'other')).toBe(true);
    expect(table.cuts(42, 0, 'other')).toBe(true);
    expect(table.cuts(42, 99, 'other')).toBe(false);
  });

  it('matches a rule\'s scope against the link class', () => {
    const table = new PartitionTable();
    table.add({ groupA: [0], scope: 'client-server' });
    expect(table.cuts(0, 1, 'client-server')).toBe(true);
    expect(table.cuts(0, 1, 'server-server')).toBe(false);
    expect(table.cuts(0, 1, 'other')).toBe(false);
  });

  it('changes its version on every add and effective remove, and heals by id', () => {
    const table = new PartitionTable();
    const a = table.add({ groupA: [0] });
    const b = table.add({ groupA: [1], groupB: [2] });
    expect(table.version).toBe(2);
    expect(table.remove(a)).toBe(true);
    expect(table.remove(a)).toBe(false);
    expect(table.version).toBe(3);
    expect(table.ids()).toEqual([b]);
    expect(table.cuts(0, 5, 'other')).toBe(false);
    expect(table.clear()).toEqual([b]);
    expect(table.size).toBe(0);
  });

  it('rejects a node in both groups', () => {
    expect(() => new PartitionTable().add({ groupA: [0, 1], groupB: [1] })).toThrow(/in both groups/);
  });
});
