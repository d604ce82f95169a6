import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DenseMap } from '@zksim/kernel';
import { type Bucket, ExpiryQueue, roundToNextInterval } from './expiry-queue.ts';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Polls once per call until the queue's cursor passes `untilMs`, collecting [bucket time, elements]. */
function drain(q: ExpiryQueue<string>, nowMs: number, untilMs: number): [number, string[]][] {
  const out: [number, string[]][] = [];
  while (q.nextExpirationTime <= untilMs) {
    const t = q.nextExpirationTime;
    const got = q.poll(Math.max(nowMs, t));
    if (got.length > 0) out.push([t, got]);
  }
  return out;
}

describe('ExpiryQueue', () => {
  it('R6: rounds strictly up to the next interval; an exact multiple goes to the next bucket', () => {
    expect(roundToNextInterval(9000, 2000)).toBe(10000);
    expect(roundToNextInterval(9999, 2000)).toBe(10000);
    expect(roundToNextInterval(10000, 2000)).toBe(12000);
    expect(roundToNextInterval(0, 2000)).toBe(2000);
  });

  it('R7: the poll cursor starts at the first bucket strictly after construction time', () => {
    expect(new ExpiryQueue<string>(2000, 5000, byString).nextExpirationTime).toBe(6000);
    expect(new ExpiryQueue<string>(2000, 6000, byString).nextExpirationTime).toBe(8000);
    expect(new ExpiryQueue<string>(2000, 0, byString).nextExpirationTime).toBe(2000);
  });

  it('R12: worked example — touches at 5000, 6000 and 5999 with timeout 4000 and tickTime 2000', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    expect(q.update('a', 4000, 5000)).toBe(10000);
    expect(q.update('b', 4000, 6000)).toBe(12000);
    expect(q.update('c', 4000, 5999)).toBe(10000);
    expect(q.getExpiryTime('a')).toBe(10000);
    expect(q.buckets()).toEqual([
      [10000, ['a', 'c']],
      [12000, ['b']],
    ]);
  });

  it('R12: a session created at t=0 with timeout 4000 is polled at t=6000, not 4000', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    q.update('s', 4000, 0);
    expect(q.poll(2000)).toEqual([]);
    expect(q.poll(4000)).toEqual([]);
    expect(q.getWaitTime(4000)).toBe(2000);
    expect(q.poll(5999)).toEqual([]);
    expect(q.poll(6000)).toEqual(['s']);
  });

  it('R8: an update to the same bucket changes nothing and returns null', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    expect(q.update('a', 4000, 5000)).toBe(10000);
    expect(q.update('a', 4000, 5999)).toBeNull();
    expect(q.update('a', 3000, 6000)).toBeNull();
  });

  it('R8: a touch can move the deadline earlier', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    expect(q.update('a', 30000, 1000)).toBe(32000);
    expect(q.update('a', 4000, 1500)).toBe(6000);
    expect(q.buckets()).toEqual([[6000, ['a']]]);
    expect(drain(q, 0, 40000)).toEqual([[6000, ['a']]]);
  });

  it('R8: moving an element takes it out of its previous bucket', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    q.update('a', 4000, 0);
    q.update('a', 4000, 3000);
    expect(drain(q, 0, 20000)).toEqual([[8000, ['a']]]);
  });

  it('R9: remove drops the element and returns its old deadline; null when absent', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    q.update('a', 4000, 0);
    q.update('b', 4000, 0);
    expect(q.remove('a')).toBe(6000);
    expect(q.remove('a')).toBeNull();
    expect(q.size).toBe(1);
    expect(q.getExpiryTime('a')).toBeNull();
    expect(drain(q, 0, 20000)).toEqual([[6000, ['b']]]);
  });

  it('R10: wait time is the distance to the cursor, never negative', () => {
    const q = new ExpiryQueue<string>(3000, 100, byString);
    expect(q.getWaitTime(100)).toBe(2900);
    expect(q.getWaitTime(2999)).toBe(1);
    expect(q.getWaitTime(3000)).toBe(0);
    expect(q.getWaitTime(10000)).toBe(0);
  });

  it('R11: poll before the cursor returns nothing and does not move the cursor', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    q.update('a', 0, 0);
    expect(q.poll(1999)).toEqual([]);
    expect(q.nextExpirationTime).toBe(2000);
  });

  it('R11: a lagging poller catches up one bucket per call, with zero wait in between', () => {
    const q = new ExpiryQueue<string>(1000, 0, byString);
    q.update('x', 1500, 0); // bucket 2000
    q.update('y', 3500, 0); // bucket 4000
    const now = 10000;
    const seen: [number, string[]][] = [];
    for (let i = 0; i < 10; i++) {
      expect(q.getWaitTime(now)).toBe(0);
      const cursor = q.nextExpirationTime;
      seen.push([cursor, q.poll(now)]);
      expect(q.nextExpirationTime).toBe(cursor + 1000);
    }
    expect(seen.filter(([, es]) => es.length > 0)).toEqual([
      [2000, ['x']],
      [4000, ['y']],
    ]);
    expect(q.getWaitTime(now)).toBe(1000);
  });

  it('R11: polled elements keep their deadline entry until removed', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    q.update('a', 1000, 0);
    expect(q.poll(2000)).toEqual(['a']);
    expect(q.size).toBe(1);
    expect(q.getExpiryTime('a')).toBe(2000);
    expect(q.isPending('a')).toBe(false);
    expect(q.remove('a')).toBe(2000);
  });

  it('R11: a polled element touched into the same bucket is not re-bucketed (update returns null)', () => {
    // A touch whose clock reading (1999) was taken just before the poll lands in bucket 2000 again,
    // which equals the stale elemMap entry: the touch is lost, as in ZooKeeper.
    const q = new ExpiryQueue<string>(2000, 0, byString);
    q.update('a', 1000, 0);
    q.poll(2000);
    expect(q.update('a', 0, 1999)).toBeNull();
    expect(q.isPending('a')).toBe(false);
  });

  it('R20: returns a bucket in comparator order, not insertion order', () => {
    const q = new ExpiryQueue<string>(2000, 0, byString);
    for (const id of ['0x03', '0x01', '0x02']) q.update(id, 1000, 0);
    expect(q.poll(2000)).toEqual(['0x01', '0x02', '0x03']);
  });

  // Model-based property: a flat map element -> { deadline, pending } plus a cursor must agree with the
  // queue after any sequence of updates, removes and polls at non-decreasing times.
  const cmd = fc.oneof(
    fc.record({ kind: fc.constant('update' as const), e: fc.integer({ min: 0, max: 5 }), timeout: fc.integer({ min: 0, max: 9000 }), dt: fc.integer({ min: 0, max: 1500 }) }),
    fc.record({ kind: fc.constant('remove' as const), e: fc.integer({ min: 0, max: 5 }), dt: fc.integer({ min: 0, max: 1500 }) }),
    fc.record({ kind: fc.constant('poll' as const), dt: fc.integer({ min: 0, max: 3000 }) }),
  );

  test.prop([fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 5000 }), fc.array(cmd, { maxLength: 60 })])(
    'R5–R11: agrees with a simple model (Map index)',
    (interval, start, cmds) => {
      const q = new ExpiryQueue<string>(interval, start, byString);
      checkAgainstModel(q, (k) => k, interval, start, cmds);
    },
  );

  test.prop([fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 5000 }), fc.array(cmd, { maxLength: 60 })])(
    'R5–R11: agrees with a simple model (DenseMap index, as for connections)',
    (interval, start, cmds) => {
      const q = new ExpiryQueue<number>(interval, start, (a, b) => a - b, new DenseMap<Bucket<number>>());
      checkAgainstModel(q, (k) => Number(k.slice(1)), interval, start, cmds);
    },
  );

  it('R11: a bucket made after a poll lists only its own elements (polled buckets lend their arrays)', () => {
    const q = new ExpiryQueue<string>(1000, 0, byString);
    for (const e of ['x', 'y', 'z']) q.update(e, 500, 0); // bucket 1000
    expect(q.poll(1000)).toEqual(['x', 'y', 'z']);
    q.update('w', 1500, 1000); // bucket 3000, in the array bucket 1000 had
    q.update('v', 500, 1000); // bucket 2000
    expect(q.buckets()).toEqual([[2000, ['v']], [3000, ['w']]]);
    expect(q.poll(2000)).toEqual(['v']);
    expect(q.poll(3000)).toEqual(['w']);
    expect(q.getExpiryTime('x')).toBe(1000); // polled elements keep their (past) deadline
  });

  it('R8–R11: updateIfPresent moves only elements that have a deadline; a bucket everyone left polls empty', () => {
    const q = new ExpiryQueue<number>(1000, 0, (a, b) => a - b);
    expect(q.updateIfPresent(1, 2500, 0)).toBe(false);
    expect(q.size).toBe(0);
    q.update(1, 2500, 0);
    q.update(2, 2500, 0);
    expect(q.updateIfPresent(2, 2500, 600)).toBe(true); // to 4000: bucket 3000 keeps only 1
    expect(q.updateIfPresent(1, 2500, 700)).toBe(true); // bucket 3000 has no element left
    expect(q.getExpiryTime(1)).toBe(4000);
    q.update(1, 1500, 800); // back to 3000: listed once
    expect(q.poll(1000)).toEqual([]);
    expect(q.poll(2000)).toEqual([]);
    expect(q.poll(3000)).toEqual([1]);
    expect(q.poll(4000)).toEqual([2]);
    expect(q.remove(2)).toBe(4000);
    expect(q.updateIfPresent(2, 2500, 4000)).toBe(false);
    expect(q.size).toBe(1);
  });
});

type Cmd = { kind: 'update'; e: number; timeout: number; dt: number } | { kind: 'remove'; e: number; dt: number } | { kind: 'poll'; dt: number };

/** Runs `cmds` against `q` and a simple model keyed by names `e0`…`e5`; `elem` maps a name to q's element. */
function checkAgainstModel<E>(q: ExpiryQueue<E>, elem: (name: string) => E, interval: number, start: number, cmds: readonly Cmd[]): void {
  const model = new Map<string, { deadline: number; pending: boolean }>();
  let cursor = (Math.floor(start / interval) + 1) * interval;
  let now = start;
  for (const c of cmds) {
    now += c.dt;
    if (c.kind === 'update') {
      const e = `e${c.e}`;
      const deadline = (Math.floor((now + c.timeout) / interval) + 1) * interval;
      const old = model.get(e);
      const expected = old?.deadline === deadline ? null : deadline;
      if (expected !== null) model.set(e, { deadline, pending: true });
      expect(q.update(elem(e), c.timeout, now)).toBe(expected);
    } else if (c.kind === 'remove') {
      const e = `e${c.e}`;
      expect(q.remove(elem(e))).toBe(model.get(e)?.deadline ?? null);
      model.delete(e);
    } else {
      expect(q.getWaitTime(now)).toBe(Math.max(0, cursor - now));
      let expected: string[] = [];
      if (now >= cursor) {
        expected = [...model].filter(([, v]) => v.pending && v.deadline === cursor).map(([k]) => k).sort(byString);
        for (const k of expected) model.get(k)!.pending = false;
        cursor += interval;
      }
      expect(q.poll(now)).toEqual(expected.map(elem));
    }
    expect(q.nextExpirationTime).toBe(cursor);
    expect(q.size).toBe(model.size);
    for (const [k, v] of model) {
      expect(q.getExpiryTime(elem(k))).toBe(v.deadline);
      expect(q.isPending(elem(k))).toBe(v.pending);
    }
  }
}
