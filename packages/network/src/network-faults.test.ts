import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { DelayDistribution } from '@zksim/kernel';
import { RecordingEndpoint } from './testing/recording-endpoint.ts';
import { buildTestNetwork, openConnection, sendEvery } from './testing/test-network.ts';

type Msg = number;

const latencyArb: fc.Arbitrary<DelayDistribution> = fc.oneof(
  fc.record({ type: fc.constant('constant' as const), ms: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ type: fc.constant('uniform' as const), floorMs: fc.integer({ min: 0, max: 3 }), spreadMs: fc.double({ min: 0, max: 20, noNaN: true }) }),
  fc.record({
    type: fc.constant('lognormal' as const), floorMs: fc.integer({ min: 0, max: 3 }),
    medianMs: fc.double({ min: 0, max: 8, noNaN: true }), sigma: fc.double({ min: 0, max: 1.5, noNaN: true }),
  }),
);

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** True when some message arrives after a later-numbered one. */
function hasInversion(received: readonly number[]): boolean {
  return received.some((m, i) => i > 0 && m < (received[i - 1] as number));
}

describe('Network holds', () => {
  // Goal: a held direction delivers nothing between hold and release, then everything that waited at the
  // release time, in order, with later arrivals behind it; the other direction keeps flowing.
  test.prop([
    fc.integer(), latencyArb,
    fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 60 }),
    fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 80 }),
  ])('keeps order on a held link and delivers everything at the release', (seed, latency, sendTimes, holdAfterMs, holdForMs) => {
    const t = buildTestNetwork<Msg>({ seed, network: { defaultLatency: latency } });
    const { net, ids, kernel, endpoints } = t;
    const [c1, s1] = [ids.c1 as number, ids.s1 as number];
    const conn = openConnection(t, 'c1', 's1', 'client');
    const start = kernel.now;
    const holdAt = start + holdAfterMs;
    const releaseAt = holdAt + holdForMs;
    t.at(holdAt, () => net.hold(c1, s1));
    t.at(releaseAt, () => net.release(c1, s1));
    const sorted = [...sendTimes].sort((a, b) => a - b);
    sorted.forEach((at, n) => t.at(start + at, () => net.send(conn, c1, n)));
    sendEvery(t, conn, 's1', start, 1, 100);
    kernel.run();
    expect(endpoints.s1?.messages(conn)).toEqual(range(sorted.length));
    const times = endpoints.s1?.messageTimes(conn) ?? [];
    for (const time of times) expect(time < holdAt || time >= releaseAt).toBe(true);
    const held = (t.sink?.records ?? []).filter((r) => r.type === 'message-held').map((r) => r.message as number);
    for (const n of held) expect(times[n]).toBe(releaseAt);
    expect(endpoints.c1?.messages(conn)).toEqual(range(100));
    expect(net.isHeld(c1, s1)).toBe(false);
  });

  it('delays the acceptor, not the initiator, when the handshake meets a held link', () => {
    const t = buildTestNetwork<Msg>({ network: { defaultLatency: { type: 'constant', ms: 2 } } });
    const { net, ids, kernel, endpoints } = t;
    const [c1, s1] = [ids.c1 as number, ids.s1 as number];
    net.hold(c1, s1);
    const conn = net.connect(c1, s1, 'client');
    t.at(5, () => net.send(conn, c1, 1));
    t.at(50, () => net.release(c1, s1));
    kernel.run();
    expect(endpoints.c1?.eventsOf('connected')[0]?.timeMs).toBe(4);
    expect(endpoints.s1?.events.map((e) => [e.type, e.timeMs])).toEqual([['accepted', 50], ['message', 50]]);
  });
});

describe('Network loss', () => {
  // Goal: a lost message resets its connection; both ends hear `reset` once, after the reset delay, and the
  // receiver got exactly the messages before the lost one (or fewer: the rest were in flight).
  test.prop([fc.integer(), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.integer({ min: 0, max: 20 }), latencyArb])(
    'resets a connection on a lost message and tells both ends',
    (seed, probability, resetDelayMs, latency) => {
      const t = buildTestNetwork<Msg>({ seed, network: { resetDelayMs, defaultLatency: latency } });
      const { net, ids, kernel, endpoints } = t;
      const conn = openConnection(t, 'c1', 's1', 'client');
      net.setLinkLoss(ids.c1 as number, ids.s1 as number, probability);
      sendEvery(t, conn, 'c1', kernel.now, 1, 1000);
      kernel.run();
      const losses = (t.sink?.records ?? []).filter((r) => r.type === 'message-dropped' && r.reason === 'loss');
      expect(losses).toHaveLength(1);
      const lost = losses[0]!;
      for (const name of ['c1', 's1']) {
        expect(endpoints[name]?.eventsOf('closed')).toEqual([{ type: 'closed', timeMs: lost.time + resetDelayMs, conn, reason: 'reset' }]);
      }
      const received = endpoints.s1?.messages(conn) ?? [];
      expect(received).toEqual(range(received.length));
      expect(received.length).toBeLessThanOrEqual(lost.message as number);
      expect(net.connState(conn)).toBe('closed');
    },
  );

  it('loses nothing at probability 0, the default', () => {
    const t = buildTestNetwork<Msg>({ trace: false });
    const conn = openConnection(t, 'c1', 's1', 'client');
    sendEvery(t, conn, 'c1', t.kernel.now, 1, 500);
    t.kernel.run();
    expect(t.endpoints.s1?.messages(conn)).toEqual(range(500));
  });
});

describe('Network datagram mode', () => {
  /** Sends 0..count-1 from c1 to s1 in datagram mode and returns what s1 received. */
  function datagramRun(seed: number, dropProbability: number, duplicateProbability: number, count = 30): number[] {
    const t = buildTestNetwork<Msg>({ seed, trace: false, network: { defaultLatency: { type: 'uniform', floorMs: 1, spreadMs: 20 } } });
    const conn = openConnection(t, 'c1', 's1', 'client');
    t.net.setLinkDatagram(t.ids.c1 as number, t.ids.s1 as number, { dropProbability, duplicateProbability });
    sendEvery(t, conn, 'c1', t.kernel.now, 1, count);
    t.kernel.run();
    return t.endpoints.s1?.messages(conn) ?? [];
  }

  it('can reorder and duplicate messages', () => {
    // Search a few seeds for a run that shows both; any seed that does is an instance.
    const seed = range(50).find((s) => {
      const got = datagramRun(s, 0, 0.2);
      return hasInversion(got) && new Set(got).size < got.length;
    });
    expect(seed).toBeDefined();
    const got = datagramRun(seed as number, 0, 0.2);
    expect([...new Set(got)].sort((a, b) => a - b)).toEqual(range(30)); // nothing lost, some doubled, out of order
  });

  it('drops single messages without stalling the rest', () => {
    const got = datagramRun(3, 0.5, 0, 60);
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(60);
    expect(Math.max(...got)).toBeGreaterThan(50); // later messages still arrive after earlier drops
  });

  it('neither reorders nor duplicates the same traffic when off', () => {
    const t = buildTestNetwork<Msg>({ seed: 3, trace: false, network: { defaultLatency: { type: 'uniform', floorMs: 1, spreadMs: 20 } } });
    const conn = openConnection(t, 'c1', 's1', 'client');
    sendEvery(t, conn, 'c1', t.kernel.now, 1, 30);
    t.kernel.run();
    expect(t.endpoints.s1?.messages(conn)).toEqual(range(30));
  });

  it('lets a partitioned datagram link carry messages again after the heal', () => {
    const t = buildTestNetwork<Msg>({ network: { datagram: { dropProbability: 0, duplicateProbability: 0 } } });
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 'c1', 's1', 'client');
    const id = net.partition({ groupA: [ids.s1 as number] });
    net.send(conn, ids.c1 as number, 1);
    kernel.run();
    net.heal(id);
    net.send(conn, ids.c1 as number, 2);
    kernel.run();
    expect(endpoints.s1?.messages(conn)).toEqual([2]);
  });
});

describe('Network crashes and resets', () => {
  it('resets a crashed node\'s connections, drops what was in flight and tells the peers', () => {
    const t = buildTestNetwork<Msg>({ network: { resetDelayMs: 5, defaultLatency: { type: 'constant', ms: 3 } } });
    const { net, ids, kernel, endpoints } = t;
    const [s1, c1] = [ids.s1 as number, ids.c1 as number];
    const client = openConnection(t, 'c1', 's1', 'client');
    const quorum = openConnection(t, 's2', 's1');
    const crashAt = kernel.now + 10;
    for (const [conn, peer] of [[client, 'c1'], [quorum, 's2']] as const) {
      sendEvery(t, conn, 's1', kernel.now, 1, 20);
      sendEvery(t, conn, peer, kernel.now, 1, 20);
    }
    t.at(crashAt, () => kernel.crash(s1));
    kernel.run();
    for (const [conn, peer] of [[client, 'c1'], [quorum, 's2']] as const) {
      expect(endpoints[peer]?.eventsOf('closed')).toEqual([{ type: 'closed', timeMs: crashAt + 5, conn, reason: 'reset' }]);
      for (const time of endpoints[peer]?.messageTimes(conn) ?? []) expect(time).toBeLessThan(crashAt);
      for (const time of endpoints.s1?.messageTimes(conn) ?? []) expect(time).toBeLessThan(crashAt);
    }
    expect(net.connectionsOf(s1)).toEqual([]);
    // After a restart the node attaches a fresh endpoint and takes connections again.
    kernel.restart(s1);
    expect(net.connect(c1, s1, 'client')).toBeGreaterThan(quorum);
    kernel.run();
    expect(endpoints.c1?.eventsOf('connect-failed').map((e) => e.reason)).toEqual(['refused']);
    const fresh = new RecordingEndpoint<Msg>(kernel);
    net.attach(s1, fresh, { listening: true });
    const again = net.connect(c1, s1, 'client');
    kernel.run();
    expect(fresh.eventsOf('accepted').map((e) => e.conn)).toEqual([again]);
  });

  it('fails a connect in progress when the target crashes', () => {
    const t = buildTestNetwork<Msg>({ network: { resetDelayMs: 1, defaultLatency: { type: 'constant', ms: 10 } } });
    const { net, ids, kernel, endpoints } = t;
    const conn = net.connect(ids.c1 as number, ids.s1 as number, 'client');
    t.at(5, () => kernel.crash(ids.s1 as number));
    kernel.run();
    expect(endpoints.c1?.events).toEqual([{ type: 'connect-failed', timeMs: 6, conn, reason: 'reset' }]);
    expect(endpoints.s1?.events).toEqual([]);
  });

  it('tells the peers nothing of a crash in silent mode', () => {
    const t = buildTestNetwork<Msg>({ network: { crashMode: 'silent' } });
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 'c1', 's1', 'client');
    kernel.crash(ids.s1 as number);
    net.send(conn, ids.c1 as number, 1);
    kernel.run();
    expect(endpoints.c1?.events.filter((e) => e.type !== 'connected')).toEqual([]);
    expect(net.connState(conn)).toBe('reset');
    net.close(conn, ids.c1 as number);
    expect(net.connState(conn)).toBe('closed');
  });

  it('resets a connection on demand and tells both ends after the given delay', () => {
    const t = buildTestNetwork<Msg>({ network: { defaultLatency: { type: 'constant', ms: 4 } } });
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 'c1', 's1', 'client');
    const now = kernel.now;
    net.send(conn, ids.c1 as number, 1);
    net.reset(conn, 2);
    kernel.run();
    expect(endpoints.s1?.messages()).toEqual([]);
    for (const name of ['c1', 's1']) {
      expect(endpoints[name]?.eventsOf('closed')).toEqual([{ type: 'closed', timeMs: now + 2, conn, reason: 'reset' }]);
    }
  });
});
