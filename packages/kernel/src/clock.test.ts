import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { DEFAULT_WALL_EPOCH_MS, NodeClock } from './clock.ts';
import { AssertionError } from './errors.ts';
import { Kernel } from './kernel.ts';

const MILLION = 1_000_000n;

// Exact reference in BigInt: the reading at global g of a clock whose rate is (1e6 + ppm)/1e6 from
// (baseGlobal, baseLocal) on is baseLocal + floor((g − baseGlobal) · (1e6 + ppm) / 1e6).
function referenceReading(baseGlobal: number, baseLocal: number, ppm: number, g: number): number {
  const num = BigInt(g - baseGlobal) * (MILLION + BigInt(ppm));
  let q = num / MILLION; // truncates toward zero
  if (num < 0n && q * MILLION !== num) q -= 1n; // floor
  return baseLocal + Number(q);
}

const ppmArb = fc.integer({ min: -99_999, max: 99_999 });
const globalArb = fc.integer({ min: 0, max: 40 * 24 * 3600 * 1000 }); // 40 days of ms
const originArb = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

describe('NodeClock', () => {
  test.prop([ppmArb, originArb, globalArb, globalArb])(
    'reads floor(g · rate) from its origin, and never goes backwards',
    (ppm, origin, a, b) => {
      const clock = new NodeClock({ driftPpm: ppm, monotonicOriginMs: origin });
      const [g1, g2] = a <= b ? [a, b] : [b, a];
      expect(clock.monotonicAt(g1)).toBe(referenceReading(0, origin, ppm, g1));
      expect(clock.monotonicAt(g2)).toBe(referenceReading(0, origin, ppm, g2));
      expect(clock.monotonicAt(g1)).toBeLessThanOrEqual(clock.monotonicAt(g2));
    },
  );

  // L ranges below the clock's base reading too (global times before 0, on the same line).
  test.prop([ppmArb, originArb, globalArb, fc.integer({ min: -10_000_000, max: 10_000_000 })])(
    'globalFor(L) is the smallest global time whose reading is at least L',
    (ppm, origin, g0, ahead) => {
      const clock = new NodeClock({ driftPpm: ppm, monotonicOriginMs: origin });
      const local = clock.monotonicAt(g0) + ahead;
      const g = clock.globalFor(local);
      expect(Number.isInteger(g)).toBe(true);
      expect(clock.monotonicAt(g)).toBeGreaterThanOrEqual(local);
      expect(clock.monotonicAt(g - 1)).toBeLessThan(local);
    },
  );

  // Goal: rate changes keep the reading continuous and each segment runs at its own rate. Approach: walk
  // a random schedule of (step, new ppm), checking the reading before and after each change and against
  // the exact reference from the segment's start.
  test.prop([
    ppmArb,
    fc.array(fc.record({ stepMs: fc.integer({ min: 0, max: 5_000_000 }), ppm: ppmArb }), { minLength: 1, maxLength: 20 }),
  ])('keeps the reading continuous and monotonic across drift changes', (ppm0, changes) => {
    const clock = new NodeClock({ driftPpm: ppm0 });
    let g = 0;
    let baseGlobal = 0;
    let baseLocal = 0;
    let ppm = ppm0;
    for (const change of changes) {
      const mid = g + Math.floor(change.stepMs / 2);
      g += change.stepMs;
      expect(clock.monotonicAt(mid)).toBe(referenceReading(baseGlobal, baseLocal, ppm, mid));
      const before = clock.monotonicAt(g);
      expect(before).toBe(referenceReading(baseGlobal, baseLocal, ppm, g));
      expect(before).toBeGreaterThanOrEqual(clock.monotonicAt(mid));
      clock.setDrift(g, change.ppm);
      expect(clock.monotonicAt(g)).toBe(before);
      expect(clock.driftPpm).toBe(change.ppm);
      baseGlobal = g;
      baseLocal = before;
      ppm = change.ppm;
      const local = before + 12_345;
      const target = clock.globalFor(local);
      expect(clock.monotonicAt(target)).toBeGreaterThanOrEqual(local);
      expect(clock.monotonicAt(target - 1)).toBeLessThan(local);
    }
  });

  test.prop([ppmArb, globalArb, fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 10 })])(
    'moves the wall clock on a jump and leaves the monotonic clock alone',
    (ppm, g, jumps) => {
      const clock = new NodeClock({ driftPpm: ppm, monotonicOriginMs: 500 });
      const monotonic = clock.monotonicAt(g);
      const wall = clock.wallAt(g);
      let total = 0;
      for (const delta of jumps) {
        clock.jumpWall(delta);
        total += delta;
        expect(clock.monotonicAt(g)).toBe(monotonic);
        expect(clock.wallAt(g)).toBe(wall + total);
      }
      expect(clock.globalFor(monotonic + 1000)).toBe(new NodeClock({ driftPpm: ppm, monotonicOriginMs: 500 }).globalFor(monotonic + 1000));
    },
  );

  it('starts the wall clock at the default epoch and keeps wall − monotonic fixed across drift changes', () => {
    const clock = new NodeClock({ driftPpm: 250, monotonicOriginMs: 77 });
    expect(clock.wallAt(0)).toBe(DEFAULT_WALL_EPOCH_MS);
    const offset = clock.wallAt(1_000_000) - clock.monotonicAt(1_000_000);
    clock.setDrift(1_000_000, -300);
    expect(clock.wallAt(5_000_000) - clock.monotonicAt(5_000_000)).toBe(offset);
    expect(new NodeClock({ wallOriginMs: 42 }).wallAt(10)).toBe(52);
  });

  it('rejects a drift that is not an integer in (−1e6, 1e6)', () => {
    expect(() => new NodeClock({ driftPpm: 1.5 })).toThrow(RangeError);
    expect(() => new NodeClock({ driftPpm: -1_000_000 })).toThrow(RangeError);
    expect(() => new NodeClock().setDrift(0, 1_000_000)).toThrow(RangeError);
    expect(() => new NodeClock({ driftPpm: 999_999 })).not.toThrow();
  });

  // Regression: below the clock's base reading, globalFor once returned baseGlobal + (local − baseLocal),
  // ignoring the rate: −11 here, where the reading is 987 < 989.
  it('answers globalFor correctly for readings before the clock origin', () => {
    const clock = new NodeClock({ driftPpm: 100_000, monotonicOriginMs: 1000 });
    const g = clock.globalFor(989);
    expect(clock.monotonicAt(g)).toBeGreaterThanOrEqual(989);
    expect(clock.monotonicAt(g - 1)).toBeLessThan(989);
  });
});

/** A kernel with one drifting node whose timer handler logs (global time, local reading, tag). */
function driftingKernel(ppm: number, originMs: number): { kernel: Kernel; node: number; fired: Array<[number, number, string]> } {
  const kernel = new Kernel({ seed: 'clock' });
  const node = kernel.addNode('s1', 'server', { driftPpm: ppm, monotonicOriginMs: originMs });
  const fired: Array<[number, number, string]> = [];
  kernel.setTimerHandler(node, { onTimer: (tag) => fired.push([kernel.now, kernel.localNow(node), tag]) });
  return { kernel, node, fired };
}

describe('Kernel timers on a drifting clock', () => {
  // Goal: a timer fires at the first global time whose local reading reaches local-at-set + delay, also
  // when the drift changes while it is pending. Approach: reference NodeClocks given the same options and
  // drift changes give the reading at any time (one clock per segment, since a NodeClock extrapolates its
  // latest rate backwards); for a firing time T the reading at T reaches the deadline and the reading at
  // T − 1 did not (unless T is the time the timer was set: a timer never fires in the past).
  test.prop([
    fc.tuple(ppmArb, ppmArb, ppmArb),
    originArb,
    fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })),
    fc.integer({ min: 0, max: 1_000_000 }),
  ])(
    'setTimer and setTimerAt fire at the first global time whose local reading reaches the deadline',
    ([ppm, ppm2, ppm3], origin, [firstChangeAt, setAtExtra, secondChangeExtra], delayMs) => {
      const { kernel, node, fired } = driftingKernel(ppm, origin);
      const before = new NodeClock({ driftPpm: ppm, monotonicOriginMs: origin });
      kernel.run(firstChangeAt);
      kernel.setDrift(node, ppm2);
      before.setDrift(firstChangeAt, ppm2);
      const setAt = firstChangeAt + setAtExtra;
      kernel.run(setAt);
      const deadline = kernel.localNow(node) + delayMs;
      expect(kernel.localNow(node)).toBe(before.monotonicAt(setAt));
      kernel.setTimer(node, delayMs, 'relative');
      kernel.setTimerAt(node, deadline, 'absolute');
      const secondChangeAt = setAt + secondChangeExtra;
      kernel.run(secondChangeAt); // the timers may fire before the second change, or after it
      kernel.setDrift(node, ppm3);
      const after = new NodeClock({ driftPpm: ppm, monotonicOriginMs: origin });
      after.setDrift(firstChangeAt, ppm2);
      after.setDrift(secondChangeAt, ppm3);
      const readingAt = (g: number): number => (g <= secondChangeAt ? before : after).monotonicAt(g);
      kernel.run();
      expect(fired.map((f) => f[2])).toEqual(['relative', 'absolute']);
      for (const [time, local] of fired) {
        expect(time).toBeGreaterThanOrEqual(setAt);
        expect(local).toBe(readingAt(time));
        expect(local).toBeGreaterThanOrEqual(deadline);
        if (time > setAt) expect(readingAt(time - 1)).toBeLessThan(deadline);
      }
      expect(fired[0]?.[0]).toBe(fired[1]?.[0]);
    },
  );

  test.prop([ppmArb, fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: -1e9, max: 1e9 })])(
    'moves the wall clock on a jump without moving the monotonic clock or the timers',
    (ppm, delayMs, jumpMs) => {
      const { kernel, node, fired } = driftingKernel(ppm, 0);
      const still = driftingKernel(ppm, 0);
      kernel.setTimer(node, delayMs, 't');
      still.kernel.setTimer(still.node, delayMs, 't');
      kernel.run(1);
      const local = kernel.localNow(node);
      const wall = kernel.wallNow(node);
      kernel.jumpWall(node, jumpMs);
      expect(kernel.localNow(node)).toBe(local);
      expect(kernel.wallNow(node)).toBe(wall + jumpMs);
      kernel.run();
      still.kernel.run();
      expect(fired).toEqual(still.fired);
    },
  );

  it('rejects a negative or fractional timer delay', () => {
    const { kernel, node } = driftingKernel(0, 0);
    expect(() => kernel.setTimer(node, -1, 't')).toThrow(AssertionError);
    expect(() => kernel.setTimer(node, 0.5, 't')).toThrow(AssertionError);
  });

  // Regression: setTimerAt once accepted a fractional local time and, on a node without drift, scheduled
  // the event at that fractional global time, so `now` stopped being an integer.
  it('rejects a fractional local time in setTimerAt', () => {
    const { kernel, node } = driftingKernel(0, 0);
    expect(() => kernel.setTimerAt(node, 100.5, 't')).toThrow(AssertionError);
  });

  // Regression: the firing time was once computed only when the timer was set, so a later drift change
  // left it behind. Here the clock runs 10 % fast from 5 000 ms on, so 10 000 local ms are reached at
  // 9 546 ms; the timer used to fire at 10 000 ms (local 10 500).
  it('keeps a pending timer on its local deadline when the drift changes', () => {
    const { kernel, node, fired } = driftingKernel(0, 0);
    const reference = new NodeClock({ driftPpm: 0 });
    kernel.setTimer(node, 10_000, 't');
    kernel.run(5_000);
    kernel.setDrift(node, 100_000);
    reference.setDrift(5_000, 100_000);
    kernel.run();
    expect(fired[0]?.[0]).toBe(reference.globalFor(10_000));
  });
});
