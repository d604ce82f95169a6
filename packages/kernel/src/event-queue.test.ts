import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EventQueue, type EventId } from './event-queue.ts';

// A model of the queue: the live events in push order; the next to pop is the (time, seq) minimum.
interface ModelEvent {
  readonly time: number;
  readonly seq: number;
  readonly id: EventId;
  readonly tag: number;
}

type Op =
  | { readonly kind: 'push'; readonly time: number }
  | { readonly kind: 'pop'; readonly hold: boolean }
  | { readonly kind: 'release' }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'peek' };

/** A popped event whose slot is held (not yet released), as the kernel holds a frozen node's backlog. */
interface HeldEvent {
  readonly slot: number;
  readonly id: EventId;
  isCancelled: boolean;
}

// Few distinct times, so equal times (ties broken by seq) are common.
const opArbUpTo = (maxTime: number): fc.Arbitrary<Op> => fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: maxTime }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('pop' as const), hold: fc.boolean() }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'release' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'peek' as const }), weight: 1 },
);

function earliest(model: readonly ModelEvent[]): number {
  let best = 0;
  for (let i = 1; i < model.length; i++) {
    const a = model[i] as ModelEvent;
    const b = model[best] as ModelEvent;
    if (a.time < b.time || (a.time === b.time && a.seq < b.seq)) best = i;
  }
  return best;
}

describe('EventQueue', () => {
  // Goal: the heap, the slot pool and lazy cancellation together behave like a sorted list. Approach: apply
  // a random list of pushes, pops (some holding the slot for a while before `release`), cancels (of any id
  // ever issued, so stale ids of popped or cancelled events whose slots were reused are tried too) and
  // peeks to both, comparing after every step. `cancel` must accept exactly the events still in the heap,
  // `cancelPopped` exactly the held ones.
  // Three set-ups: the default calendar (every push lands in it unless earlier than the last pop); a
  // 32 ms calendar with pushes up to 60 ms after the last pop, so that both the calendar and the heap
  // hold events, equal times can sit in both, and the calendar wraps round; and absolute times over a
  // wider range, so that most pushes are earlier than the last pop and go to the heap.
  const setups = [
    { name: 'default calendar', windowMs: undefined, maxTime: 15, relative: false },
    { name: '32 ms calendar, pushes after the last pop', windowMs: 32, maxTime: 60, relative: true },
    { name: '32 ms calendar, absolute times', windowMs: 32, maxTime: 200, relative: false },
  ];
  for (const setup of setups) {
    test.prop([fc.array(opArbUpTo(setup.maxTime), { maxLength: 400 })], { numRuns: 300 })(
      `pops in (time, seq) order like a sorted-array model under random pushes, pops and cancels (${setup.name})`,
      (ops) => {
        const q = new EventQueue(1, setup.windowMs); // the smallest capacity, so the arrays grow during the run
        const model: ModelEvent[] = [];
        const issued: EventId[] = [];
        const held: HeldEvent[] = [];
        let seq = 0;
        let lastPopped = 0;
        for (const op of ops) {
          if (op.kind === 'push') {
            const tag = seq;
            const time = setup.relative ? lastPopped + op.time : op.time;
            const id = q.push(time, tag % 5, tag % 3, tag, { tag }, `aux${tag}`, tag % 7);
            model.push({ time, seq: seq++, id, tag });
            issued.push(id);
          } else if (op.kind === 'pop') {
            const slot = q.pop();
            if (model.length === 0) {
              expect(slot).toBe(-1);
            } else {
              const [want] = model.splice(earliest(model), 1) as [ModelEvent];
              lastPopped = want.time;
              expect([q.poppedTime, q.poppedSeq]).toEqual([want.time, want.seq]);
              expect(q.arg[slot]).toBe(want.tag);
              expect(q.target[slot]).toBe(want.tag % 5);
              expect(q.channel[slot]).toBe(want.tag % 3);
              expect(q.incarnation[slot]).toBe(want.tag % 7);
              expect(q.payload[slot]).toEqual({ tag: want.tag });
              expect(q.aux[slot]).toBe(`aux${want.tag}`);
              if (op.hold) held.push({ slot, id: want.id, isCancelled: false });
              else q.release(slot);
            }
          } else if (op.kind === 'release') {
            const h = held.shift();
            if (h !== undefined) q.release(h.slot);
          } else if (op.kind === 'cancel') {
            if (issued.length === 0) continue;
            const id = issued[op.pick % issued.length] as EventId;
            const at = model.findIndex((e) => e.id === id);
            const h = held.find((e) => e.id === id && !e.isCancelled);
            expect(q.cancelPopped(id)).toBe(h !== undefined);
            expect(q.cancel(id)).toBe(at >= 0);
            if (at >= 0) model.splice(at, 1);
            if (h !== undefined) {
              h.isCancelled = true;
              expect(q.channel[h.slot]).toBe(-1); // the holder sees it as cancelled
            }
          } else {
            expect(q.peekTime()).toBe(model.length === 0 ? Infinity : (model[earliest(model)] as ModelEvent).time);
          }
          expect(q.size).toBe(model.length);
          expect(q.seqCounter).toBe(seq);
        }
      },
    );
  }

  test.prop([fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 })])(
    'pops events of equal time in push order',
    (times) => {
      const q = new EventQueue();
      times.forEach((t, i) => q.push(t, 0, 0, i, undefined, undefined, 0));
      const popped: Array<[number, number]> = [];
      for (let slot = q.pop(); slot !== -1; slot = q.pop()) {
        popped.push([q.poppedTime, q.arg[slot] as number]);
        q.release(slot);
      }
      const expected = times.map((t, i): [number, number] => [t, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(popped).toEqual(expected);
    },
  );

  it('never lets the id of a popped event cancel the event that reused its slot', () => {
    const q = new EventQueue();
    const first = q.push(10, 0, 0, 1, undefined, undefined, 0);
    const slot = q.pop();
    q.release(slot);
    const second = q.push(20, 0, 0, 2, undefined, undefined, 0);
    expect(second % 2 ** 25).toBe(first % 2 ** 25); // the same slot, a newer generation
    expect(q.cancel(first)).toBe(false);
    expect(q.size).toBe(1);
    const again = q.pop();
    expect(q.arg[again]).toBe(2);
  });

  it('never lets the id of a cancelled event cancel the event that reused its slot', () => {
    const q = new EventQueue();
    const first = q.push(10, 0, 0, 1, undefined, undefined, 0);
    expect(q.cancel(first)).toBe(true);
    expect(q.cancel(first)).toBe(false);
    expect(q.peekTime()).toBe(Infinity); // drops the cancelled entry and frees its slot
    const second = q.push(20, 0, 0, 2, undefined, undefined, 0);
    expect(second % 2 ** 25).toBe(first % 2 ** 25);
    expect(q.cancel(first)).toBe(false);
    expect(q.size).toBe(1);
    expect(q.peekTime()).toBe(20);
  });

  it('cancels a held popped event only through cancelPopped, once', () => {
    const q = new EventQueue();
    const first = q.push(10, 0, 2, 1, 'payload', undefined, 0);
    expect(q.cancelPopped(first)).toBe(false); // still in the heap
    const slot = q.pop();
    expect(q.cancel(first)).toBe(false);
    expect(q.cancelPopped(first)).toBe(true);
    expect(q.cancelPopped(first)).toBe(false);
    expect(q.channel[slot]).toBe(-1);
    expect(q.payload[slot]).toBeUndefined();
    q.release(slot);
    expect(q.cancelPopped(first)).toBe(false);
    expect(q.size).toBe(0);
  });

  it('ignores ids it never issued', () => {
    const q = new EventQueue();
    q.push(5, 0, 0, 0, undefined, undefined, 0);
    expect(q.cancel(12345)).toBe(false);
    expect(q.cancel(-1)).toBe(false);
    expect(q.size).toBe(1);
  });

  it('keeps order across growth past its initial capacity', () => {
    const q = new EventQueue(16);
    const count = 5000;
    for (let i = 0; i < count; i++) q.push((i * 7919) % 1000, 0, 0, i, undefined, undefined, 0);
    let last = -1;
    let lastSeq = -1;
    for (let n = 0; n < count; n++) {
      const slot = q.pop();
      expect(slot).not.toBe(-1);
      expect(q.poppedTime > last || (q.poppedTime === last && q.poppedSeq > lastSeq)).toBe(true);
      last = q.poppedTime;
      lastSeq = q.poppedSeq;
      q.release(slot);
    }
    expect(q.pop()).toBe(-1);
    expect(q.size).toBe(0);
  });

  // Regression: between `pop` and `release` the slot once looked live to `cancel`, which returned true
  // and decremented `size` a second time. The kernel holds popped slots this way in a frozen node's
  // backlog; `cancelPopped` is the way to cancel those.
  it('does not cancel an event that was popped but not yet released', () => {
    const q = new EventQueue();
    const first = q.push(10, 0, 0, 1, undefined, undefined, 0);
    q.push(20, 0, 0, 2, undefined, undefined, 0);
    const slot = q.pop();
    expect(q.arg[slot]).toBe(1);
    expect(q.cancel(first)).toBe(false);
    expect(q.size).toBe(1);
  });

  // retime (used by a clock drift change) takes entries out of the calendar and the heap alike and puts
  // them back with their old seqs: events moved to one time pop in push order, wherever they were.
  it('retimes entries of the calendar and the heap, keeping push order at equal times', () => {
    const q = new EventQueue(16, 32);
    const times = [5, 40, 12, 100, 31, 7]; // 40 and 100 are beyond the 32 ms calendar: in the heap
    times.forEach((t, i) => q.push(t, 0, 0, i, undefined, undefined, 0));
    const cancelled = q.push(6, 0, 0, 99, undefined, undefined, 0);
    expect(q.cancel(cancelled)).toBe(true);
    // Move the events pushed 1, 3 and 4 (at 40, 100, 31) to time 20; leave the rest.
    const moved = q.retime((slot, time) => ([1, 3, 4].includes(q.arg[slot] as number) ? 20 : time === 6 ? 21 : null));
    expect(moved).toBe(3); // the cancelled event is not offered
    const popped: [number, number][] = [];
    for (let slot = q.pop(); slot !== -1; slot = q.pop()) {
      popped.push([q.poppedTime, q.arg[slot] as number]);
      q.release(slot);
    }
    expect(popped).toEqual([[5, 0], [7, 5], [12, 2], [20, 1], [20, 3], [20, 4]]);
  });
});
