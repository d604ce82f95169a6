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

  test.prop([ppmArb, originArb, globalArb, fc.integer({ min: 0, max: 10_000_000 })])(
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

  // Known bug (see the kernel review): below the clock's base reading, globalFor returns
  // baseGlobal + (local − baseLocal), which ignores the rate. Here it returns −11, where the reading is
  // 987 < 989. The kernel clamps the result to `now`, so only direct callers of NodeClock see it. Remove
  // `.fails` once globalFor inverts the rate on that side too.
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
  // Goal: a timer fires at the first global time whose local reading reaches local-at-set + delay.
  // Approach: a reference NodeClock given the same options and drift changes tells, for the firing time
  // T, that the reading at T reaches the deadline and the reading at T − 1 did not (unless T is the time
  // the timer was set: a timer never fires in the past).
  test.prop([ppmArb, originArb, fc.integer({ min: 0, max: 1_000_000 }), ppmArb, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })])(
    'setTimer and setTimerAt fire at the first global time whose local reading reaches the deadline',
    (ppm, origin, driftChangeAt, ppm2, setAtExtra, delayMs) => {
      const { kernel, node, fired } = driftingKernel(ppm, origin);
      const reference = new NodeClock({ driftPpm: ppm, monotonicOriginMs: origin });
      kernel.run(driftChangeAt);
      kernel.setDrift(node, ppm2);
      reference.setDrift(driftChangeAt, ppm2);
      const setAt = driftChangeAt + setAtExtra;
      kernel.run(setAt);
      const deadline = kernel.localNow(node) + delayMs;
      expect(kernel.localNow(node)).toBe(reference.monotonicAt(setAt));
      kernel.setTimer(node, delayMs, 'relative');
      kernel.setTimerAt(node, deadline, 'absolute');
      kernel.run();
      expect(fired.map((f) => f[2])).toEqual(['relative', 'absolute']);
      for (const [time, local] of fired) {
        expect(time).toBeGreaterThanOrEqual(setAt);
        expect(local).toBe(reference.monotonicAt(time));
        expect(local).toBeGreaterThanOrEqual(deadline);
        if (time > setAt) expect(reference.monotonicAt(time - 1)).toBeLessThan(deadline);
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

  // Known bug (see the kernel review): setTimerAt does not check that the local time is an integer, and on
  // a node without drift it schedules the event at that fractional global time, so `now` stops being an
  // integer. Remove `.fails` once setTimerAt asserts like setTimer.
  it('rejects a fractional local time in setTimerAt', () => {
    const { kernel, node } = driftingKernel(0, 0);
    expect(() => kernel.setTimerAt(node, 100.5, 't')).toThrow(AssertionError);
  });

  // Known gap (see the kernel review): the firing time is computed once, when the timer is set; a later
  // drift change does not move it, so the timer fires when the local clock has advanced by more or less
  // than the delay. Here the clock runs 10 % fast from 5 000 ms on, so 10 000 local ms are reached at
  // 9 546 ms, but the timer fires at 10 000 ms (local 10 500). Remove `.fails` once setDrift re-aims the
  // node's pending timers.
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
