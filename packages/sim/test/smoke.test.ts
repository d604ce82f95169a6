// First whole-cluster checks on the real kernel and network: an election settles on the server with the
// highest id (equal zxids and epochs, R65), every server serves, and a raw client gets a session.
import { MemorySink } from '@zksim/kernel';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/index.ts';
import { RawClient } from '../src/testing/index.ts';

describe('cluster smoke', () => {
  it('elects the highest sid and serves clients (n=3)', () => {
    const sink = new MemorySink();
    const c = new Cluster({ seed: 1, servers: 3, traceSink: sink }).start();
    c.runUntil(5000);
    const leader = c.leader();
    expect(leader?.sid).toBe(3);
    for (const s of c.servers.values()) expect(s.isServing).toBe(true);
    const client = new RawClient(c.kernel, c.network, c.addClientNode('c1'));
    client.connect(c.serverNodes.get(1) as number, 30000);
    c.runUntil(6000);
    const resp = client.lastConnectResponse();
    expect(resp?.timeoutMs).toBe(30000);
    expect(resp?.sessionId.startsWith('0x01')).toBe(true);
  });
});
