import { fc, test } from '@fast-check/vitest';
import type { SessionId } from '@zksim/protocol';
import { describe, expect, it } from 'vitest';
import { SessionHandles } from './session-handles.ts';
import { SessionTrackerImpl } from './session-tracker.ts';

const TICK = 2000;

function tracker(nowMs = 0, committed: Map<SessionId, number> = new Map(), serverId = 1): SessionTrackerImpl {
  return new SessionTrackerImpl({ tickTimeMs: TICK, serverId, nowMs, sessionsWithTimeout: committed });
}

/** Runs the expiry "thread" up to `nowMs`: polls while the wait time is zero, collecting what expired. */
function expireUpTo(t: SessionTrackerImpl, nowMs: number): SessionId[] {
  const out: SessionId[] = [];
  for (let i = 0; i < 10_000 && t.getWaitTime(nowMs) === 0; i++) out.push(...t.pollExpired(nowMs));
  return out;
}

describe('SessionTrackerImpl', () => {
  it('R1/R14: hands out ids from the server id and construction time, one apart', () => {
    const t = tracker(1234567890123, new Map(), 3);
    expect(t.createSession(30000, 1234567890123)).toBe('0x031f71fb04cb0000');
    expect(t.createSession(30000, 1234567890200)).toBe('0x031f71fb04cb0001');
    expect(t.nextSessionId).toBe('0x031f71fb04cb0002');
  });

  it('R13: tracks every committed session with a fresh full timeout counted from construction', () => {
    const committed = new Map<SessionId, number>([
      ['0x0100000000000001', 30000],
      ['0x0200000000000001', 4000],
    ]);
    const t = tracker(100_500, committed);
    expect(t.isTracked('0x0100000000000001')).toBe(true);
    expect(t.expiryTimeOf('0x0100000000000001')).toBe(132000); // roundToNextInterval(130500)
    expect(t.expiryTimeOf('0x0200000000000001')).toBe(106000); // roundToNextInterval(104500)
    expect(t.nextExpirationTime).toBe(102000);
  });

  it('R14: createSession tracks the session but does not commit it', () => {
    const committed = new Map<SessionId, number>();
    const t = tracker(0, committed);
    const id = t.createSession(4000, 0);
    expect(t.isTracked(id)).toBe(true);
    expect(committed.has(id)).toBe(false);
    expect(t.getSessionTimeout(id)).toBeNull();
  });

  it('R16/R23: commitSession writes through to the shared map and getSessionTimeout reads it', () => {
    const committed = new Map<SessionId, number>();
    const t = tracker(0, committed);
    const id = t.createSession(4000, 0);
    expect(t.commitSession(id, 6000)).toBe(true);
    expect(t.commitSession(id, 8000)).toBe(false);
    expect(committed.get(id)).toBe(8000);
    expect(t.getSessionTimeout(id)).toBe(8000);
  });

  it('R15: trackSession returns true only when the session is new, and re-buckets it either way', () => {
    const t = tracker();
    expect(t.trackSession('0x0100000000000009', 4000, 0)).toBe(true);
    expect(t.expiryTimeOf('0x0100000000000009')).toBe(6000);
    expect(t.trackSession('0x0100000000000009', 4000, 5000)).toBe(false);
    expect(t.expiryTimeOf('0x0100000000000009')).toBe(10000);
  });

  it('R15/R20: a closing session re-bucketed by trackSession is polled and expired again (SessionTrackerTest)', () => {
    const t = tracker();
    const id = '0x0000000000052fbc'; // 339900, as in SessionTrackerTest
    t.trackSession(id, 3000, 0);
    expect(t.checkSession(id, 'owner-a')).toBe('ok');
    expect(expireUpTo(t, 4000)).toEqual([id]); // bucket roundToNextInterval(3000) = 4000
    expect(t.isClosing(id)).toBe(true);
    // A late createSession reaching the tracker again: tracked anew in a later bucket, still closing.
    expect(t.trackSession(id, 3000, 4500)).toBe(false);
    expect(t.checkSession(id, 'owner-a')).toBe('session-expired');
    expect(t.touchSession(id, 3000, 4500)).toBe(false);
    expect(expireUpTo(t, 6000)).toEqual([]);
    expect(expireUpTo(t, 8000)).toEqual([id]); // roundToNextInterval(7500) = 8000: expired a second time
  });

  it('R17: touch re-buckets with the given timeout, not the stored one; unknown or closing sessions are refused', () => {
    const t = tracker();
    const id = t.createSession(30000, 0);
    expect(t.touchSession(id, 4000, 5000)).toBe(true);
    expect(t.expiryTimeOf(id)).toBe(10000);
    expect(t.sessions().next().value?.timeoutMs).toBe(30000);
    expect(t.touchSession('0x0100000000000abc', 4000, 5000)).toBe(false);
    t.setSessionClosing(id);
    expect(t.touchSession(id, 4000, 6000)).toBe(false);
    expect(t.expiryTimeOf(id)).toBe(10000);
  });

  it('R18: setSessionClosing marks a tracked session and ignores an unknown one', () => {
    const t = tracker();
    const id = t.createSession(4000, 0);
    t.setSessionClosing('0x0100000000000abc');
    expect(t.isTracked('0x0100000000000abc')).toBe(false);
    expect(t.isClosing(id)).toBe(false);
    t.setSessionClosing(id);
    expect(t.isClosing(id)).toBe(true);
  });

  it('R19: removeSession forgets the session in the tracker, the committed map and the expiry queue', () => {
    const committed = new Map<SessionId, number>();
    const t = tracker(0, committed);
    const id = t.createSession(4000, 0);
    t.commitSession(id, 4000);
    t.removeSession(id);
    expect(t.isTracked(id)).toBe(false);
    expect(committed.has(id)).toBe(false);
    expect(t.expiryTimeOf(id)).toBeNull();
    expect(expireUpTo(t, 100000)).toEqual([]);
  });

  it('R20: a bucket expires in ascending id order and each expired session is marked closing but kept', () => {
    const t = tracker();
    t.trackSession('0x0300000000000001', 4000, 0);
    t.trackSession('0x0100000000000002', 4000, 0);
    t.trackSession('0x0200000000000001', 4000, 0);
    expect(expireUpTo(t, 5999)).toEqual([]);
    expect(expireUpTo(t, 6000)).toEqual(['0x0100000000000002', '0x0200000000000001', '0x0300000000000001']);
    for (const id of ['0x0100000000000002', '0x0200000000000001', '0x0300000000000001']) {
      expect(t.isTracked(id)).toBe(true);
      expect(t.isClosing(id)).toBe(true);
    }
  });

  it('R20/R12: pollExpired is one step; the wait time says when the next one is due', () => {
    const t = tracker(0);
    const id = t.createSession(4000, 0);
    expect(t.getWaitTime(0)).toBe(2000);
    expect(t.pollExpired(2000)).toEqual([]);
    expect(t.getWaitTime(2000)).toBe(2000);
    expect(t.pollExpired(4000)).toEqual([]);
    expect(t.pollExpired(6000)).toEqual([id]);
  });

  it('R21: unknown → unknown-session, closing → session-expired, first owner sticks, another owner → session-moved', () => {
    const t = tracker();
    expect(t.checkSession('0x0100000000000abc', 'a')).toBe('unknown-session');
    const id = t.createSession(4000, 0);
    expect(t.ownerOf(id)).toBeNull();
    expect(t.checkSession(id, 'learner-2#1')).toBe('ok');
    expect(t.ownerOf(id)).toBe('learner-2#1');
    expect(t.checkSession(id, 'learner-2#1')).toBe('ok');
    expect(t.checkSession(id, 'learner-3#1')).toBe('session-moved');
    expect(t.checkSession(id, null)).toBe('session-moved');
    t.setSessionClosing(id);
    expect(t.checkSession(id, 'learner-2#1')).toBe('session-expired');
  });

  it('R21: a null owner does not claim the session', () => {
    const t = tracker();
    const id = t.createSession(4000, 0);
    expect(t.checkSession(id, null)).toBe('ok');
    expect(t.checkSession(id, 'leader-local')).toBe('ok');
    expect(t.ownerOf(id)).toBe('leader-local');
  });

  it('R21: checkGlobalSession reports an unknown session as expired', () => {
    const t = tracker();
    expect(t.checkGlobalSession('0x0100000000000abc', 'a')).toBe('session-expired');
    const id = t.createSession(4000, 0);
    expect(t.checkGlobalSession(id, 'a')).toBe('ok');
    expect(t.checkGlobalSession(id, 'b')).toBe('session-moved');
  });

  it('R22: setOwner overwrites the owner of a live session; unknown or closing → session-expired', () => {
    const t = tracker();
    expect(t.setOwner('0x0100000000000abc', 'a')).toBe('session-expired');
    const id = t.createSession(4000, 0);
    expect(t.checkSession(id, 'a')).toBe('ok');
    expect(t.setOwner(id, 'b')).toBe('ok');
    expect(t.checkSession(id, 'a')).toBe('session-moved');
    expect(t.checkSession(id, 'b')).toBe('ok');
    t.setSessionClosing(id);
    expect(t.setOwner(id, 'c')).toBe('session-expired');
    expect(t.ownerOf(id)).toBe('b');
  });

  it('lists sessions and buckets for panels', () => {
    const t = tracker();
    const a = t.createSession(4000, 0);
    const b = t.createSession(8000, 0);
    expect([...t.sessions()].map((s) => [s.sessionId, s.timeoutMs, s.isClosing])).toEqual([
      [a, 4000, false],
      [b, 8000, false],
    ]);
    expect(t.expiryBuckets()).toEqual([
      [6000, [a]],
      [10000, [b]],
    ]);
    expect(t.size).toBe(2);
  });

  // Property: whatever the touches, a session that is touched at time t with timeout T and then left
  // alone expires in the bucket (t+T, t+T+tick] — never earlier, never later (R8 consequence).
  test.prop([fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3000 }), timeout: fc.integer({ min: 4000, max: 40000 }) }), { minLength: 1, maxLength: 20 })])(
    'R8/R17/R20: a session expires within one tick after its last touch plus timeout',
    (touches) => {
      const t = tracker(0);
      const id = t.createSession(30000, 0);
      let now = 0;
      let last = { at: 0, timeout: 30000 };
      for (const { dt, timeout } of touches) {
        now += dt;
        expect(expireUpTo(t, now)).toEqual([]);
        expect(t.touchSession(id, timeout, now)).toBe(true);
        last = { at: now, timeout };
      }
      const due = last.at + last.timeout;
      expect(expireUpTo(t, due)).toEqual([]);
      let expiredAt = -1;
      for (let s = due + 1; s <= due + TICK && expiredAt < 0; s++) if (expireUpTo(t, s).length > 0) expiredAt = s;
      expect(expiredAt).toBeGreaterThan(due);
      expect(expiredAt).toBeLessThanOrEqual(due + TICK);
      expect(expiredAt % TICK).toBe(0);
    },
  );

  it('R17/R20/R21: works by handle from a shared table; expiry order is by id, not by handle', () => {
    const handles = new SessionHandles();
    // Another server's tracker saw the larger id first, so its handle is the smaller one.
    const [big, small] = ['0x0300000000000009', '0x0100000000000001'];
    expect([handles.of(big), handles.of(small)]).toEqual([0, 1]);
    const t = new SessionTrackerImpl({ tickTimeMs: TICK, serverId: 1, nowMs: 0, sessionsWithTimeout: new Map(), handles });
    t.trackSession(big, 2000, 0); // R6: 2000 is a multiple, so the deadline is 4000
    t.trackSession(small, 4000, 0);
    expect(t.touchHandle(handles.of(small), 4000, 1000)).toBe(true); // R8: 5000 rounds up to 6000
    expect(t.expiryTimeOf(small)).toBe(6000);
    expect(t.checkHandle(handles.of(big), 'a')).toBe('ok');
    expect(t.checkHandle(handles.of(big), 'b')).toBe('session-moved');
    expect(t.touchHandle(handles.of('0x0500000000000001'), 4000, 1000)).toBe(false); // R17: unknown
    expect(expireUpTo(t, 4000)).toEqual([big]);
    expect(t.touchHandle(handles.of(big), 4000, 4000)).toBe(false); // R17: closing
    expect(t.checkHandle(handles.of(big), 'a')).toBe('session-expired');
    t.trackSession(big, 2000, 5000); // R15: tracked again while closing, same bucket as small
    expect(t.expiryBuckets()).toEqual([[6000, [small]], [8000, [big]]]);
    t.touchSession(small, 2000, 6000 - 1); // 7999 → 8000: both in one bucket, sorted by id (R20)
    expect(t.expiryBuckets()).toEqual([[8000, [small, big]]]);
    expect(expireUpTo(t, 8000)).toEqual([small, big]);
    t.removeSession(big);
    expect(t.checkHandle(handles.of(big), 'a')).toBe('unknown-session');
  });

  // checkHandle answers from the closing set and an owner code by handle, checkSession from the session
  // state: fed the same operations, two trackers must agree on every check (R21, R22, R18, R19).
  const ids = ['0x0100000000000001', '0x0200000000000002'];
  const owners = [null, 'local:s1#0', 'learner:2'];
  const trackerOp = fc.oneof(
    { arbitrary: fc.record({ k: fc.constant('track' as const), i: fc.nat(1) }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant('check' as const), i: fc.nat(1), o: fc.nat(2) }), weight: 4 },
    { arbitrary: fc.record({ k: fc.constant('set-owner' as const), i: fc.nat(1), o: fc.nat(2) }), weight: 3 },
    { arbitrary: fc.record({ k: fc.constant('closing' as const), i: fc.nat(1) }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('remove' as const), i: fc.nat(1) }), weight: 1 },
  );
  test.prop([fc.array(trackerOp, { minLength: 10, maxLength: 60 })], { numRuns: 300 })('R21: checkHandle and checkSession agree on every check', (ops) => {
    const handles = new SessionHandles();
    const byId = new SessionTrackerImpl({ tickTimeMs: TICK, serverId: 1, nowMs: 0, sessionsWithTimeout: new Map() });
    const byHandle = new SessionTrackerImpl({ tickTimeMs: TICK, serverId: 1, nowMs: 0, sessionsWithTimeout: new Map(), handles });
    for (const o of ops) {
      const id = ids[o.i] as SessionId;
      if (o.k === 'track') {
        byId.trackSession(id, 4000, 0);
        byHandle.trackSession(id, 4000, 0);
      } else if (o.k === 'check') {
        const owner = owners[o.o] ?? null;
        expect(byHandle.checkHandle(handles.of(id), owner)).toBe(byId.checkSession(id, owner));
      } else if (o.k === 'set-owner') {
        const owner = owners[o.o] ?? null;
        expect(byHandle.setOwner(id, owner)).toBe(byId.setOwner(id, owner));
      } else if (o.k === 'closing') {
        byId.setSessionClosing(id);
        byHandle.setSessionClosing(id);
      } else {
        byId.removeSession(id);
        byHandle.removeSession(id);
      }
      expect(byHandle.ownerOf(id)).toBe(byId.ownerOf(id));
    }
  });
});
