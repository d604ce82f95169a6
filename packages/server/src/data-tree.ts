// The replicated znode tree of one server (ZooKeeper's DataTree, R55, R59–R61): znodes with data and
// stats, the ephemerals-by-owner index, one-shot data and child watches, txn application and snapshots.
// It does not own sessions (the database's sessions map) nor validation (prep). Invariants: every node
// but "/" has its parent in the tree and in the parent's children; a node with a non-zero ephemeral
// owner is in exactly that owner's ephemeral set. Unlike ZooKeeper there is no /zookeeper subtree.
import { assert } from '@zksim/kernel';
import { NO_SESSION, NO_ZXID, compareSessionIds } from '@zksim/protocol';
import type { ErrorCode, SessionId, Snapshot, SnapshotNode, Stat, Txn, TxnBody, WatchEventType, Zxid } from '@zksim/protocol';

/** One watch notification to deliver: `watcher` is the connection token that registered the watch. */
export interface WatchFire {
  readonly watcher: string;
  readonly event: WatchEventType;
  readonly path: string;
  /** The txn that fired it, or NO_ZXID (−1) for the immediate events of setWatches (as in ZooKeeper). */
  readonly zxid: Zxid;
}

/** Outcome of applying one txn (ZooKeeper's ProcessTxnResult plus what it fired and deleted). */
export interface TxnResult {
  readonly zxid: Zxid;
  readonly sessionId: SessionId;
  readonly cxid: number;
  readonly type: TxnBody['type'];
  /** 'ok', the code of an error txn, or no-node / node-exists when the txn did not apply (replay only). */
  readonly err: ErrorCode;
  /** The path of a create, delete or set-data; null otherwise. */
  readonly path: string | null;
  /** Stat of the created or updated node (create, set-data) when it applied; null otherwise. */
  readonly stat: Stat | null;
  /** close-session: the paths actually deleted, in deletion order (R55). Empty otherwise. */
  readonly deleted: readonly string[];
  /** Watches fired by this txn, in firing order. */
  readonly fires: readonly WatchFire[];
}

/** A read-only copy of one znode. */
export interface ZNodeView {
  readonly path: string;
  readonly data: string;
  /** The Stat a client sees (DataNode.copyStat). */
  readonly stat: Stat;
  /** Child names, sorted. */
  readonly children: readonly string[];
  /**
   * The cversion as stored (StatPersisted): the number of child creates. Prep must use this one to name
   * sequential children and to compute a create txn's parentCVersion (= persistedCversion + 1).
   */
  readonly persistedCversion: number;
}

interface ZNode {
  data: string;
  readonly czxid: Zxid;
  mzxid: Zxid;
  pzxid: Zxid;
  readonly ctime: number;
  mtime: number;
  version: number;
  /** Persisted cversion: counts creates only (ZooKeeper's StatPersisted). */
  cversion: number;
  readonly ephemeralOwner: SessionId;
  readonly children: Set<string>;
}

const EMPTY: readonly never[] = [];

/**
 * The name ZooKeeper's prep gives a sequential create: `path` + the parent's persisted cversion as
 * `%010d` (negative values keep Java's sign-first padding).
 * @example sequentialName('/q/item-', 7) === '/q/item-0000000007'
 */
export function sequentialName(path: string, parentCVersion: number): string {
  if (!(Number.isInteger(parentCVersion))) assert(false, `cversion must be an integer: ${parentCVersion}`);
  const digits = parentCVersion < 0 ? '-' + String(-parentCVersion).padStart(9, '0') : String(parentCVersion).padStart(10, '0');
  return path + digits;
}

/** Byte length of `s` in UTF-8 (a znode's dataLength), without allocating. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // includes lone surrogates, which UTF-8 encoders replace by U+FFFD (3 bytes)
  }
  return n;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === 0 ? '/' : path.slice(0, slash);
}

function assertPath(path: string): void {
  if (!(path.startsWith('/') && (path === '/' || (!path.endsWith('/') && !path.includes('//'))))) assert(false, `malformed path: ${path}`);
}

/**
 * One-shot watches of one kind (ZooKeeper's WatchManager, standard mode only). Watchers of a path fire
 * in the order they registered on it; zksim fixes this order where ZooKeeper iterates a hash set.
 */
class WatchTable {
  private readonly byPath = new Map<string, Set<string>>();
  private readonly byWatcher = new Map<string, Set<string>>();

  add(path: string, watcher: string): void {
    let ws = this.byPath.get(path);
    if (ws === undefined) this.byPath.set(path, (ws = new Set()));
    ws.add(watcher);
    let ps = this.byWatcher.get(watcher);
    if (ps === undefined) this.byWatcher.set(watcher, (ps = new Set()));
    ps.add(path);
  }

  removeWatcher(watcher: string): void {
    const ps = this.byWatcher.get(watcher);
    if (ps === undefined) return;
    this.byWatcher.delete(watcher);
    for (const p of ps) {
      const ws = this.byPath.get(p);
      if (ws === undefined) continue;
      ws.delete(watcher);
      if (ws.size === 0) this.byPath.delete(p);
    }
  }

  /** Fires and removes the watches on `path`; `suppress` watchers lose their watch without an event. */
  trigger(path: string, event: WatchEventType, zxid: Zxid, out: WatchFire[], suppress: ReadonlySet<string> | null): ReadonlySet<string> | null {
    const ws = this.byPath.get(path);
    if (ws === undefined) return null;
    this.byPath.delete(path);
    for (const w of ws) {
      const ps = this.byWatcher.get(w);
      if (ps !== undefined) {
        ps.delete(path);
        if (ps.size === 0) this.byWatcher.delete(w);
      }
      if (suppress === null || !suppress.has(w)) out.push({ watcher: w, event, path, zxid });
    }
    return ws;
  }

  watchersOf(path: string): string[] {
    return Array.from(this.byPath.get(path) ?? EMPTY);
  }

  get count(): number {
    let n = 0;
    for (const ws of this.byPath.values()) n += ws.size;
    return n;
  }
}

/** The znode tree with its watches. Apply committed txns with `processTxn`; read with the helpers. */
export class DataTree {
  private readonly nodes = new Map<string, ZNode>();
  private readonly ephemerals = new Map<SessionId, Set<string>>();
  private readonly dataWatches = new WatchTable();
  private readonly childWatches = new WatchTable();
  private lastZxid: Zxid = 0;

  /** An empty tree: just "/" with an all-zero stat. */
  constructor() {
    this.nodes.set('/', newNode('', 0, 0, NO_SESSION));
  }

  /** Highest zxid applied by `processTxn` (or loaded from a snapshot). */
  get lastProcessedZxid(): Zxid {
    return this.lastZxid;
  }

  /** Number of znodes, root included. */
  get nodeCount(): number {
    return this.nodes.size;
  }

  /** Applies one committed txn (DataTree.processTxn, R55, R59) and reports what changed and fired. */
  processTxn(txn: Txn): TxnResult {
    const body = txn.body;
    const zxid = txn.zxid;
    const fires: WatchFire[] = [];
    let err: ErrorCode = 'ok';
    let path: string | null = null;
    let stat: Stat | null = null;
    let deleted: readonly string[] = EMPTY;
    switch (body.type) {
      case 'create': {
        path = body.path;
        err = this.createNode(body.path, body.data, body.ephemeralOwner ?? NO_SESSION, body.parentCVersion, zxid, txn.time, fires);
        if (err === 'ok') stat = statOf(this.nodes.get(body.path) as ZNode);
        // A create replayed over an existing node still advances the parent's cversion and pzxid.
        else if (err === 'node-exists' && !this.setCversionPzxid(parentOf(body.path), body.parentCVersion, zxid)) err = 'no-node';
        break;
      }
      case 'delete':
        path = body.path;
        err = this.deleteNode(body.path, zxid, fires);
        break;
      case 'set-data': {
        path = body.path;
        const node = this.setData(body.path, body.data, body.version, zxid, txn.time, fires);
        if (node === undefined) err = 'no-node';
        else stat = statOf(node);
        break;
      }
      case 'close-session':
        deleted = this.kill(txn.sessionId, zxid, body.paths2Delete, fires);
        break;
      case 'create-session':
        break; // the sessions map is the database's (R55)
      case 'error':
        err = body.code;
        break;
    }
    if (zxid > this.lastZxid) this.lastZxid = zxid;
    return { zxid, sessionId: txn.sessionId, cxid: txn.cxid, type: body.type, err, path, stat, deleted, fires };
  }

  /**
   * Deletes every ephemeral of `sessionId` without a txn (ZooKeeper's loadData cleanup, R63); does not
   * move lastProcessedZxid. Returns the deleted paths and the watches fired.
   */
  killSession(sessionId: SessionId, zxid: Zxid): { deleted: readonly string[]; fires: readonly WatchFire[] } {
    const fires: WatchFire[] = [];
    const deleted = this.kill(sessionId, zxid, null, fires);
    return { deleted, fires };
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** A copy of the node at `path`, or undefined. */
  getNode(path: string): ZNodeView | undefined {
    const n = this.nodes.get(path);
    if (n === undefined) return undefined;
    return { path, data: n.data, stat: statOf(n), children: Array.from(n.children).sort(), persistedCversion: n.cversion };
  }

  /** The client-visible Stat of `path`, or null when it does not exist (the exists reply). */
  exists(path: string): Stat | null {
    const n = this.nodes.get(path);
    return n === undefined ? null : statOf(n);
  }

  /** Sorted child names of `path`, or undefined when it does not exist. */
  getChildren(path: string): string[] | undefined {
    const n = this.nodes.get(path);
    return n === undefined ? undefined : Array.from(n.children).sort();
  }

  /** Sorted paths of the ephemerals owned by `sessionId` (DataTree.getEphemerals). */
  getEphemerals(sessionId: SessionId): string[] {
    const set = this.ephemerals.get(sessionId);
    return set === undefined ? [] : Array.from(set).sort();
  }

  /** Sessions owning at least one ephemeral, ascending (for loadData's cleanup, R63). */
  sessionsWithEphemerals(): SessionId[] {
    return Array.from(this.ephemerals.keys()).sort(compareSessionIds);
  }

  // ---------------------------------------------------------------------------------------------
  // Watches

  /**
   * Registers a one-shot data watch. ZooKeeper's exists registers it even for a missing node (it then
   * fires NodeCreated); getData registers only after finding the node. The caller decides.
   */
  addDataWatch(path: string, watcher: string): void {
    this.dataWatches.add(path, watcher);
  }

  /** Registers a one-shot child watch; ZooKeeper's getChildren does so only for an existing node. */
  addChildWatch(path: string, watcher: string): void {
    this.childWatches.add(path, watcher);
  }

  /** Drops every watch of a connection (DataTree.removeCnxn, R36). */
  removeWatcher(watcher: string): void {
    this.dataWatches.removeWatcher(watcher);
    this.childWatches.removeWatcher(watcher);
  }

  /** Data-watch holders of `path`, in registration order. */
  dataWatchers(path: string): string[] {
    return this.dataWatches.watchersOf(path);
  }

  /** Child-watch holders of `path`, in registration order. */
  childWatchers(path: string): string[] {
    return this.childWatches.watchersOf(path);
  }

  /** Total number of registered (path, watcher) watches of both kinds. */
  get watchCount(): number {
    return this.dataWatches.count + this.childWatches.count;
  }

  /**
   * Re-registers a reconnecting client's watches (DataTree.setWatches, R61) and returns the events it
   * missed, in list order: data, then exist, then child watches. Those carry zxid NO_ZXID.
   */
  setWatches(relativeZxid: Zxid, dataWatches: readonly string[], existWatches: readonly string[], childWatches: readonly string[], watcher: string): WatchFire[] {
    const out: WatchFire[] = [];
    const fire = (event: WatchEventType, path: string): void => {
      out.push({ watcher, event, path, zxid: NO_ZXID });
    };
    for (const path of dataWatches) {
      const n = this.nodes.get(path);
      if (n === undefined) fire('node-deleted', path);
      else if (n.mzxid > relativeZxid) fire('node-data-changed', path);
      else this.dataWatches.add(path, watcher);
    }
    for (const path of existWatches) {
      if (this.nodes.has(path)) fire('node-created', path);
      else this.dataWatches.add(path, watcher);
    }
    for (const path of childWatches) {
      const n = this.nodes.get(path);
      if (n === undefined) fire('node-deleted', path);
      else if (n.pzxid > relativeZxid) fire('node-children-changed', path);
      else this.childWatches.add(path, watcher);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshots

  /** The tree as a Snapshot at lastProcessedZxid: nodes depth-first, parents before children, children sorted. */
  serialize(sessions: Iterable<readonly [SessionId, number]>): Snapshot {
    const nodes: SnapshotNode[] = [];
    const stack = ['/'];
    while (stack.length > 0) {
      const path = stack.pop() as string;
      const n = this.nodes.get(path) as ZNode;
      nodes.push({ path, data: n.data, stat: statOf(n) });
      const kids = Array.from(n.children).sort();
      for (let i = kids.length - 1; i >= 0; i--) stack.push(path === '/' ? '/' + kids[i] : path + '/' + kids[i]);
    }
    const sessionList = Array.from(sessions, ([id, t]) => [id, t] as const).sort((a, b) => compareSessionIds(a[0], b[0]));
    return { zxid: this.lastZxid, nodes, sessions: sessionList };
  }

  /** Rebuilds a tree from a snapshot (sessions are the database's business; watches are not persisted). */
  static fromSnapshot(snap: Snapshot): DataTree {
    const tree = new DataTree();
    const first = snap.nodes[0];
    assert(first !== undefined && first.path === '/', 'a snapshot starts with the root');
    for (const { path, data, stat } of snap.nodes) {
      // Stat carries the client-visible cversion (2·persisted − numChildren); invert it.
      const persisted = (stat.cversion + stat.numChildren) / 2;
      if (!(Number.isInteger(persisted))) assert(false, `snapshot stat of ${path} has an impossible cversion`);
      const node: ZNode = {
        data, czxid: stat.czxid, mzxid: stat.mzxid, pzxid: stat.pzxid, ctime: stat.ctime, mtime: stat.mtime,
        version: stat.version, cversion: persisted, ephemeralOwner: stat.ephemeralOwner, children: new Set(),
      };
      if (path !== '/') {
        assertPath(path);
        const parent = tree.nodes.get(parentOf(path));
        if (!(parent !== undefined)) assert(false, `snapshot lists ${path} before its parent`);
        if (!(!tree.nodes.has(path))) assert(false, `snapshot lists ${path} twice`);
        parent.children.add(path.slice(path.lastIndexOf('/') + 1));
        if (node.ephemeralOwner !== NO_SESSION) tree.indexEphemeral(node.ephemeralOwner, path);
      }
      tree.nodes.set(path, node);
    }
    for (const { path, stat } of snap.nodes) {
      if (!((tree.nodes.get(path) as ZNode).children.size === stat.numChildren)) assert(false, `snapshot numChildren of ${path} disagrees with its children`);
    }
    tree.lastZxid = snap.zxid;
    return tree;
  }

  // ---------------------------------------------------------------------------------------------
  // Mutations (DataTree.createNode / deleteNode / setData / killSession)

  private createNode(path: string, data: string, owner: SessionId, parentCVersion: number, zxid: Zxid, time: number, fires: WatchFire[]): ErrorCode {
    assertPath(path);
    assert(path !== '/', 'cannot create the root');
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) return 'no-node';
    if (this.nodes.has(path)) return 'node-exists';
    // -1 means "one more than now"; a replayed create never moves cversion or pzxid backwards.
    const cversion = parentCVersion === -1 ? parent.cversion + 1 : parentCVersion;
    if (cversion > parent.cversion) {
      parent.cversion = cversion;
      parent.pzxid = zxid;
    }
    parent.children.add(path.slice(path.lastIndexOf('/') + 1));
    this.nodes.set(path, newNode(data, zxid, time, owner));
    if (owner !== NO_SESSION) this.indexEphemeral(owner, path);
    this.dataWatches.trigger(path, 'node-created', zxid, fires, null);
    this.childWatches.trigger(parentPath, 'node-children-changed', zxid, fires, null);
    return 'ok';
  }

  /** R59. Like ZooKeeper, a missing node under an existing parent still advances the parent's pzxid. */
  private deleteNode(path: string, zxid: Zxid, fires: WatchFire[]): ErrorCode {
    assertPath(path);
    assert(path !== '/', 'cannot delete the root');
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) return 'no-node';
    parent.children.delete(path.slice(path.lastIndexOf('/') + 1));
    if (zxid > parent.pzxid) parent.pzxid = zxid; // R59: pzxid only if larger; cversion untouched
    const node = this.nodes.get(path);
    if (node === undefined) return 'no-node';
    if (!(node.children.size === 0)) assert(false, `deleting ${path}, which still has children`);
    this.nodes.delete(path);
    if (node.ephemeralOwner !== NO_SESSION) {
      const set = this.ephemerals.get(node.ephemeralOwner);
      if (set !== undefined) {
        set.delete(path);
        if (set.size === 0) this.ephemerals.delete(node.ephemeralOwner);
      }
    }
    // R59: data watches fire NodeDeleted; child watches on the path too, but not twice for one watcher.
    const notified = this.dataWatches.trigger(path, 'node-deleted', zxid, fires, null);
    this.childWatches.trigger(path, 'node-deleted', zxid, fires, notified);
    this.childWatches.trigger(parentPath, 'node-children-changed', zxid, fires, null);
    return 'ok';
  }

  /** Sets data, mtime, mzxid and the version the txn carries (prep already incremented it). */
  private setData(path: string, data: string, version: number, zxid: Zxid, time: number, fires: WatchFire[]): ZNode | undefined {
    assertPath(path);
    const node = this.nodes.get(path);
    if (node === undefined) return undefined;
    node.data = data;
    node.mtime = time;
    node.mzxid = zxid;
    node.version = version;
    this.dataWatches.trigger(path, 'node-data-changed', zxid, fires, null);
    return node;
  }

  /**
   * R55 killSession: delete every path of the txn, then any ephemeral of the session the txn did not
   * list (ascending, where ZooKeeper uses hash order); missing nodes are ignored. Returns what was deleted.
   */
  private kill(sessionId: SessionId, zxid: Zxid, paths2Delete: readonly string[] | null, fires: WatchFire[]): string[] {
    const local = this.ephemerals.get(sessionId);
    this.ephemerals.delete(sessionId);
    const deleted: string[] = [];
    if (paths2Delete !== null) {
      for (const path of paths2Delete) {
        if (this.deleteNode(path, zxid, fires) === 'ok') deleted.push(path);
        local?.delete(path);
      }
    }
    if (local !== undefined) {
      for (const path of Array.from(local).sort()) if (this.deleteNode(path, zxid, fires) === 'ok') deleted.push(path);
    }
    return deleted;
  }

  private setCversionPzxid(path: string, cversion: number, zxid: Zxid): boolean {
    const node = this.nodes.get(path);
    if (node === undefined) return false;
    const next = cversion === -1 ? node.cversion + 1 : cversion;
    if (next > node.cversion) {
      node.cversion = next;
      node.pzxid = zxid;
    }
    return true;
  }

  private indexEphemeral(owner: SessionId, path: string): void {
    let set = this.ephemerals.get(owner);
    if (set === undefined) this.ephemerals.set(owner, (set = new Set()));
    set.add(path);
  }
}

function newNode(data: string, zxid: Zxid, time: number, owner: SessionId): ZNode {
  return { data, czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, ephemeralOwner: owner, children: new Set() };
}

/** DataNode.copyStat: the client sees cversion as 2·(creates) − (current children), i.e. creates + deletes. */
function statOf(n: ZNode): Stat {
  const numChildren = n.children.size;
  return {
    czxid: n.czxid, mzxid: n.mzxid, pzxid: n.pzxid, ctime: n.ctime, mtime: n.mtime, version: n.version,
    cversion: n.cversion * 2 - numChildren, ephemeralOwner: n.ephemeralOwner, dataLength: utf8Length(n.data), numChildren,
  };
}
