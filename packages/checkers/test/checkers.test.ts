// Unit tests of each checker on hand-written traces: for every property, one trace that keeps it and one
// (or more) that breaks it the way a bug would, checked through the public `checkTrace`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckerSuite, checkTrace, checkerCatalog, formatReport, type CheckReport, type TraceRecord } from '../src/index.ts';
import { SESSION_A, SESSION_B, TraceBuilder } from './support/trace-builder.ts';

const OPTIONS = { tickTimeMs: 2000, clockDriftPpm: {}, unknownDriftPpm: 0 } as const;

function check(b: TraceBuilder, endMs?: number): CheckReport {
  return checkTrace(b.records, OPTIONS, endMs);
}

function names(r: CheckReport): string[] {
  return [...r.safety, ...r.liveness].map((v) => v.checker);
}

/** A session of client c1 created through leader s3, with ephemeral /lock. */
function sessionWithLock(b: TraceBuilder, t = 1000): TraceBuilder {
  b.at(t, 's3', 'session-create', { sessionId: SESSION_A, timeoutMs: 6000, client: 'c1' });
  b.also('s3', 'session-touch', { sessionId: SESSION_A, via: 'client', expiresAt: t + 8000 });
  b.txn(t, '0x100000001', 'create-session', SESSION_A);
  b.at(t + 3, 's3', 'session-committed', { sessionId: SESSION_A, zxid: '0x100000001', timeoutMs: 6000 });
  b.at(t + 4, 'c1', 'client-session', { server: 's3', sessionId: SESSION_A, timeoutMs: 6000 });
  b.also('c1', 'client-event', { state: 'SyncConnected' });
  b.txn(t + 10, '0x100000002', 'create', SESSION_A, { path: '/lock' }, { path: '/lock' });
  return b;
}

/** Leader s3 expires SESSION_A at `t` and every server applies the close, deleting `deleted`. */
function expireAndClose(b: TraceBuilder, t: number, listed: readonly string[], deleted: readonly string[] = listed): TraceBuilder {
  b.at(t, 's3', 'session-expire', { sessionId: SESSION_A, bucket: t, timeoutMs: 6000 });
  b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: listed, quorum: 3 });
  b.at(t + 1, 's1', 'zab-logged', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
  b.at(t + 1, 's2', 'zab-logged', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
  b.at(t + 2, 's3', 'zab-commit', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: listed, acks: ['s1', 's3'], needed: 2 });
  for (const [i, s] of ['s3', 's1', 's2'].entries()) {
    b.at(t + 2 + Math.min(i, 1), s, 'txn-applied', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    for (const p of deleted) b.also(s, 'ephemeral-deleted', { path: p, owner: SESSION_A, zxid: '0x100000003' });
    b.also(s, 'session-removed', { sessionId: SESSION_A, zxid: '0x100000003' });
  }
  return b;
}

describe('CheckerSuite', () => {
  it('finds nothing in a clean expiry', () => {
    const r = check(expireAndClose(sessionWithLock(new TraceBuilder().ensemble()).at(3000, 'c1', 'node-frozen'), 9000, ['/lock']));
    expect(formatReport(r)).toEqual(['safety: no violation', 'liveness: no failure', 'sometimes: none reached']);
  });

  it('lists every checker with its kind, safety first', () => {
    const cat = checkerCatalog();
    expect(cat.map((c) => c.kind)).toEqual([...cat.filter((c) => c.kind === 'safety'), ...cat.filter((c) => c.kind === 'liveness')].map((c) => c.kind));
    expect(cat.length).toBe(10);
  });

  it('never throws on records of any shape', () => {
    const types = ['leader-established', 'zab-commit', 'txn-applied', 'session-expire', 'ephemeral-deleted', 'session-removed', 'zab-sync-received', 'serving', 'client-session', 'partition', 'heal', 'message-delivered', 'node-crashed'];
    fc.assert(fc.property(fc.array(fc.record({ time: fc.nat(), node: fc.constantFrom('s1', 's2', 'c1'), type: fc.constantFrom(...types), extra: fc.dictionary(fc.constantFrom('zxid', 'sessionId', 'epoch', 'paths', 'ids', 'txn', 'role', 'mode', 'path'), fc.anything()) })), (rs) => {
      const suite = new CheckerSuite(OPTIONS);
      rs.forEach((r, i) => suite.onRecord({ ...r.extra, time: r.time, seq: i, node: r.node, type: r.type } as TraceRecord));
      suite.finish();
    }), { numRuns: 200 });
  });

  it('caps findings per checker and counts the rest', () => {
    const b = new TraceBuilder().ensemble();
    for (let i = 0; i < 30; i++) b.at(1000 + i, 's1', 'session-expire', { sessionId: SESSION_A, bucket: 0, timeoutMs: 6000 });
    const r = checkTrace(b.records, { ...OPTIONS, maxViolationsPerChecker: 5 });
    expect(r.safety.length).toBe(5);
    expect(r.dropped['expiry-authority']).toBe(25);
  });
});

describe('single-leader', () => {
  it('flags two leaders of one epoch', () => {
    const b = new TraceBuilder().ensemble().at(5000, 's2', 'leader-established', { epoch: 1, zxid: '0x100000000', followers: [] });
    expect(names(check(b))).toEqual(['single-leader']);
  });
});

describe('zxids-grow', () => {
  it('flags a proposal that does not grow', () => {
    const b = new TraceBuilder().ensemble();
    b.at(1000, 's3', 'zab-propose', { zxid: '0x100000002', txn: 'create', sessionId: SESSION_A, path: '/a' });
    b.at(1001, 's3', 'zab-propose', { zxid: '0x100000001', txn: 'create', sessionId: SESSION_A, path: '/b' });
    expect(names(check(b))).toContain('zxids-grow');
  });

  it('flags a proposal of another epoch', () => {
    const b = new TraceBuilder().ensemble().at(1000, 's3', 'zab-propose', { zxid: '0x200000001', txn: 'create', sessionId: SESSION_A, path: '/a' });
    expect(check(b).safety[0]?.message).toMatch(/epoch 1 proposes zxid 0x200000001 of epoch 2/);
  });
});

describe('committed-prefix', () => {
  it('flags a server applying a different txn at a committed zxid', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(2000, 's1', 'txn-applied', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/x' });
    b.at(2001, 's3', 'zab-commit', { zxid: '0x100000003', txn: 'delete', sessionId: SESSION_A, path: '/x' });
    expect(names(check(b))).toContain('committed-prefix');
  });

  it('flags applied zxids going backwards', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(2000, 's1', 'txn-applied', { zxid: '0x100000001', txn: 'create-session', sessionId: SESSION_A });
    expect(check(b).safety[0]?.message).toMatch(/s1 applies zxid 0x100000001 after 0x100000002/);
  });

  it('flags a server skipping a committed txn between two applies', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(2000, 's3', 'zab-propose', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/b' });
    b.at(2000, 's3', 'zab-propose', { zxid: '0x100000004', txn: 'create', sessionId: SESSION_A, path: '/c' });
    b.at(2002, 's3', 'zab-commit', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/b' });
    b.at(2002, 's3', 'zab-commit', { zxid: '0x100000004', txn: 'create', sessionId: SESSION_A, path: '/c' });
    b.at(2003, 's1', 'txn-applied', { zxid: '0x100000004', txn: 'create', sessionId: SESSION_A, path: '/c' });
    expect(check(b).safety[0]?.message).toMatch(/s1 applies zxid 0x100000004 right after 0x100000002, skipping committed 0x100000003/);
  });

  it('takes a follower\'s serving zxid as applied (commits applied silently before UPTODATE)', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(2000, 's1', 'peer-state', { from: 'following', to: 'looking' }).at(2001, 's1', 'peer-state', { from: 'looking', to: 'following' });
    b.at(2100, 's3', 'zab-propose', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/b' });
    b.at(2102, 's3', 'zab-commit', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/b' });
    b.at(2103, 's1', 'serving', { role: 'follower', zxid: '0x100000003' });
    b.at(2200, 's3', 'zab-commit', { zxid: '0x100000004', txn: 'create', sessionId: SESSION_A, path: '/c' });
    b.at(2201, 's1', 'txn-applied', { zxid: '0x100000004', txn: 'create', sessionId: SESSION_A, path: '/c' });
    expect(check(b).safety).toEqual([]);
  });

  it('flags a DIFF sync over logged but unapplied txns (ZOOKEEPER-2355)', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.at(9001, 's1', 'zab-logged', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.at(9002, 's1', 'peer-state', { from: 'following', to: 'looking' });
    b.at(9500, 's1', 'zab-sync-received', { mode: 'DIFF', zxid: '0x100000003' });
    const r = check(b);
    expect(r.safety.map((v) => v.message)).toEqual([expect.stringMatching(/s1 syncs by DIFF with txns 0x100000003\.\.0x100000003 logged but never applied.*closeSession 0x0300000000d30000 at 0x100000003/)]);
  });

  it('accepts the same sequence when the server fast-forwards before syncing', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.at(9001, 's1', 'zab-logged', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.at(9002, 's1', 'db-fast-forward', { txns: 1, zxid: '0x100000003' }).also('s1', 'peer-state', { from: 'following', to: 'looking' });
    b.at(9500, 's1', 'zab-sync-received', { mode: 'DIFF', zxid: '0x100000003' });
    expect(check(b).safety).toEqual([]);
  });

  it('flags a new leader that serves without a committed txn', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's2', 'leader-established', { epoch: 2, zxid: '0x200000000', followers: ['s1'] });
    b.also('s2', 'serving', { role: 'leader', sessions: 1, zxid: '0x100000001' });
    expect(check(b).safety[0]?.message).toMatch(/new leader s2 serves from zxid 0x100000001, but 0x100000002 was already committed/);
  });
});

describe('close-deletes', () => {
  it('flags a deletion the closeSession txn did not list (R53, R58)', () => {
    const r = check(expireAndClose(sessionWithLock(new TraceBuilder().ensemble()), 9000, [], ['/lock']));
    expect(r.safety.map((v) => v.checker)).toEqual(['close-deletes', 'close-deletes', 'close-deletes']);
    expect(r.safety[0]?.message).toMatch(/lists nothing but s3 deletes \[\/lock\].*in flight missed by prep/);
  });

  it('flags a deletion before the close is committed', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.at(9001, 's1', 'zab-logged', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.also('s1', 'ephemeral-deleted', { path: '/lock', owner: SESSION_A, zxid: '0x100000003', early: true });
    expect(check(b).safety[0]?.message).toMatch(/s1 deletes ephemeral \/lock .* before applying that txn/);
  });

  it('flags servers deleting different sets for one close', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.at(9002, 's3', 'txn-applied', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.also('s3', 'ephemeral-deleted', { path: '/lock', owner: SESSION_A, zxid: '0x100000003' }).also('s3', 'session-removed', { sessionId: SESSION_A, zxid: '0x100000003' });
    b.at(9003, 's1', 'txn-applied', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.also('s1', 'session-removed', { sessionId: SESSION_A, zxid: '0x100000003' });
    expect(check(b).safety[0]?.message).toMatch(/deletes \[\/lock\] on s3 but nothing on s1/);
  });
});

describe('closed-session-writes', () => {
  it('flags a write proposed after the leader marked the session closing', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.at(9001, 's3', 'zab-propose', { zxid: '0x100000004', txn: 'create', sessionId: SESSION_A, path: '/late' });
    expect(check(b).safety[0]?.message).toMatch(/proposes create \/late of session 0x0300…0000 after marking it closing/);
  });

  it('flags a write committed after the session closed', () => {
    const b = expireAndClose(sessionWithLock(new TraceBuilder().ensemble()), 9000, ['/lock']);
    b.at(12000, 's2', 'leader-established', { epoch: 2, zxid: '0x200000000', followers: ['s1'] });
    b.at(12001, 's2', 'zab-commit', { zxid: '0x200000001', txn: 'set-data', sessionId: SESSION_A, path: '/p' });
    expect(names(check(b))).toContain('closed-session-writes');
  });
});

describe('expiry-authority', () => {
  it('flags a follower expiring a session', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble()).at(9000, 's1', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000, rogue: true });
    expect(check(b).safety[0]?.message).toMatch(/s1 expires session 0x0300…0000 while following/);
  });

  it('flags a closeSession nobody asked for', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble()).at(9000, 's3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    expect(check(b).safety[0]?.message).toMatch(/did not expire it and c1 never asked to close/);
  });

  it('accepts a closeSession the client asked for', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble()).at(8000, 'c1', 'client-request', { xid: 2, op: 'close-session', path: null });
    b.at(8001, 's3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    expect(check(b).safety).toEqual([]);
  });
});

describe('expiry-timing', () => {
  it('flags an expiry sooner than the timeout after the last touch', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(5000, 's3', 'session-touch', { sessionId: SESSION_A, via: 's1', expiresAt: 12000 });
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    expect(check(b).safety[0]?.message).toMatch(/expires 0x0300…0000 at 9000 ms, only 4000 ms on its clock after its last touch/);
  });

  it('counts the tracker rebuild as a touch of every session (R66)', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(20000, 's3', 'peer-state', { from: 'leading', to: 'looking' }).at(20300, 's3', 'peer-state', { from: 'looking', to: 'leading' });
    b.at(20400, 's3', 'leader-established', { epoch: 2 }).also('s3', 'tracker-rebuilt', { sessions: 1 }).also('s3', 'serving', { role: 'leader', zxid: '0x100000002' });
    b.at(22000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 22000, timeoutMs: 6000 });
    expect(check(b).safety[0]?.message).toMatch(/after its tracker rebuild/);
  });

  it('allows a fast leader clock exactly its drift', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(5000, 's3', 'session-touch', { sessionId: SESSION_A, via: 's1', expiresAt: 12000 });
    b.at(10_994, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 11000, timeoutMs: 6000 });
    expect(checkTrace(b.records, { ...OPTIONS, clockDriftPpm: { s3: 1000 } }).safety).toEqual([]);
    expect(checkTrace(b.records, { ...OPTIONS, clockDriftPpm: { s3: 100 } }).safety.map((v) => v.checker)).toEqual(['expiry-timing']);
  });
});

describe('client-expiry', () => {
  it('flags a client that takes timeout 0 as a live session', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(20000, 's1', 'session-invalid', { sessionId: SESSION_A, client: 'c1' });
    b.at(20001, 'c1', 'client-session', { server: 's1', sessionId: '0x0000000000000000', timeoutMs: 0 });
    b.also('c1', 'client-event', { state: 'SyncConnected' });
    expect(check(b).safety.map((v) => v.message)).toEqual([
      expect.stringMatching(/c1 takes a ConnectResponse with timeout 0 as a live session/),
    ]);
  });

  it('flags SyncConnected answering a timeout-0 handshake', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(19000, 'c1', 'client-event', { state: 'Disconnected' });
    b.at(20000, 's1', 'session-invalid', { sessionId: SESSION_A, client: 'c1' });
    b.at(20001, 'c1', 'client-event', { state: 'SyncConnected' });
    expect(check(b).safety[0]?.message).toMatch(/c1 sees SyncConnected although s1 answered its handshake with timeout 0/);
  });

  it('flags a request and a commit after Expired', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(20000, 'c1', 'client-event', { state: 'Expired' }).also('c1', 'client-disconnect', { server: 's1', reason: 'session-expired' });
    b.at(20001, 'c1', 'client-request', { xid: 5, op: 'create', path: '/z' });
    b.at(20002, 's3', 'zab-propose', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/z' });
    b.at(20003, 's3', 'zab-commit', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/z' });
    expect(check(b).safety.map((v) => v.message)).toEqual([
      expect.stringMatching(/c1 sends create after it saw Expired/),
      expect.stringMatching(/create \/z of session 0x0300…0000 commits at 0x100000003, proposed after a server told c1/),
    ]);
  });
});

describe('pinging-client-lives', () => {
  const healthy = (): TraceBuilder => {
    const b = new TraceBuilder().ensemble();
    b.at(1000, 's1', 'session-create', { sessionId: SESSION_B, timeoutMs: 6000, client: 'c2' });
    b.txn(1001, '0x100000001', 'create-session', SESSION_B);
    b.at(1005, 'c2', 'client-session', { server: 's1', sessionId: SESSION_B, timeoutMs: 6000 });
    return b;
  };

  it('flags expiry of a client connected to a healthy follower', () => {
    const b = healthy().at(9000, 's3', 'session-expire', { sessionId: SESSION_B, bucket: 9000, timeoutMs: 6000 });
    const r = check(b);
    expect(r.safety).toEqual([]);
    expect(r.liveness[0]?.message).toMatch(/c2 stayed connected with it to s1, a serving follower of s3/);
  });

  it('accepts it when the follower was frozen in the window', () => {
    const b = healthy().at(4000, 's1', 'node-frozen').at(8000, 's1', 'node-resumed');
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_B, bucket: 9000, timeoutMs: 6000 });
    expect(check(b).liveness).toEqual([]);
  });

  it('accepts it when a message was slower than the bound', () => {
    const b = healthy().at(4600, 's3', 'message-delivered', { conn: 3, from: 's1', to: 's3', sentAt: 4000, message: {} });
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_B, bucket: 9000, timeoutMs: 6000 });
    expect(check(b).liveness).toEqual([]);
  });
});

describe('dead-sessions-closed', () => {
  const crashed = (): TraceBuilder => sessionWithLock(new TraceBuilder().ensemble()).at(3000, 'c1', 'node-crashed', { incarnation: 1 });

  it('flags the session of a crashed client still open after the bound', () => {
    const r = check(crashed(), 20_000);
    expect(r.liveness.map((v) => v.message)).toEqual([expect.stringMatching(/session 0x0300…0000 is still open on s1, s2, s3 at 20000 ms: its client c1 died at 3000 ms/)]);
  });

  it('does not judge before the bound has passed', () => {
    expect(check(crashed(), 10_000).liveness).toEqual([]);
  });

  it('accepts it once every server applied the close', () => {
    expect(check(expireAndClose(crashed(), 9000, ['/lock']), 20_000).liveness).toEqual([]);
  });

  it('counts a close a server applied silently (sync) when its zxid is behind that server', () => {
    const b = crashed();
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.at(9002, 's3', 'zab-commit', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.also('s3', 'txn-applied', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A });
    b.also('s3', 'ephemeral-deleted', { path: '/lock', owner: SESSION_A, zxid: '0x100000003' }).also('s3', 'session-removed', { sessionId: SESSION_A, zxid: '0x100000003' });
    for (const s of ['s1', 's2']) b.at(9500, s, 'node-crashed').at(9600, s, 'server-start', { lastLoggedZxid: '0x100000003' });
    for (const s of ['s1', 's2']) b.at(9900, s, 'serving', { role: 'follower' });
    expect(check(b, 30_000).liveness).toEqual([]);
  });
});

describe('sometimes goals', () => {
  it('counts a leader crash with a closeSession in flight', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'session-expire', { sessionId: SESSION_A, bucket: 9000, timeoutMs: 6000 });
    b.also('s3', 'zab-propose', { zxid: '0x100000003', txn: 'close-session', sessionId: SESSION_A, paths: ['/lock'] });
    b.at(9001, 's3', 'node-crashed', { incarnation: 1 });
    expect(check(b).sometimes['close-in-flight-at-leader-crash']).toBe(1);
  });

  it('counts a create racing a close', () => {
    const b = sessionWithLock(new TraceBuilder().ensemble());
    b.at(9000, 's3', 'zab-propose', { zxid: '0x100000003', txn: 'create', sessionId: SESSION_A, path: '/e' });
    b.at(9000, 'c1', 'client-request', { xid: 3, op: 'close-session' });
    b.at(9001, 's3', 'zab-propose', { zxid: '0x100000004', txn: 'close-session', sessionId: SESSION_A, paths: ['/e', '/lock'] });
    expect(check(b).sometimes['ephemeral-create-races-close']).toBe(1);
  });
});
