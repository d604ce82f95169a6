import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { DelayDistribution } from '@zksim/kernel';
import { buildTestNetwork, openConnection, sendEvery } from './testing/test-network.ts';

type Msg = number;

const latencyArb: fc.Arbitrary<DelayDistribution> = fc.oneof(
  fc.record({ type: fc.constant('constant' as const), ms: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ type: fc.constant('uniform' as const), floorMs: fc.integer({ min: 0, max: 3 }), spreadMs: fc.double({ min: 0, max: 20, noNaN: true }) }),
  fc.record({ type: fc.constant('exponential' as const), floorMs: fc.integer({ min: 0, max: 3 }), meanMs: fc.double({ min: 0, max: 10, noNaN: true }) }),
);

describe('Network partitions', () => {
  // Goal: during the cut nothing crosses (not even messages already in flight), nobody is told, a direction
  // that lost a message stays silent after the heal (one that lost nothing carries on), and a new connection
  // works after the heal.
  test.prop([fc.integer(), latencyArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 })])(
    'delivers nothing across a cut link, and a new connection delivers after the heal',
    (seed, latency, cutAfterMs, healAfterMs) => {
      const t = buildTestNetwork<Msg>({ seed, network: { defaultLatency: latency } });
      const { net, ids, kernel, endpoints } = t;
      const conn = openConnection(t, 's1', 's2');
      const start = kernel.now;
      const cutAt = start + cutAfterMs;
      const healAt = cutAt + healAfterMs;
      t.at(cutAt, () => net.partition({ groupA: [ids.s1 as number], groupB: [ids.s2 as number] }));
      t.at(healAt, () => net.heal());
      sendEvery(t, conn, 's1', start, 2, 150);
      sendEvery(t, conn, 's2', start, 2, 150);
      let fresh = -1;
      t.at(healAt + 1, () => {
        fresh = net.connect(ids.s2 as number, ids.s1 as number, 'election');
      });
      kernel.run();
      for (const [sender, receiver] of [['s1', 's2'], ['s2', 's1']] as const) {
        const lostSome = (t.sink?.records ?? []).some((r) => r.type === 'message-dropped' && r.conn === conn && r.from === sender);
        if (healAfterMs >= 2) expect(lostSome).toBe(true); // each end sends every 2 ms, so the cut caught one
        for (const time of endpoints[receiver]?.messageTimes(conn) ?? []) {
          expect(time < cutAt || (!lostSome && time >= healAt)).toBe(true);
        }
        expect(endpoints[receiver]?.eventsOf('closed')).toEqual([]);
      }
      expect(net.connState(conn)).toBe('open'); // stalled, not closed: the endpoints' timeouts must act
      expect(endpoints.s2?.eventsOf('connected').map((e) => e.conn)).toEqual([fresh]);
      net.send(fresh, ids.s2 as number, 42);
      kernel.run();
      expect(endpoints.s1?.messages(fresh)).toEqual([42]);
    },
  );

  it('lets an existing connection that lost nothing deliver again after the heal', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 's1', 's2');
    const id = net.partition({ groupA: [ids.s1 as number] });
    expect(net.isCutBetween(ids.s1 as number, ids.s2 as number)).toBe(true);
    kernel.run(kernel.now + 1000);
    net.heal(id);
    expect(net.partitionIds()).toEqual([]);
    net.send(conn, ids.s1 as number, 1);
    net.send(conn, ids.s2 as number, 2);
    kernel.run();
    expect(endpoints.s2?.messages(conn)).toEqual([1]);
    expect(endpoints.s1?.messages(conn)).toEqual([2]);
  });

  it('keeps a stream that lost a message silent after the heal, in that direction only', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 's1', 's2');
    net.partition({ groupA: [ids.s1 as number], groupB: [ids.s2 as number] });
    net.send(conn, ids.s1 as number, 1); // lost: s1 → s2 stalls
    kernel.run();
    net.heal();
    net.send(conn, ids.s1 as number, 2);
    net.send(conn, ids.s2 as number, 3);
    kernel.run();
    expect(endpoints.s2?.messages(conn)).toEqual([]);
    expect(endpoints.s1?.messages(conn)).toEqual([3]);
    const reasons = (t.sink?.records ?? []).filter((r) => r.type === 'message-dropped').map((r) => [r.message, r.reason]);
    expect(reasons).toEqual([[1, 'partition'], [2, 'stalled']]);
  });

  test.prop([fc.integer(), latencyArb])('blocks one direction only under a one-way cut', (seed, latency) => {
    const t = buildTestNetwork<Msg>({ seed, trace: false, network: { defaultLatency: latency } });
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 's1', 's2');
    net.partition({ groupA: [ids.s1 as number], groupB: [ids.s2 as number], direction: 'a-to-b' });
    expect(net.isCutBetween(ids.s2 as number, ids.s1 as number)).toBe(false);
    sendEvery(t, conn, 's1', kernel.now, 1, 50);
    sendEvery(t, conn, 's2', kernel.now, 1, 50);
    kernel.run();
    expect(endpoints.s2?.messages(conn)).toEqual([]);
    expect(endpoints.s1?.messages(conn)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('cuts client links apart from server links', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const client = openConnection(t, 'c1', 's1', 'client');
    const quorum = openConnection(t, 's2', 's1');
    const id = net.partition({ groupA: [ids.s1 as number], scope: 'client-server' });
    net.send(client, ids.c1 as number, 1);
    net.send(quorum, ids.s2 as number, 2);
    kernel.run();
    expect(endpoints.s1?.messages(client)).toEqual([]);
    expect(endpoints.s1?.messages(quorum)).toEqual([2]);
    net.heal(id);
    net.partition({ groupA: [ids.s1 as number], scope: 'server-server' });
    const client2 = openConnection(t, 'c1', 's1', 'client');
    net.send(client2, ids.c1 as number, 3);
    net.send(quorum, ids.s2 as number, 4);
    kernel.run();
    expect(endpoints.s1?.messages(client2)).toEqual([3]);
    expect(endpoints.s1?.messages(quorum)).toEqual([2]);
  });

  it('never completes a connect across a partition, either way round', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const [c1, s1, s2] = [ids.c1 as number, ids.s1 as number, ids.s2 as number];
    net.partition({ groupA: [s1], groupB: [c1] });
    net.partition({ groupA: [s1], groupB: [s2], direction: 'a-to-b' }); // the SYN gets there, the answer cannot
    const hung = net.connect(c1, s1, 'client');
    const hungToo = net.connect(s2, s1, 'quorum');
    kernel.run(kernel.now + 600_000);
    for (const name of ['c1', 's1', 's2']) expect(endpoints[name]?.events).toEqual([]);
    expect(net.connState(hung)).toBe('connecting');
    expect(net.connState(hungToo)).toBe('connecting');
    net.close(hung, c1); // the initiator's connect timeout
    expect(net.connState(hung)).toBe('closed');
    net.heal();
    const ok = net.connect(c1, s1, 'client');
    kernel.run();
    expect(endpoints.c1?.eventsOf('connected').map((e) => e.conn)).toEqual([ok]);
  });

  it('loses a close sent into a partition: the peer is never told', () => {
    const t = buildTestNetwork<Msg>();
    const { net, ids, kernel, endpoints } = t;
    const conn = openConnection(t, 'c1', 's1', 'client');
    net.partition({ groupA: [ids.s1 as number] });
    net.close(conn, ids.c1 as number);
    kernel.run(kernel.now + 100);
    net.heal();
    kernel.run();
    expect(endpoints.s1?.eventsOf('closed')).toEqual([]);
    expect(net.connState(conn)).toBe('closing');
    net.close(conn, ids.s1 as number); // s1's session timeout, say
    expect(net.connState(conn)).toBe('closed');
  });

  it('does not report a crash across a partition', () => {
    const t = buildTestNetwork<Msg>({ network: { resetDelayMs: 5 } });
    const { net, ids, kernel, endpoints } = t;
    const cut = openConnection(t, 'c1', 's1', 'client');
    const near = openConnection(t, 's2', 's1');
    net.partition({ groupA: [ids.s1 as number], groupB: [ids.c1 as number] });
    kernel.crash(ids.s1 as number);
    kernel.run();
    expect(endpoints.c1?.eventsOf('closed')).toEqual([]);
    expect(endpoints.s2?.eventsOf('closed').map((e) => [e.conn, e.reason])).toEqual([[near, 'reset']]);
    expect(net.connState(cut)).toBe('reset');
  });
});
