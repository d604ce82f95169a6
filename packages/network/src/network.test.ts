import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { DelayDistribution, TraceRecord } from '@zksim/kernel';
import { Network } from './network.ts';
import { buildTestNetwork, openConnection, sendEvery } from './testing/test-network.ts';
import type { TestNetwork } from './testing/test-network.ts';

type Msg = { readonly dir: 0 | 1; readonly n: number };

/** Any of the kernel's latency distributions, with small parameters (fractions included). */
const latencyArb: fc.Arbitrary<DelayDistribution> = fc.oneof(
  fc.record({ type: fc.constant('constant' as const), ms: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ type: fc.constant('constant' as const), ms: fc.double({ min: 0, max: 20, noNaN: true }) }),
  fc.record({ type: fc.constant('uniform' as const), floorMs: fc.integer({ min: 0, max: 5 }), spreadMs: fc.double({ min: 0, max: 40, noNaN: true }) }),
  fc.record({ type: fc.constant('exponential' as const), floorMs: fc.integer({ min: 0, max: 5 }), meanMs: fc.double({ min: 0, max: 30, noNaN: true }) }),
  fc.record({
    type: fc.constant('lognormal' as const), floorMs: fc.integer({ min: 0, max: 5 }),
    medianMs: fc.double({ min: 0, max: 20, noNaN: true }), sigma: fc.double({ min: 0, max: 2, noNaN: true }),
  }),
);

/** Connects c1 to s1 and returns the connection id once both ends are open (runs the kernel). */
function openClientConnection(t: TestNetwork<Msg>): number {
  const { net, ids, kernel, endpoints } = t;
  const conn = net.connect(ids.c1 as number, ids.s1 as number, 'client');
  kernel.run();
  expect(endpoints.c1?.eventsOf('connected')).toHaveLength(1);
  return conn;
}

describe('Network', () => {
  it('tells the acceptor after one latency and the initiator after the round trip', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const [c1, s1] = [ids.c1 as number, ids.s1 as number];
    net.setLinkLatency(c1, s1, { type: 'constant', ms: 7 });
    net.setLinkLatency(s1, c1, { type: 'constant', ms: 3 });
    const conn = net.connect(c1, s1, 'client');
    expect(net.connState(conn)).toBe('connecting');
    kernel.run();
    expect(endpoints.s1?.events).toEqual([{ type: 'accepted', timeMs: 7, conn, peer: c1, tag: 'client' }]);
    expect(endpoints.c1?.events).toEqual([{ type: 'connected', timeMs: 10, conn, peer: s1 }]);
    expect(net.isOpen(conn)).toBe(true);
    expect(net.peerOf(conn, c1)).toBe(s1);
    expect(net.tagOf(conn)).toBe('client');
  });

  for (const trace of [false, true]) {
    it(`delivers what an end bound to it with each message, only to that end (trace ${trace ? 'on' : 'off'})`, () => {
      // trace on takes the general delivery path, trace off the fast one: both must pass the context.
      const t = buildTestNetwork<Msg>({ trace });
      const { net, ids, kernel, endpoints } = t;
      const [c1, s1] = [ids.c1 as number, ids.s1 as number];
      const conn = openClientConnection(t);
      const ctxA = { name: 'a' };
      const ctxB = { name: 'b' };
      net.bind(conn, s1, ctxA);
      net.send(conn, c1, { dir: 0, n: 1 });
      net.send(conn, s1, { dir: 1, n: 1 });
      kernel.run();
      net.bind(conn, s1, ctxB); // rebinding replaces
      net.send(conn, c1, { dir: 0, n: 2 });
      kernel.run();
      expect(endpoints.s1?.messages(conn)).toEqual([{ dir: 0, n: 1 }, { dir: 0, n: 2 }]);
      expect(endpoints.s1?.contexts).toEqual([ctxA, ctxB]);
      expect(endpoints.c1?.contexts).toEqual([undefined]); // c1 bound nothing
      net.close(conn, c1);
      kernel.run();
      net.close(conn, s1);
      expect(net.connState(conn)).toBe('closed');
      expect(() => net.bind(conn, s1, ctxA)).toThrow(/not live/);
    });
  }

  // A fast send draws from a copy of its link's random state kept in the stream's row; every other draw
  // uses the link's Rng. Whatever moves the state back and forth, the link's draws must be the ones a
  // single stream would give: compare with a run where a partition elsewhere keeps every send off the
  // fast path (a partition anywhere disables it), while two connections share both links and an unrelated
  // partition comes and goes in the first run.
  test.prop([fc.integer(), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 })])(
    'draws every link delay from the link stream, wherever its state is kept', (seed, cutAt, healAfter) => {
      const run = (alwaysSlow: boolean): unknown[] => {
        const t = buildTestNetwork<number>({ seed, trace: false, network: { defaultLatency: { type: 'uniform', floorMs: 0.2, spreadMs: 0.8 } } });
        const { net, ids } = t;
        const unrelated = { groupA: [ids.s2 as number], groupB: [ids.s3 as number] };
        if (alwaysSlow) net.partition(unrelated);
        const a = openConnection(t, 'c1', 's1', 'client');
        const b = openConnection(t, 'c1', 's1', 'client'); // same two links as a
        const start = t.kernel.now + 1;
        sendEvery(t, a, 'c1', start, 3, 60);
        sendEvery(t, b, 'c1', start + 1, 7, 30);
        sendEvery(t, a, 's1', start + 2, 5, 40);
        sendEvery(t, b, 's1', start, 11, 20);
        if (!alwaysSlow) {
          let id = -1;
          t.at(start + cutAt, () => { id = net.partition(unrelated); });
          t.at(start + cutAt + healAfter, () => net.heal(id));
        }
        t.kernel.run();
        return [t.endpoints.c1?.events, t.endpoints.s1?.events];
      };
      expect(run(false)).toEqual(run(true));
    },
  );

  it('refuses a connect to a down node after twice the one-way latency', () => {
    const t = buildTestNetwork<Msg>({ network: { defaultLatency: { type: 'constant', ms: 4 } } });
    const { net, ids, kernel, endpoints } = t;
    kernel.crash(ids.s2 as number);
    t.at(10, () => net.connect(ids.s1 as number, ids.s2 as number, 'quorum'));
    kernel.run();
    expect(endpoints.s1?.events).toEqual([{ type: 'connect-failed', timeMs: 18, conn: 1, reason: 'refused' }]);
    expect(endpoints.s2?.events).toEqual([]);
    expect(net.connState(1)).toBe('closed');
  });

  it('refuses a connect to a node that is not listening', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const conn = net.connect(ids.s1 as number, ids.c1 as number); // clients do not listen
    net.setListening(ids.s2 as number, false);
    const conn2 = net.connect(ids.s1 as number, ids.s2 as number);
    kernel.run();
    expect(endpoints.s1?.eventsOf('connect-failed').map((e) => [e.conn, e.reason])).toEqual([[conn, 'refused'], [conn2, 'refused']]);
    expect(endpoints.c1?.events).toEqual([]);
  });

  it('asserts when a node sends before it was told the connection is open', () => {
    const t = buildTestNetwork<Msg>();
    const conn = t.net.connect(t.ids.c1 as number, t.ids.s1 as number);
    expect(() => t.net.send(conn, t.ids.c1 as number, { dir: 0, n: 0 })).toThrow(/before its end c1 was told/);
  });

  it('delivers messages sent on a closed connection nowhere, silently', () => {
    const t = buildTestNetwork<Msg>();
    const conn = openClientConnection(t);
    const [c1, s1] = [t.ids.c1 as number, t.ids.s1 as number];
    t.net.close(conn, c1);
    t.net.send(conn, c1, { dir: 0, n: 1 });
    t.kernel.run();
    expect(t.endpoints.s1?.messages()).toEqual([]);
    expect(t.endpoints.s1?.eventsOf('closed')).toEqual([{ type: 'closed', timeMs: 3, conn, reason: 'peer-closed' }]);
    t.net.send(conn, s1, { dir: 1, n: 1 }); // the connection is gone: still a no-op
    expect(t.net.connState(conn)).toBe('closed');
  });

  it('tells the peer of a close only after the data sent before it, and the closer hears nothing more', () => {
    const t = buildTestNetwork<Msg>({ network: { defaultLatency: { type: 'uniform', floorMs: 1, spreadMs: 30 } } });
    const { net, ids, kernel, endpoints } = t;
    const conn = openClientConnection(t);
    const [c1, s1] = [ids.c1 as number, ids.s1 as number];
    const start = kernel.now;
    t.at(start + 1, () => {
      net.send(conn, s1, { dir: 1, n: 99 }); // in flight towards c1 when c1 closes
      for (let n = 0; n < 5; n++) net.send(conn, c1, { dir: 0, n });
      net.close(conn, c1);
    });
    kernel.run();
    const s1Events = (endpoints.s1?.events ?? []).filter((e) => e.timeMs > start);
    expect(s1Events.map((e) => e.type)).toEqual(['message', 'message', 'message', 'message', 'message', 'closed']);
    expect(endpoints.s1?.messages(conn).map((m) => m.n)).toEqual([0, 1, 2, 3, 4]);
    expect(endpoints.c1?.messages()).toEqual([]);
    expect(endpoints.c1?.eventsOf('closed')).toEqual([]);
    expect(net.connState(conn)).toBe('closed');
  });

  it('applies a directed latency before a pair latency before the default', () => {
    const t = buildTestNetwork<Msg>({ network: { defaultLatency: { type: 'constant', ms: 5 } } });
    const { net, ids } = t;
    const [s1, s2, s3] = [ids.s1 as number, ids.s2 as number, ids.s3 as number];
    net.setPairLatency(s1, s2, { type: 'constant', ms: 20 });
    net.setLinkLatency(s2, s1, { type: 'constant', ms: 30 });
    expect(net.latencyOf(s1, s2)).toEqual({ type: 'constant', ms: 20 });
    expect(net.latencyOf(s2, s1)).toEqual({ type: 'constant', ms: 30 });
    expect(net.latencyOf(s1, s3)).toEqual({ type: 'constant', ms: 5 });
    net.setLinkLatency(s2, s1, null);
    expect(net.latencyOf(s2, s1)).toEqual({ type: 'constant', ms: 20 });
    const conn = net.connect(s1, s2);
    t.kernel.run();
    expect(t.endpoints.s1?.eventsOf('connected')[0]?.timeMs).toBe(40);
    expect(net.connState(conn)).toBe('open');
  });

  // Goal: FIFO per direction whatever the latency law, send times and mid-run latency changes. Both ends
  // send numbered messages at random times; each direction must arrive complete, in order, at
  // non-decreasing times.
  test.prop([
    fc.integer(),
    latencyArb,
    fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 200 }), dir: fc.constantFrom(0 as const, 1 as const) }), { maxLength: 80 }),
    fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 200 }), latency: latencyArb }), { maxLength: 3 }),
  ])('delivers each connection\'s messages in send order, both directions', (seed, latency, sends, changes) => {
    const t = buildTestNetwork<Msg>({ seed, trace: false, network: { defaultLatency: latency } });
    const { net, ids, kernel, endpoints } = t;
    const conn = openClientConnection(t);
    const start = kernel.now;
    const ends = [ids.c1 as number, ids.s1 as number] as const;
    const counts = [0, 0];
    for (const s of [...sends].sort((a, b) => a.atMs - b.atMs)) {
      t.at(start + s.atMs, () => net.send(conn, ends[s.dir], { dir: s.dir, n: counts[s.dir]!++ }));
    }
    for (const c of changes) t.at(start + c.atMs, () => net.setDefaultLatency(c.latency));
    kernel.run();
    const toServer = endpoints.s1?.messages(conn) ?? [];
    const toClient = endpoints.c1?.messages(conn) ?? [];
    expect(toServer.map((m) => m.n)).toEqual(Array.from({ length: counts[0]! }, (_, i) => i));
    expect(toClient.map((m) => m.n)).toEqual(Array.from({ length: counts[1]! }, (_, i) => i));
    for (const times of [endpoints.s1?.messageTimes(conn) ?? [], endpoints.c1?.messageTimes(conn) ?? []]) {
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    }
  });

  /** A small random workload; returns the trace. */
  function runWorkload(seed: number): { records: readonly TraceRecord[]; hash: string } {
    const t = buildTestNetwork<Msg>({ seed, network: { defaultLatency: { type: 'lognormal', floorMs: 1, medianMs: 4, sigma: 1 } } });
    const { net, ids, kernel } = t;
    const conns = [net.connect(ids.c1 as number, ids.s1 as number, 'client'), net.connect(ids.s2 as number, ids.s1 as number, 'quorum')];
    const senders = [ids.c1 as number, ids.s2 as number];
    kernel.run(); // handshakes
    const start = kernel.now;
    for (let i = 0; i < 40; i++) {
      t.at(start + i, () => net.send(conns[i % 2]!, senders[i % 2]!, { dir: 0, n: i }));
    }
    t.at(start + 10, () => net.partition({ groupA: [ids.s2 as number] }));
    t.at(start + 25, () => net.heal());
    kernel.run();
    return { records: t.sink?.records ?? [], hash: kernel.trace.hashHex };
  }

  test.prop([fc.integer()])('produces the identical trace for the same seed', (seed) => {
    const a = runWorkload(seed);
    const b = runWorkload(seed);
    expect(a.records.length).toBeGreaterThan(40);
    expect(b.records).toEqual(a.records);
    expect(b.hash).toBe(a.hash);
  });

  it('draws different latencies for different seeds', () => {
    expect(runWorkload(1).hash).not.toBe(runWorkload(2).hash);
  });

  it('writes trace records that survive a JSON round trip', () => {
    const { records } = runWorkload(7);
    const types = new Set(records.map((r) => r.type));
    for (const type of ['conn-connect', 'conn-accepted', 'conn-connected', 'message-delivered', 'message-dropped', 'partition', 'heal']) {
      expect(types).toContain(type);
    }
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
    const delivered = records.find((r) => r.type === 'message-delivered');
    expect(delivered).toMatchObject({ node: 's1', from: 'c1', to: 's1', message: { dir: 0, n: 0 } });
    expect(typeof delivered?.sentAt).toBe('number');
  });

  // Goal: links draw from their own streams, so another client joining leaves s1↔s2 untouched.
  it('keeps a link\'s latency draws when another client joins', () => {
    const run = (withClient: boolean): number[] => {
      const t = buildTestNetwork<Msg>({
        seed: 5, trace: false, network: { defaultLatency: { type: 'exponential', floorMs: 1, meanMs: 5 } },
        nodes: withClient ? [['s1', 'server'], ['c9', 'client'], ['s2', 'server']] : [['s1', 'server'], ['s2', 'server']],
      });
      const { net, ids, kernel } = t;
      if (withClient) {
        const cc = net.connect(ids.c9 as number, ids.s1 as number, 'client');
        for (let i = 0; i < 20; i++) t.at(50 + i, () => net.send(cc, ids.c9 as number, { dir: 0, n: i }));
      }
      const conn = net.connect(ids.s1 as number, ids.s2 as number, 'quorum');
      for (let i = 0; i < 20; i++) t.at(50 + i, () => net.send(conn, ids.s1 as number, { dir: 0, n: i }));
      kernel.run();
      return t.endpoints.s2?.messageTimes(conn) ?? [];
    };
    const alone = run(false);
    expect(alone).toHaveLength(20);
    expect(run(true)).toEqual(alone);
  });

  it('never uses datagram mode unless asked', () => {
    const t = buildTestNetwork<Msg>();
    expect(t.net.datagramOf(t.ids.s1 as number, t.ids.s2 as number)).toBeNull();
    expect(new Network<Msg>(t.kernel, { name: 'other-net' }).datagramOf(t.ids.c1 as number, t.ids.s1 as number)).toBeNull();
  });
});
