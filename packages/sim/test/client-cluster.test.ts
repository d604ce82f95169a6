// The client model against the real server model (issue: client cluster tests): heartbeats, moving to
// another server within the timeout, coming back too late, client-side expiry by version, requests in
// flight at a connection loss, chroot. Real kernel and network, constant 1 ms links, s3 leads.
import { ZkClient } from '@zksim/client';
import { MemorySink } from '@zksim/kernel';
import type { ErrorCode } from '@zksim/protocol';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/index.ts';
import { firstOf, recordsOf } from '../src/testing/index.ts';

function setup(): { c: Cluster; sink: MemorySink } {
  const sink = new MemorySink();
  const c = new Cluster({ seed: 9, servers: 3, traceSink: sink, latency: { type: 'constant', ms: 1 } }).start();
  c.runUntil(1000);
  return { c, sink };
}

function client(c: Cluster, name: string, connect: string, timeoutMs: number, version: '3.8' | '3.9' = '3.9'): ZkClient {
  const zk = new ZkClient({ kernel: c.kernel, network: c.network, node: c.addClientNode(name), connectString: connect, sessionTimeoutMs: timeoutMs, clientVersion: version });
  zk.start();
  return zk;
}

describe('client with the server model (n=3)', () => {
  it('R76: an idle client pings every third of its timeout (readTimeout/2) and the leader touches it', () => {
    const { c, sink } = setup();
    const zk = client(c, 'c1', 's3', 30000);
    c.runUntil(61_000);
    const pings = recordsOf(sink, 'client-ping', { node: 'c1' }).map((r) => r.time);
    expect(pings.length).toBeGreaterThanOrEqual(5);
    const gaps = pings.slice(1).map((t, i) => t - (pings[i] as number));
    for (const g of gaps) expect(g).toBe(10_000); // 30000 · 2/3 / 2, replies in 2 ms
    expect(zk.state).toBe('CONNECTED');
  });

  it('R70/R79/R41: a client whose server is cut away reconnects elsewhere in time and keeps session and ephemerals', () => {
    const { c } = setup();
    const zk = client(c, 'c1', 's1,s2,s3', 10_000);
    c.runUntil(2000);
    let created: ErrorCode | null = null;
    zk.create('/mine', '', 'ephemeral', (r) => { created = r.code; });
    c.runUntil(2500);
    expect(created).toBe('ok');
    const first = zk.sessionId;
    const server = zk.connectedServer as string;
    c.network.partition({ groupA: [zk.node], groupB: [c.kernel.nodeId(server) as number] });
    c.runUntil(20_000);
    expect(zk.sessionId).toBe(first);
    expect(zk.connectedServer).not.toBe(server);
    expect(zk.stateEvents.map((e) => e.state)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    for (const s of c.servers.values()) expect(s.db.tree.getNode('/mine')?.stat.ephemeralOwner).toBe(first);
  });

  it('R33/R78: a client that comes back too late gets Expired from the server; its ephemerals were already gone', () => {
    const { c, sink } = setup();
    const zk = client(c, 'c1', 's1,s2,s3', 6000, '3.8'); // 3.8: no client-side expiry, the server must say it
    c.runUntil(2000);
    zk.create('/gone', '', 'ephemeral');
    c.runUntil(2500);
    c.network.partition({ groupA: [zk.node], scope: 'client-server' });
    c.runUntil(30_000);
    const deleted = firstOf(sink, 'ephemeral-deleted', { path: '/gone' });
    expect(deleted).toBeDefined();
    expect(zk.state).not.toBe('CLOSED');
    c.network.heal();
    c.runUntil(40_000);
    const invalid = firstOf(sink, 'session-invalid', { client: 'c1' });
    expect(invalid).toBeDefined();
    expect((invalid?.time as number)).toBeGreaterThan(deleted?.time as number);
    expect(zk.state).toBe('CLOSED');
    expect(zk.stateEvents.map((e) => e.state)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
  });

  it('R76/R89: with no server reachable a 3.9 client expires itself at 4/3 of its timeout, a 3.8 client keeps trying', () => {
    const { c, sink } = setup();
    const v39 = client(c, 'new', 's1,s2,s3', 6000, '3.9');
    const v38 = client(c, 'old', 's1,s2,s3', 6000, '3.8');
    c.runUntil(2000);
    const heard = (name: string): number => Math.max(...recordsOf(sink, 'message-delivered', { to: name }).map((r) => r.time));
    c.network.partition({ groupA: [v39.node, v38.node], scope: 'client-server' });
    const lastHeard = heard('new');
    c.runUntil(60_000);
    const expired = v39.stateEvents.find((e) => e.state === 'Expired');
    expect(expired).toBeDefined();
    // Detected at the first loop wake-up once idleRecv ≥ 8000; the event follows the 200 ms cleanup pauses.
    expect((expired?.timeMs as number) - lastHeard).toBeGreaterThanOrEqual(8000);
    expect((expired?.timeMs as number) - lastHeard).toBeLessThan(8000 + 3000);
    expect(v38.state).toBe('CONNECTING');
    expect(v38.stateEvents.map((e) => e.state)).toEqual(['SyncConnected', 'Disconnected']);
    expect(recordsOf(sink, 'client-connect-attempt', { node: 'old' }).filter((r) => r.time > 20_000).length).toBeGreaterThan(3);
  });

  it('R80: requests in flight at a connection loss fail with CONNECTIONLOSS and may still have been applied', () => {
    const { c } = setup();
    const zk = client(c, 'c1', 's1', 30_000);
    c.runUntil(2000);
    let code: ErrorCode | null = null;
    zk.create('/maybe', 'v', 'persistent', (r) => { code = r.code; });
    // The request reaches s1 (1 ms) and is forwarded; cut the client off before the reply comes back.
    c.runUntil(2001);
    c.network.partition({ groupA: [zk.node], scope: 'client-server' });
    c.runUntil(30_000);
    expect(code).toBe('connection-loss');
    for (const s of c.servers.values()) expect(s.db.tree.getNode('/maybe')).toBeDefined(); // applied anyway
  });

  it('R82: chroot paths round-trip: the server sees /app/x, the client sees /x', () => {
    const { c } = setup();
    const admin = client(c, 'admin', 's1', 30_000);
    c.runUntil(2000);
    admin.create('/app', '', 'persistent');
    c.runUntil(2100);
    const zk = client(c, 'c1', 's1,s2/app', 30_000);
    c.runUntil(4000);
    let path = '';
    let children: readonly string[] = [];
    zk.create('/x', 'd', 'persistent-sequential', (r) => { if (r.code === 'ok') path = r.result; });
    c.runUntil(4100);
    zk.getChildren('/', false, (r) => { if (r.code === 'ok') children = r.result; });
    c.runUntil(4200);
    expect(path).toBe('/x0000000000');
    expect(c.server(3).db.tree.getNode('/app/x0000000000')).toBeDefined();
    expect(children).toEqual(['x0000000000']);
  });
});
