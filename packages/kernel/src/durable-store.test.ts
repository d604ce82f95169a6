import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { DurableStore } from './durable-store.ts';
import { Kernel } from './kernel.ts';
import { Rng } from './rng.ts';

type Op =
  | { readonly kind: 'append'; readonly stream: string; readonly record: number }
  | { readonly kind: 'truncate'; readonly stream: string; readonly length: number }
  | { readonly kind: 'put'; readonly key: string; readonly value: number }
  | { readonly kind: 'sync' }
  | { readonly kind: 'crash' };

const streamArb = fc.constantFrom('log', 'snap');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('append' as const), stream: streamArb, record: fc.integer() }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), stream: streamArb, length: fc.nat(6) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('put' as const), key: fc.constantFrom('epoch', 'vote'), value: fc.integer() }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'sync' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'crash' as const }), weight: 1 },
);

/** What a disk holds: streams and values. Applying ops to a copy gives the model's live and synced views. */
interface DiskModel {
  streams: Map<string, number[]>;
  values: Map<string, number>;
}

function copyModel(m: DiskModel): DiskModel {
  return { streams: new Map([...m.streams].map(([k, v]) => [k, v.slice()])), values: new Map(m.values) };
}

function applyOp(m: DiskModel, op: Op): void {
  if (op.kind === 'append') m.streams.set(op.stream, [...(m.streams.get(op.stream) ?? []), op.record]);
  else if (op.kind === 'truncate') m.streams.set(op.stream, (m.streams.get(op.stream) ?? []).slice(0, op.length));
  else if (op.kind === 'put') m.values.set(op.key, op.value);
}

function expectSame(store: DurableStore, m: DiskModel): void {
  for (const s of ['log', 'snap']) expect(store.read(s)).toEqual(m.streams.get(s) ?? []);
  for (const k of ['epoch', 'vote']) expect(store.get(k)).toBe(m.values.get(k));
}

describe('DurableStore', () => {
  // Goal: a crash keeps exactly what was synced. Approach: run random writes, syncs and crashes against a
  // model holding a live copy and a synced copy of the disk.
  test.prop([fc.array(opArb, { minLength: 10, maxLength: 60 })], { numRuns: 200 })('keeps synced writes and loses unsynced ones on crash (all-unsynced)', (ops) => {
    const store = new DurableStore();
    let live: DiskModel = { streams: new Map(), values: new Map() };
    let synced = copyModel(live);
    let unsynced = 0;
    for (const op of ops) {
      if (op.kind === 'sync') {
        store.sync();
        synced = copyModel(live);
        unsynced = 0;
      } else if (op.kind === 'crash') {
        expect(store.crash('all-unsynced')).toBe(unsynced);
        live = copyModel(synced);
        unsynced = 0;
      } else {
        if (op.kind === 'append') store.append(op.stream, op.record);
        else if (op.kind === 'truncate') store.truncate(op.stream, op.length);
        else store.put(op.key, op.value);
        applyOp(live, op);
        unsynced++;
      }
      expectSame(store, live);
      expect(store.unsyncedCount).toBe(unsynced);
    }
  });

  test.prop([fc.array(opArb.filter((op) => op.kind !== 'crash'), { maxLength: 30 }), fc.array(opArb.filter((op) => op.kind !== 'crash' && op.kind !== 'sync'), { maxLength: 12 }), fc.integer()])(
    'keeps a prefix of the unsynced writes on crash (random-prefix)',
    (before, tail, seed) => {
      const store = new DurableStore();
      for (const op of [...before, { kind: 'sync' as const }, ...tail]) {
        if (op.kind === 'append') store.append(op.stream, op.record);
        else if (op.kind === 'truncate') store.truncate(op.stream, op.length);
        else if (op.kind === 'put') store.put(op.key, op.value);
        else store.sync();
      }
      const lost = store.crash('random-prefix', new Rng(seed));
      expect(lost).toBeGreaterThanOrEqual(0);
      expect(lost).toBeLessThanOrEqual(tail.length);
      const expected: DiskModel = { streams: new Map(), values: new Map() };
      for (const op of [...before, ...tail.slice(0, tail.length - lost)]) applyOp(expected, op);
      expectSame(store, expected);
      // What survived is now durable: a second crash loses nothing more.
      expect(store.crash('all-unsynced')).toBe(0);
      expectSame(store, expected);
    },
  );

  it('keeps every possible prefix length across seeds, from none to all', () => {
    const kept = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const store = new DurableStore();
      for (let i = 0; i < 3; i++) store.append('log', i);
      kept.add(3 - store.crash('random-prefix', new Rng(seed)));
    }
    expect([...kept].sort()).toEqual([0, 1, 2, 3]);
  });

  it('does not let writes made after a crash leak into the synced state', () => {
    const store = new DurableStore();
    store.append('log', 1);
    store.sync();
    store.crash();
    store.append('log', 2);
    store.crash();
    expect(store.read('log')).toEqual([1]);
  });

  it('truncates the live view at once, and durably only after sync', () => {
    const store = new DurableStore();
    for (const r of ['a', 'b', 'c', 'd']) store.append('log', r);
    store.sync();
    store.truncate('log', 2);
    expect(store.read('log')).toEqual(['a', 'b']);
    store.crash();
    expect(store.read('log')).toEqual(['a', 'b', 'c', 'd']); // the truncate was not synced
    store.truncate('log', 1);
    store.truncate('log', 3); // never lengthens
    store.sync();
    store.crash();
    expect(store.read('log')).toEqual(['a']);
  });

  it('loses the unsynced tail when its node crashes in the kernel, and keeps it across restart', () => {
    const kernel = new Kernel({ seed: 'durable' });
    const node = kernel.addNode('s1', 'server');
    const disk = kernel.durable(node);
    disk.append('txnlog', 'zxid-1');
    disk.put('acceptedEpoch', 1);
    disk.sync();
    disk.append('txnlog', 'zxid-2');
    kernel.crash(node);
    kernel.restart(node);
    expect(kernel.durable(node)).toBe(disk);
    expect(disk.read('txnlog')).toEqual(['zxid-1']);
    expect(disk.get('acceptedEpoch')).toBe(1);
  });

  it('draws the random prefix from the kernel seed, so a crash replays', () => {
    const survivors = (seed: string): unknown[] => {
      const kernel = new Kernel({ seed });
      const out: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const node = kernel.addNode(`s${i}`, 'server');
        for (let r = 0; r < 10; r++) kernel.durable(node).append('log', r);
        kernel.crash(node, 'random-prefix');
        out.push(kernel.durable(node).read('log').length);
      }
      return out;
    };
    expect(survivors('replay')).toEqual(survivors('replay'));
  });
});
