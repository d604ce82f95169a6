// Requests against a scripted server (R80, R84, R82, R61): results and their order, xids, lastZxid,
// failures by state, chroot on the way out and back, watches and their re-registration on reconnect.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@zksim/protocol';
import { buildClientRig } from './testing/index.ts';
import type { ClientRig } from './testing/index.ts';
import type { WatchedEvent } from './client-state.ts';

/** Collects callback results as [code, result] pairs in arrival order. */
function collector(): { results: [string, ErrorCode, unknown][]; cb: (tag: string) => (r: { code: ErrorCode; result?: unknown }) => void } {
  const results: [string, ErrorCode, unknown][] = [];
  return { results, cb: (tag) => (r) => results.push([tag, r.code, 'result' in r ? r.result : undefined]) };
}

function connected(options: Parameters<typeof buildClientRig>[0] = {}): ClientRig {
  const rig = buildClientRig(options);
  rig.kernel.run(10);
  expect(rig.client.state).toBe('CONNECTED');
  return rig;
}

describe('ZkClient requests (R80, R84)', () => {
  it('R84: sends in submission order with xids 1, 2, … and delivers results in that order', () => {
    const rig = connected();
    const { results, cb } = collector();
    rig.client.create('/a', 'x', 'persistent', cb('create'));
    rig.client.getData('/a', false, cb('get'));
    rig.client.setData('/a', 'y', 0, cb('set'));
    rig.client.exists('/missing', false, cb('exists'));
    rig.client.delete('/a', 5, cb('delete'));
    rig.client.getChildren('/', false, cb('children'));
    rig.client.sync('/', cb('sync'));
    rig.kernel.run(100);
    expect(rig.clientTrace('client-request').map((r) => r.xid)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(results.map(([t, c]) => [t, c])).toEqual([
      ['create', 'ok'], ['get', 'ok'], ['set', 'ok'], ['exists', 'no-node'], ['delete', 'bad-version'], ['children', 'ok'], ['sync', 'ok'],
    ]);
    expect(results[0]?.[2]).toBe('/a');
    expect(results[1]?.[2]).toMatchObject({ data: 'x', stat: { version: 0 } });
    expect(results[5]?.[2]).toEqual(['a']);
  });

  it('R80: lastZxid follows reply headers (zxid > 0) and is sent in the next ConnectRequest', () => {
    const rig = connected();
    rig.client.create('/a', '', 'persistent');
    rig.client.create('/b', '', 'persistent');
    rig.kernel.run(100);
    expect(rig.client.lastZxid).toBe(2);
    rig.server().dropConnections();
    rig.kernel.run(5000);
    const connects = rig.server().receivedOf('connect');
    expect(connects.map((c) => [c.lastZxidSeen, c.sessionId, c.timeoutMs])).toEqual([
      [0, '0x0000000000000000', 30_000],
      [2, rig.client.sessionId, 30_000],
    ]);
    expect(connects[1]?.passwd).toBe(`pw-${rig.client.sessionId}`);
  });

  it('R77: ping replies do not move lastZxid', () => {
    const rig = connected();
    rig.server().tree.zxid = 77; // the server's zxid moves on without this client
    rig.kernel.run(25_000);
    expect(rig.clientTrace('client-ping').length).toBeGreaterThan(0);
    expect(rig.client.lastZxid).toBe(0);
  });

  it('R80: requests in flight and queued at a connection loss fail with connection-loss, before Disconnected', () => {
    const rig = connected();
    rig.server().requests = 'hold';
    const { results, cb } = collector();
    const order: string[] = [];
    rig.client.addWatcher((e) => order.push(e.state));
    rig.client.create('/a', '', 'persistent', cb('a'));
    rig.client.create('/b', '', 'persistent', cb('b'));
    rig.kernel.run(50);
    expect(rig.client.pendingRequestCount).toBe(2);
    rig.server().dropConnections();
    rig.kernel.run(51); // the client hears of the close at 51; the cleanup pause runs to 151
    expect(rig.client.connectionPhase).toBe('cleanup');
    rig.client.exists('/', false, (r) => {
      results.push(['late', r.code, undefined]);
      order.push('late-callback');
    });
    rig.kernel.run(150);
    expect(results).toEqual([]);
    rig.kernel.run(151);
    expect(results.map(([t, c]) => [t, c])).toEqual([['a', 'connection-loss'], ['b', 'connection-loss'], ['late', 'connection-loss']]);
    expect(order).toEqual(['late-callback', 'Disconnected']);
  });

  it('R80: requests submitted during the back-off wait in the queue and go out after the handshake', () => {
    const rig = connected();
    rig.server().dropConnections();
    rig.kernel.run(200); // cleanup done (152): backing off
    expect(rig.client.connectionPhase).toBe('backoff');
    const { results, cb } = collector();
    rig.client.create('/q', '', 'persistent', cb('q'));
    expect(rig.client.queuedRequestCount).toBe(1);
    rig.kernel.run(5000);
    expect(results.map(([t, c]) => [t, c])).toEqual([['q', 'ok']]);
    expect(rig.client.stateEvents.map((e) => e.state)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
  });

  it('R80: an out-of-order reply fails that request and is treated as a connection loss', () => {
    const rig = connected();
    rig.server().requests = 'hold';
    const { results, cb } = collector();
    rig.client.create('/a', '', 'persistent', cb('a'));
    rig.client.create('/b', '', 'persistent', cb('b'));
    rig.kernel.run(50);
    rig.server().answerOutOfOrder();
    rig.kernel.run(300);
    expect(rig.clientTrace('client-disconnect').map((r) => r.reason)).toEqual(['xid-out-of-order']);
    expect(results.map(([t, c]) => [t, c])).toEqual([['a', 'connection-loss'], ['b', 'connection-loss']]);
  });

  it('R80: after CLOSED every request fails at once with session-expired', () => {
    const rig = connected();
    rig.server().expireSessions();
    rig.kernel.run(5000);
    expect(rig.client.state).toBe('CLOSED');
    const { results, cb } = collector();
    rig.client.getData('/', false, cb('late'));
    expect(results.map(([t, c]) => [t, c])).toEqual([['late', 'session-expired']]);
  });
});

describe('ZkClient chroot (R82)', () => {
  it('R82: prepends the chroot to request paths and strips it from results and watch events', () => {
    const rig = buildClientRig({ connectString: 's1,s1:2181/app/a', start: false });
    rig.server().tree.apply({ op: 'create', path: '/app', data: '', mode: 'persistent' }, '0x0000000000000000');
    rig.server().tree.apply({ op: 'create', path: '/app/a', data: '', mode: 'persistent' }, '0x0000000000000000');
    rig.client.start();
    rig.kernel.run(10);
    const { results, cb } = collector();
    rig.client.create('/x', 'v', 'persistent', cb('create'));
    rig.client.create('/seq-', '', 'persistent-sequential', cb('seq'));
    rig.client.getChildren('/', false, cb('children'));
    rig.client.sync('/', cb('sync'));
    rig.client.exists('/x', true, cb('exists'));
    rig.kernel.run(100);
    const paths = rig.server().receivedOf('request').map((m) => ('path' in m.request ? m.request.path : null));
    expect(paths.filter((p) => p !== null)).toEqual(['/app/a/x', '/app/a/seq-', '/app/a', '/app/a', '/app/a/x']);
    expect(results.map(([t, , r]) => [t, r])).toEqual([
      ['create', '/x'], ['seq', '/seq-0000000001'], ['children', ['seq-0000000001', 'x']], ['sync', '/'], ['exists', expect.anything()],
    ]);
    rig.server().notify('node-deleted', '/app/a/x');
    rig.kernel.run(200);
    expect(rig.watcherEvents.at(-1)).toEqual({ type: 'node-deleted', state: 'SyncConnected', path: '/x' });
    expect(rig.client.chroot).toBe('/app/a');
    expect(rig.client.hostOrder).toEqual(['s1', 's1']);
  });
});

describe('ZkClient watches (R61, R62)', () => {
  it('watches are one-shot and registered by outcome: exists on a missing node sets an exist watch', () => {
    const rig = connected();
    const seen: WatchedEvent[] = [];
    const w = (e: WatchedEvent): void => {
      seen.push(e);
    };
    rig.client.exists('/n', w);
    rig.client.getData('/missing', w); // NONODE: no data watch
    rig.kernel.run(50);
    expect(rig.client.watchCount).toBe(1);
    rig.server().notify('node-created', '/n');
    rig.server().notify('node-created', '/n');
    rig.kernel.run(100);
    expect(seen).toEqual([{ type: 'node-created', state: 'SyncConnected', path: '/n' }]);
    expect(rig.client.watchCount).toBe(0);
  });

  it('R61/R62: a reconnect sends SetWatches after the ConnectRequest; session events reach every registered watcher', () => {
    const rig = connected({ connectString: 's1/c' });
    rig.server().tree.apply({ op: 'create', path: '/c', data: '', mode: 'persistent' }, '0x0000000000000000');
    rig.server().tree.apply({ op: 'create', path: '/c/d', data: '', mode: 'persistent' }, '0x0000000000000000');
    const own: string[] = [];
    rig.client.getData('/d', (e) => own.push(`${e.type}:${e.state}`));
    rig.client.getChildren('/', true);
    rig.client.exists('/e', true);
    rig.client.create('/f', '', 'persistent');
    rig.kernel.run(50);
    rig.server().dropConnections();
    rig.kernel.run(5000);
    const requests = rig.server().receivedOf('request').filter((m) => m.request.op === 'set-watches');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      type: 'request', xid: -8,
      request: { op: 'set-watches', relativeZxid: rig.client.lastZxid, dataWatches: ['/c/d'], existWatches: ['/c/e'], childWatches: ['/c'] },
    });
    const order = rig.server().received.map((r) => r.message.type === 'request' ? r.message.request.op : r.message.type);
    expect(order.slice(order.lastIndexOf('connect'), order.lastIndexOf('connect') + 2)).toEqual(['connect', 'set-watches']);
    expect(own).toEqual(['none:Disconnected', 'none:SyncConnected']);
  });
});
