// Whole-cluster session tests on the real kernel and network (no mocks), with bare protocol clients so each
// test controls exactly what a client sends. Constant 1 ms links keep the arithmetic of deadlines exact.
import { MemorySink } from '@zksim/kernel';
import { makeZxid, roundToNextIntervalForTest } from './helpers.ts';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/index.ts';
import { RawClient, firstOf, recordsOf } from '../src/testing/index.ts';

const LAT = { type: 'constant', ms: 1 } as const;

function cluster(n: number, seed = 7, extra: Partial<ConstructorParameters<typeof Cluster>[0]> = {}): { c: Cluster; sink: MemorySink } {
  const sink = new MemorySink();
  const c = new Cluster({ seed, servers: n, traceSink: sink, latency: LAT, ...extra }).start();
  c.runUntil(3000);
  return { c, sink };
}

function client(c: Cluster, name: string, serverSid: number, timeoutMs: number): RawClient {
  const rc = new RawClient(c.kernel, c.network, c.addClientNode(name));
  rc.connect(c.serverNodes.get(serverSid) as number, timeoutMs);
  return rc;
}

describe.each([3, 5])('sessions on a %i-server ensemble', (n) => {
  it('R8/R20/R55: a silent client of the leader expires in its tick bucket and its ephemeral is gone everywhere at one zxid', () => {
    const { c, sink } = cluster(n);
    const leader = c.leader();
    expect(leader?.sid).toBe(n);
    const rc = client(c, 'c1', n, 6000);
    c.runUntil(3100);
    rc.request({ op: 'create', path: '/e', data: 'x', mode: 'ephemeral' });
    c.runUntil(3200);
    // The create reached the leader at 3101 (1 ms link): R42a touch ⇒ bucket roundToNextInterval(3101 + 6000).
    const lastTouch = recordsOf(sink, 'session-touch', { node: `s${n}`, sessionId: rc.sessionId }).at(-1);
    expect(lastTouch?.time).toBe(3101);
    const bucket = roundToNextIntervalForTest(3101 + 6000, 2000);
    expect(bucket).toBe(10000);
    c.runUntil(20000);
    const expire = firstOf(sink, 'session-expire', { sessionId: rc.sessionId });
    expect(expire?.time).toBe(bucket);
    expect(expire?.node).toBe(`s${n}`);
    const deleted = recordsOf(sink, 'ephemeral-deleted', { path: '/e' });
    expect(new Set(deleted.map((r) => r.node)).size).toBe(n);
    expect(new Set(deleted.map((r) => r.zxid)).size).toBe(1);
    for (const s of c.servers.values()) {
      expect(s.db.tree.getNode('/e')).toBeUndefined();
      expect(s.db.sessions.has(rc.sessionId)).toBe(false);
    }
    // R57: the server holding the connection closed it; no expiry message was sent to the client.
    expect(rc.isOpen).toBe(false);
    expect(rc.received.some((m) => m.message.type === 'reply' && m.message.err === 'session-expired')).toBe(false);
  });

  it('R42/R44: a silent client of a follower is touched at the leader only through PING replies', () => {
    const { c, sink } = cluster(n);
    const rc = client(c, 'c1', 1, 6000);
    c.runUntil(3100);
    rc.request({ op: 'create', path: '/f', data: '', mode: 'ephemeral' });
    c.runUntil(30000);
    const touches = recordsOf(sink, 'session-touch', { node: `s${n}`, sessionId: rc.sessionId });
    expect(touches.length).toBeGreaterThan(0);
    // Every touch at the leader came from a learner's PING reply, never from the forwarded write (R42).
    expect(touches.every((t) => typeof t['via'] === 'string' && t['via'] !== 'client')).toBe(true);
    const expire = firstOf(sink, 'session-expire', { sessionId: rc.sessionId });
    const last = touches.at(-1);
    expect(expire?.time).toBe(roundToNextIntervalForTest((last?.time ?? 0) + 6000, 2000));
  });
});

describe('sessions across faults (n=3)', () => {
  it('R45/R54: a leader cut off from its quorum proposes the close but cannot commit it', () => {
    const { c, sink } = cluster(3);
    const rc = client(c, 'c1', 3, 6000);
    c.runUntil(3100);
    rc.request({ op: 'create', path: '/g', data: '', mode: 'ephemeral' });
    c.runUntil(9000);
    // Cut the leader from the followers (server links only) just before the session's bucket (10000).
    c.network.partition({ groupA: [c.serverNodes.get(3) as number], scope: 'server-server' });
    c.runUntil(10500);
    const propose = firstOf(sink, 'zab-propose', { node: 's3', txn: 'close-session', sessionId: rc.sessionId });
    expect(propose?.time).toBe(10000);
    expect(firstOf(sink, 'zab-commit', { node: 's3', zxid: propose?.['zxid'] })).toBeUndefined();
    for (const sid of [1, 2]) expect(c.server(sid).db.tree.getNode('/g')).toBeDefined();
  });

  it('R13/R66: after a leader crash the new leader gives every session a fresh full timeout', () => {
    const { c, sink } = cluster(3);
    const rc = client(c, 'c1', 1, 30000);
    c.runUntil(3100);
    c.runUntil(10000);
    c.crashServer(3);
    c.runUntil(60000);
    const newLeader = recordsOf(sink, 'serving', { role: 'leader' }).at(-1);
    expect(newLeader?.node).toBe('s2');
    const start = newLeader?.time as number;
    const expire = firstOf(sink, 'session-expire', { sessionId: rc.sessionId });
    // The client went silent at about 3000 (its last touch), yet the new leader expires it a full timeout
    // after it started serving: roundToNextInterval(start + 30000).
    expect(expire?.node).toBe('s2');
    expect(expire?.time).toBe(roundToNextIntervalForTest(start + 30000, 2000));
  });

  it('R53/R58: an ephemeral create in flight when closeSession is prepped is deleted by it', () => {
    const { c, sink } = cluster(3);
    const rc = client(c, 'c1', 1, 6000); // on a follower: forwarded writes do not touch (R42)
    c.runUntil(4500); // the createSession commit put it in s1's touch table; one PING reply carried it over
    expect(firstOf(sink, 'session-touch', { node: 's3', sessionId: rc.sessionId, via: 's1' })).toBeDefined();
    // Find the bucket the leader will expire the silent session in, then send a create that reaches the
    // leader's prep 1 ms before it (client→s1 1 ms, s1→s3 1 ms).
    const s3 = c.server(3);
    const tracker = s3.tracker as unknown as { expiryTimeOf(id: string): number | null };
    const bucket = tracker.expiryTimeOf(rc.sessionId) as number;
    c.runUntil(bucket - 3);
    rc.request({ op: 'create', path: '/race', data: '', mode: 'ephemeral' });
    c.runUntil(bucket + 100);
    const close = firstOf(sink, 'zab-propose', { txn: 'close-session', sessionId: rc.sessionId });
    const create = firstOf(sink, 'zab-propose', { txn: 'create', path: '/race' });
    expect(create?.time).toBe(bucket - 1);
    expect(close?.time).toBe(bucket);
    expect(close?.['paths']).toEqual(['/race']);
    for (const s of c.servers.values()) expect(s.db.tree.getNode('/race')).toBeUndefined();
    expect(recordsOf(sink, 'ephemeral-deleted', { path: '/race' }).length).toBe(3);
  });

  it('R24–R28: a write from the stale owner closes that connection without a reply', () => {
    const { c, sink } = cluster(3);
    const a = client(c, 'a', 1, 10000);
    c.runUntil(3100);
    // The session moves: a second connection with the same id and password, through s2 (REVALIDATE).
    const b = new RawClient(c.kernel, c.network, c.addClientNode('b'));
    b.sessionId = a.sessionId;
    b.passwd = a.passwd;
    b.connect(c.serverNodes.get(2) as number, 10000);
    c.runUntil(3200);
    expect(b.lastConnectResponse()?.timeoutMs).toBe(10000);
    expect(firstOf(sink, 'revalidate', { sessionId: a.sessionId, valid: true })).toBeDefined();
    const xid = a.request({ op: 'set-data', path: '/', data: 'stale', version: -1 });
    c.runUntil(3300);
    expect(a.isOpen).toBe(false);
    expect(a.received.some((m) => m.message.type === 'reply' && m.message.xid === xid)).toBe(false);
    expect(firstOf(sink, 'session-moved', { sessionId: a.sessionId })).toBeDefined();
    expect(b.isOpen).toBe(true);
  });

  it('R67: a follower that missed commits catches up by DIFF; one far behind by SNAP', () => {
    for (const [count, mode] of [[3, 'DIFF'], [30, 'SNAP']] as const) {
      const { c, sink } = cluster(3, 11, { ensemble: { commitLogCount: 10 } });
      const rc = client(c, 'w', 3, 30000);
      c.runUntil(3100);
      c.crashServer(1);
      for (let i = 0; i < count; i++) rc.request({ op: 'create', path: `/n${i}`, data: '', mode: 'persistent' });
      c.runUntil(4000);
      c.restartServer(1);
      c.runUntil(8000);
      const sync = recordsOf(sink, 'zab-sync', { learner: 's1' }).at(-1);
      expect(sync?.['mode']).toBe(mode);
      expect(c.server(1).isServing).toBe(true);
      expect(c.server(1).db.tree.getNode(`/n${count - 1}`)).toBeDefined();
      expect(c.server(1).db.lastProcessedZxid).toBe(c.server(3).db.lastProcessedZxid);
      expect(c.server(3).db.lastProcessedZxid).toBe(makeZxid(1, count + 1));
    }
  });
});
