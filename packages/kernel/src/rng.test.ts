import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Rng } from './rng.ts';

const seedArb = fc.oneof(fc.integer(), fc.string({ maxLength: 12 }));
const labelArb = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s !== 'a');

function draws(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.next());
}

describe('Rng', () => {
  test.prop([seedArb])('gives the same sequence for the same seed', (seed) => {
    expect(draws(new Rng(seed), 50)).toEqual(draws(new Rng(seed), 50));
    expect(draws(new Rng(seed).fork('x'), 20)).toEqual(draws(new Rng(seed).fork('x'), 20));
  });

  test.prop([fc.integer(), fc.integer()])('gives different sequences for different seeds', (a, b) => {
    fc.pre(a !== b);
    expect(draws(new Rng(a), 8)).not.toEqual(draws(new Rng(b), 8));
  });

  // Goal: a stream's sequence depends only on the root seed and its label, never on what other streams
  // drew or which were forked first. Approach: draw fork('a') on a fresh root; then, on another fresh
  // root, fork other labels first, draw from them and from the root in between, and compare.
  test.prop([
    seedArb,
    fc.array(labelArb, { maxLength: 5 }),
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
  ])('keeps fork("a") unchanged by draws on other forks or the root, and by forking others first', (seed, others, rootDraws, bDraws, otherDraws) => {
    const expected = draws(new Rng(seed).fork('a'), 30);

    const root = new Rng(seed);
    const forked = others.map((label) => root.fork(label));
    draws(root, rootDraws);
    for (const f of forked) draws(f, otherDraws);
    const b = root.fork('b');
    const a = root.fork('a');
    const got: number[] = [];
    for (let i = 0; i < 30; i++) {
      got.push(a.next());
      draws(b, i % 3 === 0 ? bDraws : 1);
      draws(root, 1);
    }
    expect(got).toEqual(expected);
  });

  it('names streams by their label path', () => {
    const root = new Rng(42);
    expect(root.path).toBe('42');
    expect(root.fork('network').fork('link').path).toBe('42/network/link');
    expect(draws(root.fork('a'), 5)).not.toEqual(draws(root.fork('b'), 5));
  });

  test.prop([seedArb, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 })])(
    'draws integers in [min, max], both ends included',
    (seed, min, span) => {
      const rng = new Rng(seed);
      for (let i = 0; i < 200; i++) {
        const v = rng.int(min, min + span);
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(min);
        expect(v).toBeLessThanOrEqual(min + span);
      }
    },
  );

  it('reaches both ends of a small range', () => {
    const rng = new Rng('ends');
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(rng.int(1, 3));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  test.prop([seedArb, fc.array(fc.integer(), { maxLength: 30 })])('shuffles into a permutation and picks members', (seed, items) => {
    const rng = new Rng(seed);
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual([...items].sort((x, y) => x - y));
    if (items.length > 0) expect(items).toContain(rng.pick(items));
  });

  it('treats chance(0) as never and chance(1) as always', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 100; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  test.prop([seedArb, fc.integer({ min: 0, max: 100 })])('continues the same sequence after saveState and restore', (seed, skip) => {
    const rng = new Rng(seed).fork('disk');
    draws(rng, skip);
    const restored = Rng.restore(rng.path, rng.saveState());
    expect(draws(restored, 20)).toEqual(draws(rng, 20));
  });
});
