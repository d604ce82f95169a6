// Unit tests of the leader's prep stage against a real data tree and session tracker: what each request
// becomes (txn, error txn, or an error on a non-txn op), and closeSession's ephemeral list (R53, R58).
import { describe, expect, it } from 'vitest';
import { NO_SESSION, type Txn } from '@zksim/protocol';
import { DataTree } from './data-tree.ts';
import { PrepRequestProcessor } from './prep-request-processor.ts';
import { makeRequest } from './request.ts';
import { SessionTrackerImpl } from './session-tracker.ts';

function setup(): { prep: PrepRequestProcessor; tree: DataTree; tracker: SessionTrackerImpl; zxids: number[] } {
  const tree = new DataTree();
  const sessions = new Map<string, number>();
  const tracker = new SessionTrackerImpl({ tickTimeMs: 2000, serverId: 1, nowMs: 0, sessionsWithTimeout: sessions });
  let next = 2 ** 32;
  const zxids: number[] = [];
  const prep = new PrepRequestProcessor({
    tree, tracker, nextZxid: () => { next += 1; zxids.push(next); return next; },
    localNow: () => 100, wallNow: () => 1_700_000_000_000, ignoreInFlightChanges: false, trace: () => {},
  });
  return { prep, tree, tracker, zxids };
}

function apply(tree: DataTree, txn: Txn | null): void {
  if (txn !== null) tree.processTxn(txn);
}

describe('PrepRequestProcessor', () => {
  it('R40/R27: a write of a session unknown to the leader becomes an error txn SESSIONEXPIRED (local sessions off)', () => {
    const { prep } = setup();
    const req = makeRequest('0x0100000000000099', 1, { op: 'set-data', path: '/', data: 'x', version: -1 }, null, 'lh:s1:1');
    prep.prep(req);
    expect(req.txn?.body).toEqual({ type: 'error', code: 'session-expired' });
    expect(req.txn?.zxid).toBe(2 ** 32 + 1); // R27: it consumes a zxid
  });

  it('R40/R26: a read of an unknown session carries SESSIONEXPIRED and no txn', () => {
    const { prep, zxids } = setup();
    const req = makeRequest('0x0100000000000099', 2, { op: 'exists', path: '/', watch: false }, null, 'local:s1#0');
    prep.prep(req);
    expect(req.txn).toBeNull();
    expect(req.err).toBe('session-expired');
    expect(zxids).toEqual([]);
  });

  it('R53/R58: closeSession lists committed ephemerals corrected by in-flight creates and deletes, then marks closing', () => {
    const { prep, tree, tracker } = setup();
    const id = tracker.createSession(6000, 0);
    tracker.commitSession(id, 6000);
    const create = (path: string): Txn | null => {
      const r = makeRequest(id, 1, { op: 'create', path, data: '', mode: 'ephemeral' }, null, null);
      prep.prep(r);
      return r.txn;
    };
    apply(tree, create('/a'));            // committed and applied
    apply(tree, create('/b'));            // committed and applied, but a delete of it is in flight
    prep.onApplied(2 ** 32 + 2);
    const del = makeRequest(id, 3, { op: 'delete', path: '/b', version: -1 }, null, null);
    prep.prep(del);                       // in flight: removes /b from the list
    create('/c');                         // in flight: adds /c to the list
    const close = makeRequest(id, 0, { op: 'close-session' }, null, null);
    prep.prep(close);
    expect(close.txn?.body).toEqual({ type: 'close-session', paths2Delete: ['/a', '/c'] });
    expect(tracker.isClosing(id)).toBe(true);
    // R58: an ephemeral create prepped after the closeSession fails checkGlobalSession.
    const late = makeRequest(id, 5, { op: 'create', path: '/d', data: '', mode: 'ephemeral' }, null, null);
    prep.prep(late);
    expect(late.txn?.body).toEqual({ type: 'error', code: 'session-expired' });
  });

  it('checks create against in-flight changes: parent, existence, sequential names from the persisted cversion', () => {
    const { prep, tree, tracker } = setup();
    const id = tracker.createSession(6000, 0);
    tracker.commitSession(id, 6000);
    const run = (op: Parameters<typeof makeRequest>[2]): Txn | null => {
      const r = makeRequest(id, 1, op, null, null);
      prep.prep(r);
      return r.txn;
    };
    expect(run({ op: 'create', path: '/p/q', data: '', mode: 'persistent' })?.body).toEqual({ type: 'error', code: 'no-node' });
    apply(tree, run({ op: 'create', path: '/p', data: '', mode: 'persistent' }));
    expect(run({ op: 'create', path: '/p', data: '', mode: 'persistent' })?.body).toEqual({ type: 'error', code: 'node-exists' });
    const s1 = run({ op: 'create', path: '/p/s', data: '', mode: 'persistent-sequential' });
    const s2 = run({ op: 'create', path: '/p/s', data: '', mode: 'persistent-sequential' }); // still in flight: next number
    expect(s1?.body).toMatchObject({ type: 'create', path: '/p/s0000000000', ephemeralOwner: null, parentCVersion: 1 });
    expect(s2?.body).toMatchObject({ type: 'create', path: '/p/s0000000001', parentCVersion: 2 });
    const eph = run({ op: 'create', path: '/e', data: '', mode: 'ephemeral' });
    apply(tree, eph);
    expect(run({ op: 'create', path: '/e/child', data: '', mode: 'persistent' })?.body).toEqual({ type: 'error', code: 'no-children-for-ephemerals' });
    expect(tree.getNode('/e')?.stat.ephemeralOwner).not.toBe(NO_SESSION);
  });

  it('R91 (3.4 difference): a touch may move a deadline earlier in 3.5+, which 3.4 never did', () => {
    const { tracker } = setup();
    const id = tracker.createSession(30_000, 0);
    tracker.commitSession(id, 30_000);
    tracker.touchSession(id, 30_000, 1000); // bucket 32000
    expect(tracker.expiryTimeOf(id)).toBe(32_000);
    tracker.touchSession(id, 4000, 1000);   // a shorter timeout: bucket 6000, earlier (3.4 kept 32000)
    expect(tracker.expiryTimeOf(id)).toBe(6000);
  });
});
