// A server's database (ZKDatabase): the in-memory data tree, the replicated sessions map id → timeout
// (R64), the committed log kept in memory for DIFF sync, and the durable txn log + snapshot in the
// node's DurableStore. Applying a txn goes through here so session events and tree changes stay
// together (R55). Runtime session state (deadlines, closing flags, owners) is not here: it is not
// persisted or replicated (R64).
import type { DurableStore } from '@zksim/kernel';
import type { SessionId, Snapshot, Txn, Zxid } from '@zksim/protocol';
import { DataTree, type TxnResult } from './data-tree.ts';

const LOG = 'txnlog';
const SNAPSHOT = 'snapshot';

/** Receives the session side of a txn (R55 processTxnForSessionEvents); the tracker in use implements it. */
export interface SessionEventSink {
  commitSession(id: SessionId, timeoutMs: number): void;
  removeSession(id: SessionId): void;
}

/** The in-memory database of one server, backed by its durable store. */
export class ZkDatabase {
  tree: DataTree;
  /** sessionsWithTimeout: the replicated sessions map (shared with the session tracker, R13). */
  readonly sessions: Map<SessionId, number>;
  /** Recently committed txns, oldest first (ZooKeeper's committedLog). */
  committedLog: Txn[] = [];
  private readonly store: DurableStore;
  private readonly commitLogCount: number;

  private constructor(store: DurableStore, commitLogCount: number, tree: DataTree, sessions: Map<SessionId, number>) {
    this.store = store;
    this.commitLogCount = commitLogCount;
    this.tree = tree;
    this.sessions = sessions;
  }

  /** Loads snapshot + every logged txn after it (a restart, or a new leader's loadData). */
  static load(store: DurableStore, commitLogCount: number): ZkDatabase {
    const snap = store.get(SNAPSHOT) as Snapshot | undefined;
    const tree = snap === undefined ? new DataTree() : DataTree.fromSnapshot(snap);
    const sessions = new Map<SessionId, number>(snap?.sessions ?? []);
    const db = new ZkDatabase(store, commitLogCount, tree, sessions);
    const from = snap?.zxid ?? 0;
    for (const rec of store.read(LOG)) {
      const txn = rec as Txn;
      if (txn.zxid > from) db.processTxn(txn, null);
    }
    return db;
  }

  /** Last zxid applied to the tree. */
  get lastProcessedZxid(): Zxid {
    return this.tree.lastProcessedZxid;
  }

  /** Last zxid in the durable txn log (or the snapshot's when the log is empty). */
  get lastLoggedZxid(): Zxid {
    const log = this.store.read(LOG);
    const last = log[log.length - 1] as Txn | undefined;
    const snap = this.store.get(SNAPSHOT) as Snapshot | undefined;
    return Math.max(last?.zxid ?? 0, snap?.zxid ?? 0, this.tree.lastProcessedZxid);
  }

  /** Smallest and largest zxid of the in-memory committed log (both lastProcessedZxid when empty). */
  committedRange(): { min: Zxid; max: Zxid } {
    const first = this.committedLog[0];
    const last = this.committedLog[this.committedLog.length - 1];
    if (first === undefined || last === undefined) return { min: this.lastProcessedZxid, max: this.lastProcessedZxid };
    return { min: first.zxid, max: last.zxid };
  }

  /** Appends a txn to the durable log and syncs it (SyncRequestProcessor). */
  logTxn(txn: Txn): void {
    this.store.append(LOG, txn);
    this.store.sync();
  }

  /** Applies a txn: session events first (via `sink`, or directly on the map), then the tree (R55). */
  processTxn(txn: Txn, sink: SessionEventSink | null): TxnResult {
    const b = txn.body;
    if (b.type === 'close-session') {
      if (sink !== null) sink.removeSession(txn.sessionId);
      else this.sessions.delete(txn.sessionId);
    } else if (b.type === 'create-session') {
      if (sink !== null) sink.commitSession(txn.sessionId, b.timeoutMs);
      else this.sessions.set(txn.sessionId, b.timeoutMs);
    }
    const result = this.tree.processTxn(txn);
    this.committedLog.push(txn);
    if (this.committedLog.length > this.commitLogCount) this.committedLog.shift();
    return result;
  }

  /** Applies every logged txn beyond lastProcessedZxid (ZKDatabase.fastForwardDataBase on shutdown). */
  fastForward(): number {
    let n = 0;
    const from = this.lastProcessedZxid;
    for (const rec of this.store.read(LOG)) {
      const txn = rec as Txn;
      if (txn.zxid > from) {
        this.processTxn(txn, null);
        n++;
      }
    }
    return n;
  }

  /** TRUNC: drops logged txns after `zxid` and reloads from disk. Returns the reloaded database. */
  truncateTo(zxid: Zxid): ZkDatabase {
    const log = this.store.read(LOG) as readonly Txn[];
    let keep = log.length;
    while (keep > 0 && (log[keep - 1] as Txn).zxid > zxid) keep--;
    this.store.truncate(LOG, keep);
    this.store.sync();
    return ZkDatabase.load(this.store, this.commitLogCount);
  }

  /** The snapshot of this database (tree + sessions map) at lastProcessedZxid. */
  snapshot(): Snapshot {
    return this.tree.serialize([...this.sessions.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }

  /** SNAP sync: replaces the database with the leader's snapshot and stores it (log emptied). */
  static fromLeaderSnapshot(store: DurableStore, commitLogCount: number, snap: Snapshot): ZkDatabase {
    store.put(SNAPSHOT, snap);
    store.truncate(LOG, 0);
    return new ZkDatabase(store, commitLogCount, DataTree.fromSnapshot(snap), new Map(snap.sessions));
  }

  /** Writes a snapshot of the current state to the durable store. */
  takeSnapshot(): void {
    this.store.put(SNAPSHOT, this.snapshot());
    this.store.sync();
  }

  /** Reads an epoch file (acceptedEpoch / currentEpoch); 0 when absent. */
  readEpoch(name: 'acceptedEpoch' | 'currentEpoch'): number {
    return (this.store.get(name) as number | undefined) ?? 0;
  }

  /** Writes and syncs an epoch file. */
  writeEpoch(name: 'acceptedEpoch' | 'currentEpoch', epoch: number): void {
    this.store.put(name, epoch);
    this.store.sync();
  }
}
