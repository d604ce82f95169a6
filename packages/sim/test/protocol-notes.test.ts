// End-to-end checks of the reference's notes on channels and versions: ZAB's FIFO assumption (R86, shown
// by breaking it in datagram mode), the 3.9 client that never expires itself before it has a session (R83),
// and the closeSession txn that carries its paths (R92, 3.6+).
import { ZkClient } from '@zksim/client';
import { MemorySink } from '@zksim/kernel';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/index.ts';
import { recordsOf } from '../src/testing/index.ts';

describe('channels and versions', () => {
  /** 30 writes through the leader over jittery server links, as datagrams (reordering) or FIFO streams. */
  function writeThrough(datagram: boolean): { c: Cluster; sink: MemorySink } {
    const sink = new MemorySink();
    const c = new Cluster({ seed: 3, servers: 3, traceSink: sink, latency: { type: 'uniform', floorMs: 1, spreadMs: 20 } }).start();
    c.runUntil(3000);
    const zk = new ZkClient({ kernel: c.kernel, network: c.network, node: c.addClientNode('w'), connectString: 's3', sessionTimeoutMs: 30_000 });
    zk.start();
    c.runUntil(5000);
    if (datagram) {
      const s = [1, 2, 3].map((i) => c.serverNodes.get(i) as number);
      for (const a of s) for (const b of s) if (a !== b) c.network.setLinkDatagram(a, b, { dropProbability: 0, duplicateProbability: 0 });
    }
    for (let i = 0; i < 30; i++) zk.create(`/n${i}`, '', 'persistent');
    c.runUntil(20_000);
    return { c, sink };
  }

  it('R86: with reordering datagrams between servers a follower sees proposal gaps (ZAB needs FIFO channels)', () => {
    const { sink } = writeThrough(true);
    expect(recordsOf(sink, 'zab-gap').length).toBeGreaterThan(0);
  });

  it('R86 (control): the same writes over FIFO channels never produce a gap', () => {
    const { c, sink } = writeThrough(false);
    expect(recordsOf(sink, 'zab-gap')).toEqual([]);
    for (const srv of c.servers.values()) expect(srv.db.tree.getNode('/n29')).toBeDefined();
  });

  it('R83: a 3.9 client without a session never expires itself, however long no server answers', () => {
    const sink = new MemorySink();
    const c = new Cluster({ seed: 4, servers: 3, traceSink: sink, latency: { type: 'constant', ms: 1 } }).start();
    const node = c.addClientNode('c1');
    c.network.partition({ groupA: [node], scope: 'client-server' });
    const zk = new ZkClient({ kernel: c.kernel, network: c.network, node, connectString: 's1,s2,s3', sessionTimeoutMs: 6000, clientVersion: '3.9' });
    zk.start();
    c.runUntil(60_000); // ten timeouts
    expect(zk.state).toBe('CONNECTING');
    expect(zk.stateEvents).toEqual([]);
    c.network.heal();
    c.runUntil(70_000);
    expect(zk.state).toBe('CONNECTED');
  });

  it('R92: the closeSession txn carries the paths it deletes (CloseSessionTxn, 3.6+)', () => {
    const sink = new MemorySink();
    const c = new Cluster({ seed: 4, servers: 3, traceSink: sink, latency: { type: 'constant', ms: 1 } }).start();
    c.runUntil(1000);
    const zk = new ZkClient({ kernel: c.kernel, network: c.network, node: c.addClientNode('c1'), connectString: 's1', sessionTimeoutMs: 6000 });
    zk.start();
    c.runUntil(2000);
    zk.create('/e1', '', 'ephemeral');
    zk.create('/e2', '', 'ephemeral');
    c.runUntil(2100);
    zk.close();
    c.runUntil(3000);
    const close = recordsOf(sink, 'zab-propose', { txn: 'close-session' })[0];
    expect(close?.['paths']).toEqual(['/e1', '/e2']);
  });
});
