import { fc, test } from '@fast-check/vitest';
import type { SessionId, Txn, TxnBody, Zxid } from '@zksim/protocol';
import { NO_SESSION } from '@zksim/protocol';
import { describe, expect, it } from 'vitest';
import { DataTree, sequentialName } from './data-tree.ts';

const S1: SessionId = '0x0100000000000001';
const S2: SessionId = '0x0200000000000001';

function txn(zxid: Zxid, body: TxnBody, sessionId: SessionId = S1): Txn {
  return { zxid, sessionId, cxid: zxid, time: 1_000_000 + zxid, body };
}
function create(path: string, parentCVersion: number, data = '', ephemeralOwner: SessionId | null = null): TxnBody {
  return { type: 'create', path, data, ephemeralOwner, parentCVersion };
}
const del = (path: string): TxnBody => ({ type: 'delete', path });
const setData = (path: string, data: string, version: number): TxnBody => ({ type: 'set-data', path, data, version });
const closeSession = (...paths2Delete: string[]): TxnBody => ({ type: 'close-session', paths2Delete });

/** Applies txns with zxids 1, 2, 3, … and returns the tree. */
function treeWith(...bodies: TxnBody[]): DataTree {
  const t = new DataTree();
  bodies.forEach((b, i) => {
    const r = t.processTxn(txn(i + 1, b));
    expect(r.err).toBe('ok');
  });
  return t;
}

describe('DataTree: nodes and stats', () => {
  it('starts with only "/" (no /zookeeper subtree) and an all-zero stat', () => {
    const t = new DataTree();
    expect(t.nodeCount).toBe(1);
    expect(t.getChildren('/')).toEqual([]);
    expect(t.exists('/zookeeper')).toBeNull();
    expect(t.exists('/')).toEqual({
      czxid: 0, mzxid: 0, pzxid: 0, ctime: 0, mtime: 0, version: 0, cversion: 0, ephemeralOwner: NO_SESSION, dataLength: 0, numChildren: 0,
    });
    expect(t.lastProcessedZxid).toBe(0);
  });

  it('create: a new node gets czxid = mzxid = pzxid = zxid, ctime = mtime = txn time, versions 0', () => {
    const t = new DataTree();
    const r = t.processTxn(txn(0x100000001, create('/app', 1, 'hello')));
    const stat = { czxid: 0x100000001, mzxid: 0x100000001, pzxid: 0x100000001, ctime: 1_000_000 + 0x100000001, mtime: 1_000_000 + 0x100000001, version: 0, cversion: 0, ephemeralOwner: NO_SESSION, dataLength: 5, numChildren: 0 };
    expect(r).toEqual({ zxid: 0x100000001, sessionId: S1, cxid: 0x100000001, type: 'create', err: 'ok', path: '/app', stat, deleted: [], fires: [] });
    expect(t.getNode('/app')).toEqual({ path: '/app', data: 'hello', stat, children: [], persistedCversion: 0 });
    expect(t.lastProcessedZxid).toBe(0x100000001);
  });

  it('create: the parent takes cversion from the txn and pzxid = zxid; mzxid and version stay', () => {
    const t = treeWith(create('/a', 1), create('/a/x', 1), create('/a/y', 2));
    const a = t.getNode('/a');
    expect(a?.stat).toMatchObject({ czxid: 1, mzxid: 1, pzxid: 3, version: 0, cversion: 2, numChildren: 2 });
    expect(a?.persistedCversion).toBe(2);
    expect(a?.children).toEqual(['x', 'y']);
  });

  it('create: parentCVersion −1 means the parent cversion plus one', () => {
    const t = treeWith(create('/a', -1), create('/b', -1));
    expect(t.getNode('/')?.persistedCversion).toBe(2);
    expect(t.exists('/')?.pzxid).toBe(2);
  });

  it('create: a lower parentCVersion (replay) never moves cversion or pzxid back (DataTreeTest.testNoCversionRevert)', () => {
    const t = treeWith(create('/a', 1), create('/a/x', 5));
    expect(t.processTxn(txn(3, create('/a/y', 4))).err).toBe('ok');
    expect(t.getNode('/a')?.persistedCversion).toBe(5);
    expect(t.exists('/a')?.pzxid).toBe(2);
    expect(t.getChildren('/a')).toEqual(['x', 'y']);
  });

  it('create: under a missing parent → no-node; over an existing node → node-exists, nothing fires', () => {
    const t = treeWith(create('/a', 1));
    t.addChildWatch('/', 'w');
    expect(t.processTxn(txn(2, create('/nope/x', 1))).err).toBe('no-node');
    const r = t.processTxn(txn(3, create('/a', 2)));
    expect(r.err).toBe('node-exists');
    expect(r.stat).toBeNull();
    expect(r.fires).toEqual([]);
    expect(t.lastProcessedZxid).toBe(3);
  });

  it('create: a replayed create over an existing node still advances the parent cversion and pzxid', () => {
    const t = treeWith(create('/a', 1));
    expect(t.processTxn(txn(7, create('/a', 3))).err).toBe('node-exists');
    expect(t.getNode('/')?.persistedCversion).toBe(3);
    expect(t.exists('/')?.pzxid).toBe(7);
  });

  it('set-data: sets data, mtime, mzxid and the txn version; czxid, ctime and pzxid stay', () => {
    const t = treeWith(create('/a', 1, 'v0'));
    const r = t.processTxn(txn(2, setData('/a', 'value-1', 1)));
    expect(r.err).toBe('ok');
    expect(r.stat).toEqual({ czxid: 1, mzxid: 2, pzxid: 1, ctime: 1_000_001, mtime: 1_000_002, version: 1, cversion: 0, ephemeralOwner: NO_SESSION, dataLength: 7, numChildren: 0 });
    expect(t.getNode('/a')?.data).toBe('value-1');
  });

  it('set-data on a missing node → no-node', () => {
    const t = new DataTree();
    expect(t.processTxn(txn(1, setData('/a', 'x', 1))).err).toBe('no-node');
  });

  it('counts dataLength in UTF-8 bytes', () => {
    const t = treeWith(create('/a', 1, 'héllo'), create('/b', 2, '€'), create('/c', 3, '😀'));
    expect(t.exists('/a')?.dataLength).toBe(6);
    expect(t.exists('/b')?.dataLength).toBe(3);
    expect(t.exists('/c')?.dataLength).toBe(4);
  });

  it('R59: delete sets the parent pzxid; the stored cversion is unchanged, the client sees creates + deletes', () => {
    const t = treeWith(create('/a', 1), create('/a/x', 1), create('/a/y', 2));
    const r = t.processTxn(txn(4, del('/a/x')));
    expect(r).toMatchObject({ err: 'ok', path: '/a/x', stat: null });
    expect(t.exists('/a/x')).toBeNull();
    const a = t.getNode('/a');
    expect(a?.persistedCversion).toBe(2);
    expect(a?.stat).toMatchObject({ pzxid: 4, numChildren: 1, cversion: 3 }); // 2 creates + 1 delete
    expect(a?.children).toEqual(['y']);
  });

  it('R59: delete moves pzxid only forward', () => {
    const t = treeWith(create('/a', 1), create('/a/x', 1), create('/a/y', 2));
    expect(t.processTxn(txn(2, del('/a/x'))).err).toBe('ok'); // a replayed, older delete
    expect(t.exists('/a')?.pzxid).toBe(3);
  });

  it('R59: deleting a missing child still advances the parent pzxid (DataTreeTest.testPzxidUpdatedWhenDeletingNonExistNode)', () => {
    const t = treeWith(create('/a', 1));
    expect(t.processTxn(txn(9, del('/gone'))).err).toBe('no-node');
    expect(t.exists('/')?.pzxid).toBe(9);
    expect(t.processTxn(txn(8, del('/gone'))).err).toBe('no-node');
    expect(t.exists('/')?.pzxid).toBe(9);
    expect(t.processTxn(txn(10, del('/nope/deeper'))).err).toBe('no-node');
  });

  it('an error txn applies nothing, reports its code and still counts as processed', () => {
    const t = new DataTree();
    const r = t.processTxn(txn(5, { type: 'error', code: 'session-moved' }));
    expect(r.err).toBe('session-moved');
    expect(t.lastProcessedZxid).toBe(5);
    expect(t.nodeCount).toBe(1);
  });

  it('create-session changes nothing in the tree', () => {
    const t = new DataTree();
    const r = t.processTxn(txn(1, { type: 'create-session', timeoutMs: 30000 }));
    expect(r.err).toBe('ok');
    expect(t.nodeCount).toBe(1);
    expect(t.lastProcessedZxid).toBe(1);
  });

  it('lastProcessedZxid never moves back', () => {
    const t = treeWith(create('/a', 1), create('/b', 2));
    t.processTxn(txn(1, { type: 'create-session', timeoutMs: 1 }));
    expect(t.lastProcessedZxid).toBe(2);
  });

  it('names sequential children with the parent cversion as %010d, like Java', () => {
    expect(sequentialName('/q/item-', 7)).toBe('/q/item-0000000007');
    expect(sequentialName('/q/', 0)).toBe('/q/0000000000');
    expect(sequentialName('/x', 2147483647)).toBe('/x2147483647');
    expect(sequentialName('/x', -1)).toBe('/x-000000001'); // String.format("%010d", -1) on JDK 17
  });
});

describe('DataTree: ephemerals and killSession', () => {
  it('indexes ephemerals by owner and reports them sorted', () => {
    const t = treeWith(create('/e', 1), create('/e/z', 1, '', S1), create('/e/a', 2, '', S1), create('/e/m', 3, '', S2));
    expect(t.getEphemerals(S1)).toEqual(['/e/a', '/e/z']);
    expect(t.getEphemerals(S2)).toEqual(['/e/m']);
    expect(t.getEphemerals('0x0900000000000000')).toEqual([]);
    expect(t.exists('/e/a')?.ephemeralOwner).toBe(S1);
    expect(t.sessionsWithEphemerals()).toEqual([S1, S2]);
  });

  it('R55: close-session deletes the txn paths in txn order, then leftover ephemerals, ignoring missing nodes', () => {
    const t = treeWith(create('/e', 1), create('/e/a', 1, '', S1), create('/e/b', 2, '', S1), create('/e/c', 3, '', S1), create('/e/d', 4, '', S2));
    const r = t.processTxn(txn(6, closeSession('/e/c', '/e/missing', '/e/a'), S1));
    expect(r.err).toBe('ok');
    expect(r.deleted).toEqual(['/e/c', '/e/a', '/e/b']);
    expect(t.getChildren('/e')).toEqual(['d']);
    expect(t.getEphemerals(S1)).toEqual([]);
    expect(t.sessionsWithEphemerals()).toEqual([S2]);
    expect(t.getEphemerals(S2)).toEqual(['/e/d']);
    expect(t.exists('/e')?.pzxid).toBe(6);
  });

  it('R55: close-session deletes a listed path even when another session owns it, keeping that index right', () => {
    const t = treeWith(create('/x', 1, '', S2), create('/y', 2, '', S2));
    const r = t.processTxn(txn(3, closeSession('/x'), S1));
    expect(r.deleted).toEqual(['/x']);
    expect(t.getEphemerals(S2)).toEqual(['/y']);
  });

  it('R55: close-session of a session without ephemerals deletes nothing', () => {
    const t = treeWith(create('/a', 1));
    const r = t.processTxn(txn(2, closeSession(), S2));
    expect(r.deleted).toEqual([]);
    expect(t.nodeCount).toBe(2);
  });

  it('R63: killSession without a txn deletes every ephemeral of the session and leaves lastProcessedZxid', () => {
    const t = treeWith(create('/a', 1, '', S1), create('/b', 2, '', S1), create('/c', 3));
    const w = t.killSession(S1, 3);
    expect(w.deleted).toEqual(['/a', '/b']);
    expect(t.getChildren('/')).toEqual(['c']);
    expect(t.lastProcessedZxid).toBe(3);
  });
});

describe('DataTree: watches', () => {
  it('R59: an exists watch on a missing node fires NodeCreated; the parent child watch fires NodeChildrenChanged', () => {
    const t = treeWith(create('/a', 1));
    t.addDataWatch('/a/b', 'c1');
    t.addChildWatch('/a', 'c2');
    const r = t.processTxn(txn(2, create('/a/b', 1)));
    expect(r.fires).toEqual([
      { watcher: 'c1', event: 'node-created', path: '/a/b', zxid: 2 },
      { watcher: 'c2', event: 'node-children-changed', path: '/a', zxid: 2 },
    ]);
  });

  it('a top-level create fires the child watch on "/" (DataTreeTest.testRootWatchTriggered)', () => {
    const t = new DataTree();
    t.addChildWatch('/', 'c1');
    expect(t.processTxn(txn(1, create('/xyz', 1))).fires).toEqual([{ watcher: 'c1', event: 'node-children-changed', path: '/', zxid: 1 }]);
  });

  it('R59: set-data fires NodeDataChanged on data watches only', () => {
    const t = treeWith(create('/a', 1), create('/a/b', 1));
    t.addDataWatch('/a/b', 'c1');
    t.addChildWatch('/a/b', 'c2');
    t.addChildWatch('/a', 'c3');
    expect(t.processTxn(txn(3, setData('/a/b', 'x', 1))).fires).toEqual([{ watcher: 'c1', event: 'node-data-changed', path: '/a/b', zxid: 3 }]);
  });

  it('R59: watches are one-shot', () => {
    const t = treeWith(create('/a', 1));
    t.addDataWatch('/a', 'c1');
    expect(t.processTxn(txn(2, setData('/a', 'x', 1))).fires).toHaveLength(1);
    expect(t.processTxn(txn(3, setData('/a', 'y', 2))).fires).toEqual([]);
    expect(t.watchCount).toBe(0);
  });

  it('R59: delete fires NodeDeleted on data and child watches of the path, once per watcher, then the parent', () => {
    const t = treeWith(create('/a', 1), create('/a/b', 1));
    t.addDataWatch('/a/b', 'both');
    t.addChildWatch('/a/b', 'both');
    t.addChildWatch('/a/b', 'child-only');
    t.addDataWatch('/a/b', 'data-only');
    t.addChildWatch('/a', 'parent');
    const r = t.processTxn(txn(3, del('/a/b')));
    expect(r.fires).toEqual([
      { watcher: 'both', event: 'node-deleted', path: '/a/b', zxid: 3 },
      { watcher: 'data-only', event: 'node-deleted', path: '/a/b', zxid: 3 },
      { watcher: 'child-only', event: 'node-deleted', path: '/a/b', zxid: 3 },
      { watcher: 'parent', event: 'node-children-changed', path: '/a', zxid: 3 },
    ]);
    expect(t.watchCount).toBe(0); // the suppressed child watch of 'both' is consumed too
  });

  it('R59: a watcher fires in the order watches were registered on each path', () => {
    const t = treeWith(create('/a', 1));
    for (const w of ['z', 'a', 'm']) t.addDataWatch('/a', w);
    t.addDataWatch('/a', 'z'); // re-registering does not duplicate or reorder
    expect(t.processTxn(txn(2, setData('/a', 'x', 1))).fires.map((f) => f.watcher)).toEqual(['z', 'a', 'm']);
  });

  it('R55/R59: close-session fires NodeDeleted for each ephemeral and NodeChildrenChanged on its parent', () => {
    const t = treeWith(create('/locks', 1), create('/locks/l1', 1, '', S1));
    t.addDataWatch('/locks/l1', 'c2');
    t.addChildWatch('/locks', 'c3');
    const r = t.processTxn(txn(3, closeSession('/locks/l1'), S1));
    expect(r.fires).toEqual([
      { watcher: 'c2', event: 'node-deleted', path: '/locks/l1', zxid: 3 },
      { watcher: 'c3', event: 'node-children-changed', path: '/locks', zxid: 3 },
    ]);
  });

  it('failed txns fire nothing', () => {
    const t = treeWith(create('/a', 1));
    t.addDataWatch('/b', 'c1');
    t.addChildWatch('/', 'c1');
    expect(t.processTxn(txn(2, del('/b'))).fires).toEqual([]);
    expect(t.processTxn(txn(3, setData('/b', '', 1))).fires).toEqual([]);
    expect(t.watchCount).toBe(2);
  });

  it('R36: removeWatcher drops every data and child watch of that connection only', () => {
    const t = treeWith(create('/a', 1));
    t.addDataWatch('/a', 'gone');
    t.addChildWatch('/a', 'gone');
    t.addDataWatch('/missing', 'gone');
    t.addDataWatch('/a', 'stays');
    t.removeWatcher('gone');
    expect(t.dataWatchers('/a')).toEqual(['stays']);
    expect(t.childWatchers('/a')).toEqual([]);
    expect(t.dataWatchers('/missing')).toEqual([]);
    expect(t.processTxn(txn(2, setData('/a', 'x', 1))).fires.map((f) => f.watcher)).toEqual(['stays']);
  });

  it('R61: setWatches fires what the client missed and re-registers the rest', () => {
    // Tree at zxid 6: /d (mzxid 5), /p with a child created at 4 (pzxid 4), /q unchanged since 2.
    const t = treeWith(create('/d', 1), create('/p', 2), create('/q', 3), create('/p/c', 1), setData('/d', 'new', 1), create('/e', 4));
    const rel = 3; // the client last saw zxid 3
    const fires = t.setWatches(rel, ['/gone', '/d', '/q'], ['/e', '/later'], ['/gone2', '/p', '/q'], 'c1');
    expect(fires).toEqual([
      { watcher: 'c1', event: 'node-deleted', path: '/gone', zxid: -1 },
      { watcher: 'c1', event: 'node-data-changed', path: '/d', zxid: -1 },
      { watcher: 'c1', event: 'node-created', path: '/e', zxid: -1 },
      { watcher: 'c1', event: 'node-deleted', path: '/gone2', zxid: -1 },
      { watcher: 'c1', event: 'node-children-changed', path: '/p', zxid: -1 },
    ]);
    expect(t.dataWatchers('/q')).toEqual(['c1']);
    expect(t.dataWatchers('/later')).toEqual(['c1']);
    expect(t.childWatchers('/q')).toEqual(['c1']);
    expect(t.dataWatchers('/d')).toEqual([]);
    expect(t.childWatchers('/p')).toEqual([]);
    // The re-registered exist watch fires when the node appears.
    expect(t.processTxn(txn(7, create('/later', 5))).fires).toEqual([{ watcher: 'c1', event: 'node-created', path: '/later', zxid: 7 }]);
  });

  it('R61: a data watch whose mzxid equals relativeZxid is re-registered, not fired', () => {
    const t = treeWith(create('/d', 1));
    expect(t.setWatches(1, ['/d'], [], ['/d'], 'c1')).toEqual([]);
    expect(t.dataWatchers('/d')).toEqual(['c1']);
    expect(t.childWatchers('/d')).toEqual(['c1']);
  });
});

describe('DataTree: snapshots', () => {
  it('serializes parents before children, children sorted, sessions by id, at lastProcessedZxid', () => {
    const t = treeWith(create('/b', 1), create('/a', 2), create('/a/y', 1), create('/a/x', 2, 'd', S1));
    const snap = t.serialize(new Map([[S2, 4000], [S1, 30000]]));
    expect(snap.zxid).toBe(4);
    expect(snap.nodes.map((n) => n.path)).toEqual(['/', '/a', '/a/x', '/a/y', '/b']);
    expect(snap.sessions).toEqual([[S1, 30000], [S2, 4000]]);
    expect(snap.nodes[2]?.stat.ephemeralOwner).toBe(S1);
  });

  it('round-trips: stats (incl. stored cversion after deletes), data, ephemerals and lastProcessedZxid survive', () => {
    const t = treeWith(create('/a', 1, 'x'), create('/a/1', 1), create('/a/2', 2, '', S1), del('/a/1'), setData('/a', 'yy', 1), create('/b', 2, '', S2));
    const snap = t.serialize([]);
    const u = DataTree.fromSnapshot(snap);
    expect(u.serialize([])).toEqual(snap);
    expect(u.getNode('/a')).toEqual(t.getNode('/a'));
    expect(u.getNode('/a')?.persistedCversion).toBe(2);
    expect(u.getEphemerals(S1)).toEqual(['/a/2']);
    expect(u.getEphemerals(S2)).toEqual(['/b']);
    expect(u.lastProcessedZxid).toBe(6);
    // The restored tree keeps working: the next sequential name and kill behave as in the original.
    expect(u.processTxn(txn(7, closeSession(), S1)).deleted).toEqual(['/a/2']);
  });

  it('refuses a snapshot that lists a child before its parent', () => {
    const t = treeWith(create('/a', 1), create('/a/b', 1));
    const snap = t.serialize([]);
    const bad = { ...snap, nodes: [snap.nodes[0]!, snap.nodes[2]!, snap.nodes[1]!] };
    expect(() => DataTree.fromSnapshot(bad)).toThrow(/before its parent/);
  });

  // Property: after any sequence of creates, deletes, set-datas and session closes, the tree's indexes
  // agree with a from-scratch scan, and a snapshot round-trip reproduces the same snapshot.
  const names = ['a', 'b', 'c'];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), parent: fc.constantFrom('', '/a', '/b', '/a/b'), name: fc.constantFrom(...names), owner: fc.constantFrom(null, S1, S2) }),
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom('/a', '/b', '/c', '/a/a', '/a/b', '/b/c', '/a/b/c') }),
    fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom('/', '/a', '/a/b') }),
    fc.record({ kind: fc.constant('close' as const), owner: fc.constantFrom(S1, S2) }),
  );
  test.prop([fc.array(op, { maxLength: 40 })])('keeps its ephemeral index and child counts consistent', (ops) => {
    const t = new DataTree();
    let z = 0;
    for (const o of ops) {
      z++;
      if (o.kind === 'create') {
        const path = `${o.parent}/${o.name}`;
        const parent = t.getNode(o.parent === '' ? '/' : o.parent);
        if (parent === undefined || parent.stat.ephemeralOwner !== NO_SESSION || t.exists(path) !== null) continue; // prep would refuse
        const r = t.processTxn(txn(z, create(path, parent.persistedCversion + 1, 'd', o.owner), o.owner ?? S1));
        expect(r.err).toBe('ok');
      } else if (o.kind === 'delete') {
        if ((t.exists(o.path)?.numChildren ?? 0) > 0) continue; // prep would refuse (not-empty)
        t.processTxn(txn(z, del(o.path)));
        expect(t.exists(o.path)).toBeNull();
      } else if (o.kind === 'set') {
        const v = t.exists(o.path)?.version ?? 0;
        t.processTxn(txn(z, setData(o.path, `v${z}`, v + 1)));
      } else {
        t.processTxn(txn(z, closeSession(...t.getEphemerals(o.owner)), o.owner));
        expect(t.getEphemerals(o.owner)).toEqual([]);
      }
    }
    const snap = t.serialize([]);
    const byOwner = new Map<SessionId, string[]>();
    for (const n of snap.nodes) {
      const kids = snap.nodes.filter((m) => m.path !== '/' && m.path.slice(0, m.path.lastIndexOf('/') || 1) === n.path);
      expect(n.stat.numChildren).toBe(kids.length);
      if (n.stat.ephemeralOwner !== NO_SESSION) byOwner.set(n.stat.ephemeralOwner, [...(byOwner.get(n.stat.ephemeralOwner) ?? []), n.path]);
    }
    for (const s of [S1, S2]) expect(t.getEphemerals(s)).toEqual((byOwner.get(s) ?? []).sort());
    expect(DataTree.fromSnapshot(snap).serialize([])).toEqual(snap);
  });
});
