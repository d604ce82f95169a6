// Session lifecycle against scripted servers: expiry seen from the server (timeout 0, R78) and decided
// by the client itself (3.9, R76) or not at all (3.8, R89); reconnect host choice and back-off (R79);
// close (R81); what freeze and crash do to the client; determinism (same seed, same trace).
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@zksim/protocol';
import { buildClientRig } from './testing/index.ts';
import type { ClientRig } from './testing/index.ts';

function states(rig: ClientRig): string[] {
  return rig.client.stateEvents.map((e) => e.state);
}

function isolateClient(rig: ClientRig): void {
  rig.network.partition({ groupA: [rig.client.node] });
}

describe('ZkClient expiry', () => {
  it('R78: a ConnectResponse with timeout 0 gives Expired at once; queued requests fail with session-expired after the cleanup', () => {
    const rig = buildClientRig({ start: false });
    rig.server().handshake = 'expire';
    const codes: [number, ErrorCode][] = [];
    rig.client.create('/a', '', 'persistent', (r) => codes.push([rig.kernel.now, r.code]));
    rig.client.start();
    rig.kernel.run(1000);
    expect(rig.client.stateEvents).toEqual([{ timeMs: 4, state: 'Expired' }]);
    expect(rig.client.state).toBe('CLOSED');
    expect(codes).toEqual([[104, 'session-expired']]);
    expect(rig.client.connectionPhase).toBe('stopped');
    expect(rig.clientTrace('client-connect-attempt')).toHaveLength(1);
  });

  it('R74: a session expired at the server gives SyncConnected, Disconnected, Expired', () => {
    const rig = buildClientRig();
    rig.kernel.run(100);
    rig.server().expireSessions();
    rig.kernel.run(10_000);
    expect(states(rig)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    expect(rig.client.negotiatedTimeoutMs).toBe(0);
  });

  it('R76: a 3.9 client that reaches no server expires itself once idleRecv ≥ 4/3 of the timeout', () => {
    const rig = buildClientRig({ servers: ['s1', 's2', 's3'], sessionTimeoutMs: 30_000 });
    rig.kernel.run(1000);
    isolateClient(rig);
    const codes: [number, ErrorCode][] = [];
    rig.kernel.run(60_000);
    const closed = rig.clientTrace('client-state').find((r) => r.to === 'CLOSED');
    expect(closed).toBeDefined();
    const t = closed?.time as number;
    const attempts = rig.clientTrace('client-connect-attempt').map((r) => r.time);
    // Last heard at 4 (the ConnectResponse). The expiry is noticed at the first loop iteration after
    // 4 + 40000: here the connect timeout (30000 / 3 hosts) of the attempt that was hanging then.
    const last = attempts.at(-1) as number;
    expect(t).toBe(last + 10_000);
    expect(t - 4).toBeGreaterThanOrEqual(40_000);
    expect(last - 4).toBeLessThan(40_000);
    expect(rig.clientTrace('client-disconnect').at(-1)?.reason).toBe('session-timeout');
    expect(rig.client.stateEvents).toEqual([
      { timeMs: 4, state: 'SyncConnected' },
      { timeMs: 20_104, state: 'Disconnected' },
      { timeMs: t + 200, state: 'Expired' }, // two 100 ms cleanups: cleanAndNotifyState, then after the loop
    ]);
    rig.client.exists('/', false, (r) => codes.push([rig.kernel.now, r.code]));
    expect(codes).toEqual([[rig.kernel.now, 'session-expired']]);
  });

  it('R76: requests queued when the 3.9 client expires itself fail with session-expired', () => {
    const rig = buildClientRig({ servers: ['s1', 's2', 's3'], sessionTimeoutMs: 30_000 });
    rig.kernel.run(1000);
    isolateClient(rig);
    rig.kernel.run(35_000); // disconnected since 20104, an attempt is hanging
    expect(rig.client.connectionPhase).toBe('connecting');
    const codes: [number, ErrorCode][] = [];
    rig.client.getData('/', false, (r) => codes.push([rig.kernel.now, r.code]));
    rig.kernel.run(60_000);
    const t = rig.clientTrace('client-state').find((r) => r.to === 'CLOSED')?.time as number;
    const lastAttempt = rig.clientTrace('client-connect-attempt').at(-1)?.time as number;
    // Attempts: 20104 + r1 (times out at +10000), then 30204 + r1 + r2 ≤ 32202, which is hanging at 35000
    // and whose connect-timeout wake at +10000 finds idleRecv ≥ 40000: the queued request fails with
    // session-expired when the cleanup ends.
    expect(lastAttempt).toBeLessThan(35_000);
    expect(t).toBe(lastAttempt + 10_000);
    expect(codes).toEqual([[t + 100, 'session-expired']]);
  });

  it('R76: with refused connections the expiry is noticed right after an attempt starts', () => {
    const rig = buildClientRig({ servers: ['s1', 's2'], sessionTimeoutMs: 6000 });
    rig.kernel.run(100);
    for (const s of rig.servers.values()) {
      s.setListening(false);
      s.dropConnections();
    }
    rig.kernel.run(30_000);
    const t = rig.clientTrace('client-state').find((r) => r.to === 'CLOSED')?.time as number;
    const attempts = rig.clientTrace('client-connect-attempt').map((r) => r.time);
    expect(attempts.at(-1)).toBe(t);
    expect(t - 4).toBeGreaterThanOrEqual(8000);
    expect((attempts.at(-2) as number) - 4).toBeLessThan(8000);
    expect(states(rig)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
  });

  it('R89: a 3.8 client never expires itself; it learns of expiry from a server (timeout 0)', () => {
    const rig = buildClientRig({ servers: ['s1', 's2', 's3'], sessionTimeoutMs: 30_000, clientVersion: '3.8' });
    rig.kernel.run(1000);
    isolateClient(rig);
    rig.kernel.run(300_000);
    expect(rig.client.state).toBe('CONNECTING');
    expect(states(rig)).toEqual(['SyncConnected', 'Disconnected']);
    expect(rig.clientTrace('client-connect-attempt').length).toBeGreaterThan(20);
    for (const s of rig.servers.values()) s.expireSessions();
    rig.network.heal();
    rig.kernel.run(400_000);
    expect(states(rig)).toEqual(['SyncConnected', 'Disconnected', 'Expired']); // 3.8's late Closed is lost
    expect(rig.client.state).toBe('CLOSED');
  });
});

describe('ZkClient host choice and back-off (R79)', () => {
  it('R79: walks the shuffled hosts round-robin; random back-off in [0,1000) after the first TCP connect; 1000 ms more on wrap-around', () => {
    const rig = buildClientRig({ servers: ['s1', 's2', 's3'], start: false, seed: 7 });
    for (const s of rig.servers.values()) s.handshake = 'close';
    rig.client.start();
    rig.kernel.run(600_000);
    const order = rig.client.hostOrder;
    const attempts = rig.clientTrace('client-connect-attempt');
    expect(attempts.length).toBeGreaterThan(200);
    expect(attempts.map((r) => r.server)).toEqual(attempts.map((_, i) => order[i % 3]));
    const backoffs = rig.clientTrace('client-backoff');
    expect([attempts.length - 1, attempts.length]).toContain(backoffs.length); // the last may still be sleeping
    backoffs.length = attempts.length - 1;
    const draws = backoffs.map((r) => r.randomMs as number);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1000);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(400);
    expect(mean).toBeLessThan(600);
    // Never connected: the pause falls on coming back to index 0.
    backoffs.forEach((r, i) => expect([r.server, r.wrapPauseMs]).toEqual([order[(i + 1) % 3], (i + 1) % 3 === 0 ? 1000 : 0]));
    // Each attempt starts after the 100 ms cleanup plus the pause plus the draw.
    const drops = rig.clientTrace('client-disconnect').map((r) => r.time);
    backoffs.forEach((r, i) => expect(attempts[i + 1]?.time).toBe((drops[i] as number) + 100 + (r.wrapPauseMs as number) + (r.randomMs as number)));
  });

  it('R79: after a handshake the wrap pause falls on coming back to the host of the last session', () => {
    const rig = buildClientRig({ servers: ['s1', 's2', 's3'], start: false, seed: 3 });
    const order = rig.client.hostOrder;
    rig.client.start();
    rig.kernel.run(100);
    for (const s of rig.servers.values()) s.handshake = 'close';
    rig.server(order[1]).handshake = 'grant';
    rig.server(order[0]).dropConnections();
    rig.kernel.run(10_000);
    expect(rig.client.connectedServer).toBe(order[1]);
    rig.server(order[1]).handshake = 'close';
    rig.server(order[1]).dropConnections();
    rig.kernel.run(20_000);
    const after = rig.clientTrace('client-backoff').filter((r) => r.time > 10_000).slice(0, 4);
    expect(after.map((r) => [r.server, r.wrapPauseMs])).toEqual([[order[2], 0], [order[0], 0], [order[1], 1000], [order[2], 0]]);
  });

  it('R79: the first attempt has no back-off and a refused first host moves on at once', () => {
    const rig = buildClientRig({ servers: ['s1', 's2'], start: false });
    const order = rig.client.hostOrder;
    rig.server(order[0]).setListening(false);
    rig.client.start();
    rig.kernel.run(1000);
    expect(rig.clientTrace('client-connect-attempt').map((r) => [r.time, r.server])).toEqual([[0, order[0]], [102, order[1]]]);
    expect(rig.client.stateEvents).toEqual([{ timeMs: 106, state: 'SyncConnected' }]); // no Disconnected: R74 dedup
  });
});

describe('ZkClient close (R81)', () => {
  it('R81: close sends closeSession, ends CLOSED at the reply and delivers Closed after the cleanup', () => {
    const rig = buildClientRig();
    rig.kernel.run(100);
    const codes: [string, number, ErrorCode][] = [];
    rig.client.close((r) => codes.push(['close', rig.kernel.now, r.code]));
    rig.client.close((r) => codes.push(['close-again', rig.kernel.now, r.code]));
    rig.client.exists('/', false, (r) => codes.push(['after', rig.kernel.now, r.code]));
    rig.kernel.run(1000);
    expect(codes).toEqual([['after', 100, 'connection-loss'], ['close', 102, 'ok'], ['close-again', 102, 'ok']]);
    expect(rig.client.stateEvents).toEqual([{ timeMs: 4, state: 'SyncConnected' }, { timeMs: 202, state: 'Closed' }]);
    expect(rig.client.state).toBe('CLOSED');
    expect(rig.server().receivedOf('request').map((m) => m.request.op)).toEqual(['close-session']);
    rig.client.exists('/', false, (r) => codes.push(['later', rig.kernel.now, r.code]));
    rig.client.close((r) => codes.push(['close-closed', rig.kernel.now, r.code]));
    expect(codes.slice(-2)).toEqual([['later', 1000, 'session-expired'], ['close-closed', 1000, 'session-expired']]);
  });

  it('R81: a connection lost while closing is not re-established; close fails with connection-loss and Closed follows', () => {
    const rig = buildClientRig();
    rig.kernel.run(100);
    rig.server().requests = 'hold';
    const codes: ErrorCode[] = [];
    rig.client.close((r) => codes.push(r.code));
    rig.kernel.run(150);
    rig.server().dropConnections();
    rig.kernel.run(10_000);
    expect(codes).toEqual(['connection-loss']);
    expect(states(rig)).toEqual(['SyncConnected', 'Closed']);
    expect(rig.clientTrace('client-connect-attempt')).toHaveLength(1);
  });

  it('R81: close before start ends the client at once (Closed) without touching the network', () => {
    const rig = buildClientRig({ start: false });
    const codes: ErrorCode[] = [];
    rig.client.create('/a', '', 'persistent', (r) => codes.push(r.code));
    rig.client.close((r) => codes.push(r.code));
    rig.kernel.run(1000);
    expect(codes).toEqual(['session-expired', 'ok']);
    expect(states(rig)).toEqual(['Closed']);
    expect(rig.server().received).toEqual([]);
  });
});

describe('ZkClient process faults', () => {
  it('freeze: no pings while frozen; on resume the loop sees the silence and drops the connection', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000 });
    rig.kernel.run(5000);
    rig.client.freeze();
    rig.kernel.run(30_000);
    expect(rig.clientTrace('client-ping')).toHaveLength(0);
    rig.client.resume();
    rig.kernel.run(30_000);
    expect(rig.clientTrace('client-disconnect').map((r) => [r.time, r.reason])).toEqual([[30_000, 'read-timeout']]);
    rig.kernel.run(40_000);
    expect(states(rig)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
  });

  it('freeze past 4/3 of the timeout: a 3.9 client expires itself on resume without a Disconnected', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000 });
    rig.kernel.run(5000);
    rig.client.freeze();
    rig.kernel.run(45_000);
    rig.client.resume();
    rig.kernel.run(50_000);
    expect(states(rig)).toEqual(['SyncConnected', 'Expired']);
  });

  it('a node shared with other timers: the client forwards its own tag through onTimer', () => {
    const rig = buildClientRig({ start: false }, { installTimerHandler: false });
    const others: string[] = [];
    rig.kernel.setTimerHandler(rig.client.node, {
      onTimer: (tag) => (tag.startsWith('client/') ? rig.client.onTimer(tag) : others.push(tag)),
    });
    rig.kernel.setTimer(rig.client.node, 5, 'app/tick');
    rig.client.start();
    rig.kernel.run(25_000);
    expect(others).toEqual(['app/tick']);
    expect(rig.clientTrace('client-ping').length).toBe(2);
  });

  it('crash: the socket is reset, no closeSession is sent, the client object stops changing', () => {
    const rig = buildClientRig();
    rig.kernel.run(100);
    rig.client.crash();
    rig.kernel.run(100_000);
    expect(rig.client.isProcessUp).toBe(false);
    expect(rig.server().receivedOf('request').filter((m) => m.request.op === 'close-session')).toHaveLength(0);
    expect(rig.server().connections.size).toBe(0);
    expect(states(rig)).toEqual(['SyncConnected']);
  });
});

describe('ZkClient determinism', () => {
  function run(seed: number): { hash: string; lines: string[] } {
    const rig = buildClientRig({ servers: ['s1', 's2', 's3'], seed });
    rig.kernel.run(1000);
    rig.client.create('/a', '', 'ephemeral');
    rig.server(rig.client.connectedServer ?? 's1').dropConnections();
    rig.kernel.run(30_000);
    isolateClient(rig);
    rig.kernel.run(120_000);
    return { hash: rig.kernel.trace.hashHex, lines: rig.sink.records.map((r) => JSON.stringify(r)) };
  }

  it('same seed ⇒ same trace; another seed ⇒ another host order or back-off', () => {
    const a = run(11);
    const b = run(11);
    expect(b.lines).toEqual(a.lines);
    expect(b.hash).toBe(a.hash);
    expect(run(12).hash).not.toBe(a.hash);
  });
});
