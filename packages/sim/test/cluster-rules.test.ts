// One cluster test per server rule of the reference that is best shown end to end (R25–R72), on the real
// kernel and network with bare protocol clients. Constant 1 ms links; s3 leads a fresh 3-server ensemble.
import { MemorySink } from '@zksim/kernel';
import { SessionTrackerImpl, LearnerSessionTracker } from '@zksim/server';
import { generatePasswd } from '@zksim/protocol';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/index.ts';
import { RawClient, firstOf, recordsOf } from '../src/testing/index.ts';
import { roundToNextIntervalForTest } from './helpers.ts';

const LAT = { type: 'constant', ms: 1 } as const;

function setup(extra: Partial<ConstructorParameters<typeof Cluster>[0]> = {}): { c: Cluster; sink: MemorySink } {
  const sink = new MemorySink();
  const c = new Cluster({ seed: 5, servers: 3, traceSink: sink, latency: LAT, ...extra }).start();
  c.runUntil(3000);
  return { c, sink };
}

function connect(c: Cluster, name: string, sid: number, timeoutMs: number, lastZxidSeen = 0): RawClient {
  const rc = new RawClient(c.kernel, c.network, c.addClientNode(name));
  rc.connect(c.serverNodes.get(sid) as number, timeoutMs, lastZxidSeen);
  return rc;
}

function replyTo(rc: RawClient, xid: number): { err: string } | undefined {
  const m = rc.received.find((r) => r.message.type === 'reply' && r.message.xid === xid)?.message;
  return m?.type === 'reply' ? { err: m.err } : undefined;
}

describe('server rules, end to end (n=3)', () => {
  it('R25/R26/R28: a stale leader-local owner’s read through prep closes its connection without a reply', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 3, 10000); // directly on the leader: owner := local token (R25c/d)
    c.runUntil(3100);
    const b = new RawClient(c.kernel, c.network, c.addClientNode('b'));
    b.sessionId = a.sessionId;
    b.passwd = a.passwd;
    b.connect(c.serverNodes.get(1) as number, 10000); // moves through s1: REVALIDATE sets owner := s1's handler
    c.runUntil(3200);
    const xid = a.request({ op: 'exists', path: '/', watch: false }); // non-txn op, owner-checked in prep (R26)
    c.runUntil(3300);
    expect(replyTo(a, xid)).toBeUndefined();
    expect(a.isOpen).toBe(false);
    expect(firstOf(sink, 'session-moved', { sessionId: a.sessionId, op: 'exists' })).toBeDefined();
  });

  it('R27: a failed write becomes an error txn that is proposed, committed and consumes a zxid', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 10000);
    c.runUntil(3100);
    a.request({ op: 'create', path: '/x', data: '', mode: 'persistent' });
    const again = a.request({ op: 'create', path: '/x', data: '', mode: 'persistent' });
    c.runUntil(3200);
    expect(replyTo(a, again)?.err).toBe('node-exists');
    const err = firstOf(sink, 'zab-commit', { txn: 'error', code: 'node-exists' });
    expect(err?.['zxid']).toBe('0x100000003'); // createSession 1, create 2, error 3
    expect(c.server(2).db.lastProcessedZxid).toBe(2 ** 32 + 3);
  });

  it('R29/R30.4: the negotiated timeout is the request clamped to [2, 20] × tickTime', () => {
    const { c } = setup();
    const low = connect(c, 'low', 1, 1000);
    const high = connect(c, 'high', 2, 100_000);
    c.runUntil(3100);
    expect(low.lastConnectResponse()?.timeoutMs).toBe(4000);
    expect(high.lastConnectResponse()?.timeoutMs).toBe(40_000);
  });

  it('R30.3/R69: a client whose lastZxidSeen is ahead of the server is closed without a session', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 10000, 2 ** 40);
    c.runUntil(3100);
    expect(a.lastConnectResponse()).toBeUndefined();
    expect(a.isOpen).toBe(false);
    expect(firstOf(sink, 'connect-refused', { reason: 'CLIENT_ZXID_AHEAD' })).toBeDefined();
  });

  it('R30.5: a reconnect closes the session’s other connections on the same server', () => {
    const { c } = setup();
    const a = connect(c, 'a', 1, 10000);
    c.runUntil(3100);
    const b = new RawClient(c.kernel, c.network, c.addClientNode('b'));
    b.sessionId = a.sessionId;
    b.passwd = a.passwd;
    b.connect(c.serverNodes.get(1) as number, 10000);
    c.runUntil(3200);
    expect(a.isOpen).toBe(false);
    expect(b.lastConnectResponse()?.sessionId).toBe(a.sessionId);
  });

  it('R31/R49: the ConnectResponse waits for the createSession commit; the leader tracks the session from prep', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 6000);
    c.runUntil(3100);
    const commit = firstOf(sink, 'zab-commit', { txn: 'create-session', sessionId: a.sessionId });
    const propose = firstOf(sink, 'zab-propose', { txn: 'create-session', sessionId: a.sessionId });
    const resp = a.received.find((r) => r.message.type === 'connect-response');
    expect(commit).toBeDefined();
    expect(resp?.time).toBeGreaterThan(commit?.time as number);
    const tracker = c.server(3).tracker as SessionTrackerImpl;
    // R49: prep's trackSession at the proposal time set the deadline; no PING reply has touched it yet.
    expect(recordsOf(sink, 'session-touch', { node: 's3', sessionId: a.sessionId })).toEqual([]);
    expect(tracker.expiryTimeOf(a.sessionId)).toBe(roundToNextIntervalForTest((propose?.time as number) + 6000, 2000));
  });

  it('R32/R33: a reconnect with a bad password gets timeout 0 and is closed', () => {
    const { c } = setup();
    const a = connect(c, 'a', 1, 10000);
    c.runUntil(3100);
    const b = new RawClient(c.kernel, c.network, c.addClientNode('b'));
    b.sessionId = a.sessionId;
    b.passwd = generatePasswd('0x0100000000000042');
    b.connect(c.serverNodes.get(2) as number, 10000);
    c.runUntil(3200);
    expect(b.lastConnectResponse()?.timeoutMs).toBe(0);
    expect(b.isOpen).toBe(false);
  });

  it('R34/R69: a server that is not serving closes connections and requests; nothing is queued', () => {
    const sink = new MemorySink();
    const c = new Cluster({ seed: 5, servers: 3, traceSink: sink, latency: LAT }).start();
    const a = connect(c, 'a', 1, 10000); // at t=0 everyone is LOOKING
    c.runUntil(100);
    expect(a.isOpen).toBe(false);
    expect(a.lastConnectResponse()).toBeUndefined();
    expect(firstOf(sink, 'cnxn-closed', { reason: 'not-serving' })).toBeDefined();
  });

  it('R35/R36: a connection that never handshakes is closed by the NIO idle expiry, in 10 s buckets', () => {
    const { c, sink } = setup();
    const node = c.addClientNode('idle');
    const rc = new RawClient(c.kernel, c.network, node);
    const conn = c.network.connect(node, c.serverNodes.get(1) as number, 'client');
    rc.conn = conn;
    c.runUntil(40_000);
    const expired = firstOf(sink, 'cnxn-expired', { conn });
    // Accepted at 3001 with the pre-handshake timeout 10000: bucket roundToNextInterval(13001, 10000).
    expect(expired?.time).toBe(roundToNextIntervalForTest(3001 + 10_000, 10_000));
  });

  it('R37: only the leader runs global expiry; learners keep touch tables', () => {
    const { c } = setup();
    expect(c.server(3).tracker).toBeInstanceOf(SessionTrackerImpl);
    expect(c.server(1).tracker).toBeInstanceOf(LearnerSessionTracker);
    expect(c.server(2).tracker).toBeInstanceOf(LearnerSessionTracker);
  });

  it('R41/R25b: a reconnect through a follower sends REVALIDATE; the leader touches and re-owns the session', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 10000);
    c.runUntil(3100);
    a.drop();
    const b = new RawClient(c.kernel, c.network, c.addClientNode('b'));
    b.sessionId = a.sessionId;
    b.passwd = a.passwd;
    b.connect(c.serverNodes.get(2) as number, 10000);
    c.runUntil(3200);
    const rv = firstOf(sink, 'revalidate', { sessionId: a.sessionId, learner: 's2' });
    expect(rv?.['valid']).toBe(true);
    expect((c.server(3).tracker as SessionTrackerImpl).ownerOf(a.sessionId)).toMatch(/^lh:s3:/);
    expect(b.lastConnectResponse()?.timeoutMs).toBe(10000);
  });

  it('R43/R48: a read on a learner touches its touch table and is answered from the learner’s own tree', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 10000);
    c.runUntil(4500); // createSession commit touched; the next PING reply emptied the table
    const xid = a.request({ op: 'get-data', path: '/', watch: false });
    c.runUntil(4502);
    expect(replyTo(a, xid)?.err).toBe('ok');
    // No forwarded request for a read (R46), and the touch reaches the leader in the next PING reply.
    expect(recordsOf(sink, 'message-delivered').some((r) => r.time >= 4500 && (r['message'] as { type: string }).type === 'q-request')).toBe(false);
    c.runUntil(6000);
    const touch = recordsOf(sink, 'session-touch', { node: 's3', sessionId: a.sessionId, via: 's1' }).find((r) => r.time > 4500);
    expect(touch).toBeDefined();
  });

  it('R46/R85: a follower forwards writes to the leader and replies only after the commit, in order', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 10000);
    c.runUntil(3100);
    const w = a.request({ op: 'create', path: '/w', data: 'v', mode: 'persistent' });
    const r = a.request({ op: 'get-data', path: '/w', watch: false }); // waits behind the write (R85)
    c.runUntil(3200);
    const replies = a.received.filter((m) => m.message.type === 'reply').map((m) => (m.message as { xid: number }).xid);
    expect(replies).toEqual([w, r]);
    expect(replyTo(a, r)?.err).toBe('ok');
    expect(firstOf(sink, 'zab-commit', { path: '/w' })).toBeDefined();
  });

  it('R47/R53.5: after the leader marks a session closing, its requests on the leader are dropped silently', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 3, 4000); // bucket 8000; the idle connection itself lasts until 10000 (R35)
    c.runUntil(3100);
    c.network.partition({ groupA: [c.serverNodes.get(3) as number], scope: 'server-server' }); // the close cannot commit
    c.runUntil(8500); // silent: expired (closing) at its bucket
    expect((c.server(3).tracker as SessionTrackerImpl).isClosing(a.sessionId)).toBe(true);
    const xid = a.request({ op: 'exists', path: '/', watch: false });
    c.runUntil(8600);
    expect(replyTo(a, xid)).toBeUndefined();
    expect(firstOf(sink, 'request-dropped', { sessionId: a.sessionId })).toBeDefined();
  });

  it('R52/R57/R60: the expiry closeSession fires watches on every server and kicks the client off its server', () => {
    const { c, sink } = setup();
    const owner = connect(c, 'owner', 1, 6000);
    const watcher = connect(c, 'watcher', 2, 30000);
    c.runUntil(3100);
    owner.request({ op: 'create', path: '/eph', data: '', mode: 'ephemeral' });
    c.runUntil(3200);
    watcher.request({ op: 'exists', path: '/eph', watch: true });
    c.runUntil(20_000);
    const expire = firstOf(sink, 'session-expire', { sessionId: owner.sessionId });
    const propose = firstOf(sink, 'zab-propose', { txn: 'close-session', sessionId: owner.sessionId });
    expect(propose?.time).toBe(expire?.time); // submitted into the leader's pipeline at once (R52)
    const note = watcher.received.find((m) => m.message.type === 'notification');
    expect(note?.message).toMatchObject({ event: 'node-deleted', path: '/eph' });
    expect(owner.isOpen).toBe(false); // R57 on s1, the owner's server
  });

  it('R64: the sessions map survives a restart (snapshot + txn log), deadlines do not', () => {
    const { c } = setup();
    const a = connect(c, 'a', 3, 30000);
    c.runUntil(3100);
    c.crashServer(1);
    c.runUntil(3200);
    c.restartServer(1);
    c.runUntil(8000);
    expect(c.server(1).db.sessions.get(a.sessionId)).toBe(30000);
    expect(c.server(1).isServing).toBe(true);
  });

  it('R68/R66: a proposed but uncommitted closeSession is lost when its leader is replaced', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 3, 6000);
    c.runUntil(3100);
    a.request({ op: 'create', path: '/keep', data: '', mode: 'ephemeral' });
    c.runUntil(9000);
    c.network.partition({ groupA: [c.serverNodes.get(3) as number], scope: 'server-server' });
    c.runUntil(40_000);
    expect(firstOf(sink, 'zab-propose', { node: 's3', txn: 'close-session' })).toBeDefined();
    const newLeader = c.leader();
    expect(newLeader?.sid).toBe(2);
    // The new leader never saw the close: the session was alive again with a fresh deadline, so the new
    // leader itself expires it a full timeout after it started serving.
    const start = recordsOf(sink, 'serving', { node: 's2', role: 'leader' })[0]?.time as number;
    const expire = firstOf(sink, 'session-expire', { node: 's2', sessionId: a.sessionId });
    expect(expire?.time).toBe(roundToNextIntervalForTest(start + 6000, 2000));
    expect(c.server(1).db.tree.getNode('/keep') === undefined).toBe(true); // then committed by the new leader
  });

  it('R70: a leader change disconnects every client of every server', () => {
    const { c } = setup();
    const a = connect(c, 'a', 1, 30000);
    const b = connect(c, 'b', 2, 30000);
    c.runUntil(3100);
    expect(a.isOpen && b.isOpen).toBe(true);
    c.crashServer(3);
    c.runUntil(3100 + 5 * 2000 + 1000);
    expect(a.isOpen).toBe(false);
    expect(b.isOpen).toBe(false);
  });

  it('R71/R45: a learner cut off from its leader stops serving after syncLimit·tickTime and closes its clients', () => {
    const { c, sink } = setup();
    const a = connect(c, 'a', 1, 30000);
    c.runUntil(3100);
    c.network.partition({ groupA: [c.serverNodes.get(1) as number], scope: 'server-server' });
    c.runUntil(3100 + 5 * 2000 + 2000);
    const shut = firstOf(sink, 'follower-shutdown', { node: 's1' });
    expect(shut).toBeDefined();
    expect((shut?.time as number) - 3100).toBeLessThanOrEqual(5 * 2000 + 1000);
    expect(a.isOpen).toBe(false);
    expect(c.server(1).isServing).toBe(false);
  });
});
