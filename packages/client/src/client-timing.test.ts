// Timing of the SendThread loop against a scripted server (R75, R76): when pings go out, when silence
// drops the connection. Links have a constant 1 ms latency, so the client's TCP connect completes at
// t=2 (when the ConnectRequest is written: lastSend = 2) and the ConnectResponse arrives at t=4.
import { describe, expect, it } from 'vitest';
import { buildClientRig } from './testing/index.ts';
import type { ClientRig } from './testing/index.ts';

function timesOf(rig: ClientRig, type: string): number[] {
  return rig.clientTrace(type).map((r) => r.time);
}

function gaps(xs: readonly number[]): number[] {
  return xs.slice(1).map((x, i) => x - (xs[i] as number));
}

describe('ZkClient ping timing (R76)', () => {
  it('R76: negotiated 30000 pings when idleSend reaches readTimeout/2 = 10000 while replies are fast', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000 });
    rig.kernel.run(45_000);
    expect(rig.client.negotiatedTimeoutMs).toBe(30_000);
    // Each reply wakes the loop at idleSend = 2 ≤ 1000, so it sleeps to lastSend + 10000.
    expect(timesOf(rig, 'client-ping')).toEqual([10_002, 20_002, 30_002, 40_002]);
    expect(rig.client.nextPingAtMs).toBe(50_002);
    expect(rig.client.state).toBe('CONNECTED');
  });

  it('R76: negotiated 30000 pings at idleSend 9000 when the loop wakes after idleSend > 1000', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000, start: false });
    const [s1, c1] = [rig.kernel.nodeId('s1') as number, rig.kernel.nodeId('c1') as number];
    rig.network.setLinkLatency(s1, c1, { type: 'constant', ms: 1500 });
    rig.client.start();
    rig.kernel.run(40_000);
    // TCP connect completes at 1501 (lastSend); the response arrives at 3002, idleSend 1501 > 1000:
    // timeToNextPing = 10000 − 1501 − 1000, so the ping leaves at idleSend 9000; every reply arrives
    // 1501 ms after its ping, so it stays at 9000.
    const pings = timesOf(rig, 'client-ping');
    expect(pings[0]).toBe(1501 + 9000);
    expect(gaps(pings)).toEqual(pings.slice(1).map(() => 9000));
  });

  it('R76: negotiated 4000 (readTimeout 2666) pings every 1333 ms when idle', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 4000 });
    rig.kernel.run(8000);
    const pings = timesOf(rig, 'client-ping');
    expect(pings[0]).toBe(2 + 1333);
    expect(new Set(gaps(pings))).toEqual(new Set([1333]));
  });

  it('R76: negotiated 4000 pings as soon as the loop wakes with idleSend > 1000', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 4000, start: false });
    const [s1, c1] = [rig.kernel.nodeId('s1') as number, rig.kernel.nodeId('c1') as number];
    rig.client.start();
    rig.kernel.run(100);
    rig.network.setLinkLatency(s1, c1, { type: 'constant', ms: 1100 });
    rig.kernel.run(10_000);
    // The first ping (1335) is answered at 1335 + 1 + 1100 = 2436: idleSend 1101 > 1000 makes
    // timeToNextPing negative, so the next ping leaves at once; from then on every 1101 ms.
    const pings = timesOf(rig, 'client-ping');
    expect(pings.slice(0, 2)).toEqual([1335, 2436]);
    expect(new Set(gaps(pings.slice(1)))).toEqual(new Set([1101]));
  });

  it('R76: negotiated 60000 — an idle loop sleeps to readTimeout/2 = 20000 between pings', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 60_000 });
    rig.kernel.run(65_000);
    expect(timesOf(rig, 'client-ping')).toEqual([20_002, 40_002, 60_002]);
  });

  it('R76: negotiated 60000 — the 10 s cap pings as soon as the loop wakes after idleSend > 10000', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 60_000 });
    rig.kernel.run(10_500);
    // A notification reaches the client at 10504: idleSend 10502 > MAX_SEND_PING_INTERVAL.
    rig.server().notify('node-data-changed', '/x');
    rig.kernel.run(12_000);
    expect(timesOf(rig, 'client-ping')).toEqual([10_501]);
  });

  it('R76: sending a request postpones the ping (idleSend counts any frame)', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000 });
    rig.kernel.run(5000);
    rig.client.exists('/', false);
    rig.kernel.run(25_000);
    expect(timesOf(rig, 'client-request')).toEqual([5000]);
    expect(timesOf(rig, 'client-ping')).toEqual([15_000, 25_000]);
  });
});

describe('ZkClient read timeout (R76)', () => {
  it('R76: drops the connection after readTimeout (2/3 of 30000) of silence, Disconnected after the 100 ms cleanup', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000 });
    rig.kernel.run(5);
    rig.server().goSilent();
    rig.kernel.run(20_200);
    const drop = rig.clientTrace('client-disconnect');
    expect(drop.map((r) => [r.time, r.reason])).toEqual([[4 + 20_000, 'read-timeout']]);
    expect(rig.client.stateEvents).toEqual([
      { timeMs: 4, state: 'SyncConnected' },
      { timeMs: 20_104, state: 'Disconnected' },
    ]);
    // R73: the state stays CONNECTED until the next attempt starts (after the back-off).
    expect(rig.client.state).toBe('CONNECTED');
    expect(rig.client.connectedServer).toBe(null);
  });

  it('R76: any frame received resets the read timeout', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000 });
    rig.kernel.run(5);
    rig.server().answersPings = false;
    rig.kernel.run(15_000);
    rig.server().notify('node-created', '/a'); // heard at 15001
    rig.kernel.run(40_000);
    expect(rig.clientTrace('client-disconnect').map((r) => r.time)).toEqual([15_001 + 20_000]);
  });

  it('R75: before the first handshake the connect timeout is timeout / hosts, measured from lastSend', () => {
    const rig = buildClientRig({ sessionTimeoutMs: 30_000, servers: ['s1', 's2', 's3'], start: false });
    for (const s of rig.servers.values()) s.handshake = 'hold';
    rig.client.start();
    rig.kernel.run(10_100);
    // The ConnectRequest is written at t=2; with no answer the attempt ends at 2 + 30000/3.
    expect(rig.clientTrace('client-disconnect').map((r) => [r.time, r.reason])).toEqual([[10_002, 'connect-timeout']]);
  });
});
