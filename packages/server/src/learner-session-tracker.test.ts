import { fc, test } from '@fast-check/vitest';
import type { SessionId } from '@zksim/protocol';
import { describe, expect, it } from 'vitest';
import { LearnerSessionTracker } from './learner-session-tracker.ts';
import { SessionHandles } from './session-handles.ts';

/** The touch table as [id, timeout] pairs, in order. */
function pairs(t: LearnerSessionTracker): [SessionId, number][] {
  const { ids, timeouts } = t.snapshot();
  expect(ids.length).toBe(timeouts.length);
  return ids.map((id, i) => [id, timeouts[i] as number]);
}

function learner(committed: Map<SessionId, number> = new Map(), serverId = 2, nowMs = 1700000000000): LearnerSessionTracker {
  return new LearnerSessionTracker({ serverId, nowMs, sessionsWithTimeout: committed });
}

describe('LearnerSessionTracker', () => {
  it('R1/R2/R38: createSession only hands out the next id of this server, tracking nothing', () => {
    const committed = new Map<SessionId, number>();
    const t = learner(committed, 2, 1700000000000);
    expect(t.createSession()).toBe('0x028bcfe568000000');
    expect(t.createSession()).toBe('0x028bcfe568000001');
    expect(committed.size).toBe(0);
    expect(pairs(t)).toEqual([]);
  });

  it('R38: touchSession records the latest timeout and is true even for unknown sessions', () => {
    const t = learner();
    expect(t.touchSession('0x0100000000000001', 30000)).toBe(true);
    expect(t.touchSession('0x0300000000000007', 4000)).toBe(true);
    expect(t.touchSession('0x0100000000000001', 20000)).toBe(true);
    expect(t.touchCount).toBe(2);
    expect(pairs(t)).toEqual([
      ['0x0100000000000001', 20000],
      ['0x0300000000000007', 4000],
    ]);
  });

  it('R38/R44: snapshot drains the touch table; the next snapshot sees only later touches', () => {
    const t = learner();
    t.touchSession('0x0100000000000001', 30000);
    const first = t.snapshot();
    t.touchSession('0x0100000000000002', 30000);
    expect(first.ids).toEqual(['0x0100000000000001']);
    expect(first.timeouts).toEqual([30000]);
    expect(first.handles?.map((h) => t.handles.idOf(h))).toEqual(first.ids);
    expect(pairs(t)).toEqual([['0x0100000000000002', 30000]]);
    expect(pairs(t)).toEqual([]);
  });

  it('R38: checkSession, setOwner and trackSession accept anything and change nothing', () => {
    const t = learner();
    expect(t.checkSession('0x0100000000000001', 'x')).toBe('ok');
    expect(t.setOwner('0x0100000000000001', 'y')).toBe('ok');
    t.setSessionClosing('0x0100000000000001');
    expect(t.checkSession('0x0100000000000001', 'z')).toBe('ok');
    expect(t.trackSession()).toBe(false);
    expect(pairs(t)).toEqual([]);
  });

  it('R38: commitSession puts the session into the shared committed map and the touch table', () => {
    const committed = new Map<SessionId, number>();
    const t = learner(committed);
    expect(t.commitSession('0x0200000000000005', 6000)).toBe(true);
    expect(t.commitSession('0x0200000000000005', 6000)).toBe(false);
    expect(committed.get('0x0200000000000005')).toBe(6000);
    expect(t.isGlobalSession('0x0200000000000005')).toBe(true);
    expect(t.getSessionTimeout('0x0200000000000005')).toBe(6000);
    expect(pairs(t)).toEqual([['0x0200000000000005', 6000]]);
  });

  it('R38: removeSession drops the session from the committed map and the touch table', () => {
    const committed = new Map<SessionId, number>([['0x0200000000000005', 6000]]);
    const t = learner(committed);
    t.touchSession('0x0200000000000005', 6000);
    t.touchSession('0x0200000000000006', 6000);
    t.removeSession('0x0200000000000005');
    expect(committed.has('0x0200000000000005')).toBe(false);
    expect(t.getSessionTimeout('0x0200000000000005')).toBeNull();
    expect(pairs(t)).toEqual([['0x0200000000000006', 6000]]);
  });

  it('R38: a session removed and touched again in one round is listed once, at its new place', () => {
    const t = learner();
    t.touchSession('0x0200000000000005', 6000);
    t.touchSession('0x0200000000000006', 6000);
    t.removeSession('0x0200000000000005');
    t.touchSession('0x0200000000000005', 4000);
    expect(t.touchCount).toBe(2);
    expect([...t.touches()]).toEqual([['0x0200000000000006', 6000], ['0x0200000000000005', 4000]]);
    expect(pairs(t)).toEqual([['0x0200000000000006', 6000], ['0x0200000000000005', 4000]]);
  });

  // The table is kept in arrays found by handle, with stale rounds instead of a fresh map per snapshot.
  // Model: ZooKeeper's touch table as a Map (insertion order, delete then set appends), drained by a
  // snapshot. The handles come from a table shared with other trackers, so they are not the learner's own
  // first-touch order.
  const ids = ['0x0100000000000001', '0x0100000000000002', '0x0200000000000003', '0x0300000000000004', '0x0300000000000005'];
  const op = fc.oneof(
    fc.record({ k: fc.constant('touch' as const), i: fc.nat(ids.length - 1), timeout: fc.constantFrom(4000, 6000, 30000) }),
    fc.record({ k: fc.constant('remove' as const), i: fc.nat(ids.length - 1) }),
    fc.record({ k: fc.constant('snapshot' as const) }),
  );
  test.prop([fc.array(op, { maxLength: 60 }), fc.shuffledSubarray(ids)])('R38/R44: the touch table behaves as a Map drained by each snapshot', (ops, seen) => {
    const handles = new SessionHandles();
    for (const id of seen) handles.of(id); // another tracker saw these first
    const t = new LearnerSessionTracker({ serverId: 2, nowMs: 0, sessionsWithTimeout: new Map(), handles });
    let model = new Map<SessionId, number>();
    for (const o of ops) {
      const id = o.k === 'snapshot' ? '' : (ids[o.i] as SessionId);
      if (o.k === 'touch') {
        t.touchSession(id, o.timeout);
        model.set(id, o.timeout);
      } else if (o.k === 'remove') {
        t.removeSession(id);
        model.delete(id);
      } else {
        const table = t.snapshot();
        expect(table.ids.map((x, i) => [x, table.timeouts[i]])).toEqual([...model]);
        expect(table.handles?.map((h) => handles.idOf(h))).toEqual(table.ids);
        model = new Map();
      }
      expect(t.touchCount).toBe(model.size);
      expect([...t.touches()]).toEqual([...model]);
    }
  });
});
