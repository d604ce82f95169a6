// The follower role (Follower + Learner): connect to the leader, FOLLOWERINFO / LEADERINFO / ACKEPOCH,
// sync by DIFF, TRUNC or SNAP (R67), NEWLEADER (log, take the new epoch, ACK) and UPTODATE (start serving
// with a fresh LearnerSessionTracker), then broadcast: log and ACK proposals, apply commits that match the
// head of the pending txns (R54), answer PINGs with the touch table (R44), REVALIDATE for reconnecting
// clients (R41). Silence from the leader for the socket timeout (initLimit, then syncLimit ticks) or a
// broken channel ends the role: the server goes LOOKING and closes its clients (R70, R71).
import type { ConnId } from '@zksim/network';
import type { QuorumMessage, ServerId, SessionId, Txn, Zxid } from '@zksim/protocol';
import { zxidHex } from '@zksim/protocol';
import type { ServerCnxn } from './client-cnxn-factory.ts';
import { ZkDatabase } from './zk-database.ts';
import type { ServerNode } from './server-node.ts';

/** The follower role of one server, following one leader. */
export class Follower {
  readonly leaderSid: ServerId;
  conn: ConnId | null = null;
  stage: 'connecting' | 'handshake' | 'syncing' | 'newleader-acked' | 'broadcast' = 'connecting';
  /** Logged proposals waiting for their COMMIT, oldest first. */
  readonly pendingTxns: Txn[] = [];
  readonly pendingRevalidations = new Map<SessionId, ServerCnxn>();
  private readonly node: ServerNode;
  private readonly gen: number;
  private readonly startedAt: number;
  private newEpoch = -1;
  private hasHeardLeader = false;
  private lastRecv = 0;
  /** Proposals received during sync (before NEWLEADER), and whether each got its commit. */
  private syncProposals: Txn[] = [];

  constructor(node: ServerNode, leaderSid: ServerId, gen: number) {
    this.node = node;
    this.leaderSid = leaderSid;
    this.gen = gen;
    this.startedAt = node.localNow();
  }

  /** Learner.connectToLeader. */
  start(): void {
    this.connect();
  }

  onConnected(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.stage = 'handshake';
    this.lastRecv = this.node.localNow();
    this.armReadTimeout();
    const db = this.node.db;
    this.node.sendQuorum(conn, { type: 'q-followerinfo', sid: this.node.sid, acceptedEpoch: db.readEpoch('acceptedEpoch'), lastLoggedZxid: db.lastLoggedZxid });
  }

  onConnectFailed(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.conn = null;
    const cfg = this.node.config;
    if (this.node.localNow() - this.startedAt + cfg.learnerConnectRetryMs > cfg.initLimit * cfg.tickTimeMs) {
      this.node.followerLost(`could not connect to leader s${this.leaderSid}`);
      return;
    }
    this.node.setTimer(cfg.learnerConnectRetryMs, 'follower-connect', { gen: this.gen });
  }

  onClosed(conn: ConnId): void {
    if (conn !== this.conn) return;
    if (this.stage === 'handshake' && !this.hasHeardLeader) {
      // The peer is not leading yet (in ZooKeeper its quorum port would refuse us): retry within initLimit.
      this.onConnectFailed(conn);
      return;
    }
    this.conn = null;
    this.node.followerLost(`connection to leader s${this.leaderSid} closed`);
  }

  onTimer(tag: string, data: unknown): void {
    if ((data as { gen: number }).gen !== this.gen) return;
    if (tag === 'follower-connect') this.connect();
    else if (tag === 'follower-read') this.checkReadTimeout();
  }

  /** A packet from the leader. */
  onMessage(conn: ConnId, m: QuorumMessage): void {
    if (conn !== this.conn) return;
    this.hasHeardLeader = true;
    this.lastRecv = this.node.localNow();
    const node = this.node;
    switch (m.type) {
      case 'q-leaderinfo': {
        const accepted = node.db.readEpoch('acceptedEpoch');
        if (m.newEpoch < accepted) {
          node.followerLost(`leader's epoch ${m.newEpoch} is less than accepted epoch ${accepted}`);
          return;
        }
        const currentEpoch = m.newEpoch > accepted ? node.db.readEpoch('currentEpoch') : -1;
        if (m.newEpoch > accepted) node.db.writeEpoch('acceptedEpoch', m.newEpoch);
        this.newEpoch = m.newEpoch;
        this.stage = 'syncing';
        node.sendQuorum(conn, { type: 'q-ackepoch', currentEpoch, lastLoggedZxid: node.db.lastLoggedZxid });
        return;
      }
      case 'q-diff':
        node.trace('zab-sync-received', { mode: 'DIFF', zxid: zxidHex(m.zxid) });
        return;
      case 'q-trunc':
        node.trace('zab-sync-received', { mode: 'TRUNC', zxid: zxidHex(m.zxid) });
        node.replaceDatabase(node.db.truncateTo(m.zxid));
        return;
      case 'q-snap':
        node.trace('zab-sync-received', { mode: 'SNAP', zxid: zxidHex(m.zxid) });
        node.replaceDatabase(ZkDatabase.fromLeaderSnapshot(node.durable, node.config.commitLogCount, m.snapshot));
        return;
      case 'q-proposal':
        return this.onProposal(m.txn);
      case 'q-commit':
        return this.onCommit(m.zxid);
      case 'q-newleader':
        return this.onNewLeader(m.zxid);
      case 'q-uptodate':
        return this.onUpToDate();
      case 'q-ping':
        // R44: answer with the touch table; a learner ignores PINGs until it has finished syncing.
        if (this.stage === 'broadcast') node.sendQuorum(conn, { type: 'q-ping', zxid: m.zxid, touches: node.takeTouchTable() });
        return;
      case 'q-revalidate-reply': {
        const cnxn = this.pendingRevalidations.get(m.sessionId);
        this.pendingRevalidations.delete(m.sessionId);
        if (cnxn !== undefined) node.finishSessionInit(cnxn, m.valid);
        return;
      }
      case 'q-sync':
        node.syncAnswered(m.sessionId, m.cxid);
        return;
      default:
        return;
    }
  }

  /** R32: ask the leader to validate a reconnecting session. */
  revalidate(cnxn: ServerCnxn, sessionId: SessionId, timeoutMs: number): void {
    if (this.conn === null) return;
    this.pendingRevalidations.set(sessionId, cnxn);
    this.node.sendQuorum(this.conn, { type: 'q-revalidate', sessionId, timeoutMs });
  }

  /** Forwards a request to the leader (FollowerRequestProcessor). */
  forward(m: QuorumMessage): void {
    if (this.conn !== null) this.node.sendQuorum(this.conn, m);
  }

  /** Learner.shutdown: close the channel (the node closes clients and goes LOOKING). */
  shutdown(): void {
    this.pendingRevalidations.clear();
    if (this.conn !== null) this.node.closeQuorumConn(this.conn);
    this.conn = null;
  }

  private connect(): void {
    this.conn = this.node.connectToPeer(this.leaderSid, 'quorum');
  }

  private onProposal(txn: Txn): void {
    const node = this.node;
    if (this.stage === 'syncing' || this.stage === 'handshake') {
      this.syncProposals.push(txn); // logged at NEWLEADER
      return;
    }
    const last = this.pendingTxns.length > 0 ? (this.pendingTxns[this.pendingTxns.length - 1] as Txn).zxid : node.db.lastLoggedZxid;
    if (txn.zxid !== last + 1 && txn.zxid % 0x1_0000_0000 !== 1) {
      node.trace('zab-gap', { expected: zxidHex(last + 1), got: zxidHex(txn.zxid) }); // R86: gaps are logged
    }
    this.pendingTxns.push(txn);
    node.db.logTxn(txn);
    if (node.kernel.trace.enabled) node.trace('zab-logged', { zxid: zxidHex(txn.zxid), txn: txn.body.type, sessionId: txn.sessionId });
    if (node.config.bugs.has('apply-close-before-commit') && txn.body.type === 'close-session') node.applyEarly(txn);
    // Between NEWLEADER and UPTODATE the proposal is logged now and ACKed with the others at UPTODATE.
    if (this.stage === 'broadcast') node.sendQuorum(this.conn as ConnId, { type: 'q-ack', zxid: txn.zxid });
  }

  private onCommit(zxid: Zxid): void {
    const node = this.node;
    if (this.stage === 'syncing' || this.stage === 'handshake') {
      // During sync: apply the matching proposal straight to the database (nothing is served yet).
      const i = this.syncProposals.findIndex((t) => t.zxid === zxid);
      if (i < 0) return;
      const [txn] = this.syncProposals.splice(i, 1);
      if (txn !== undefined) {
        node.db.logTxn(txn);
        node.db.processTxn(txn, null);
      }
      return;
    }
    const head = this.pendingTxns[0];
    if (head === undefined || head.zxid !== zxid) {
      node.followerLost(`committing zxid ${zxidHex(zxid)} but next pending txn is ${head === undefined ? 'none' : zxidHex(head.zxid)}`);
      return;
    }
    this.pendingTxns.shift();
    node.commitLocally(head);
  }

  private onNewLeader(zxid: Zxid): void {
    const node = this.node;
    // Log what arrived during sync but is not committed yet; it waits for its COMMIT.
    for (const txn of this.syncProposals) {
      node.db.logTxn(txn);
      this.pendingTxns.push(txn);
    }
    this.syncProposals = [];
    node.db.writeEpoch('currentEpoch', this.newEpoch);
    this.stage = 'newleader-acked';
    node.trace('zab-newleader', { epoch: this.newEpoch, zxid: zxidHex(zxid) });
    node.sendQuorum(this.conn as ConnId, { type: 'q-ack', zxid });
  }

  private onUpToDate(): void {
    const node = this.node;
    this.stage = 'broadcast';
    this.armReadTimeout(); // the socket timeout is syncLimit·tickTime from now on
    node.startServing('follower'); // R67: LearnerSessionTracker over the synced map, empty touch table
    for (const txn of this.pendingTxns) node.sendQuorum(this.conn as ConnId, { type: 'q-ack', zxid: txn.zxid });
  }

  private armReadTimeout(): void {
    const cfg = this.node.config;
    const limit = (this.stage === 'broadcast' ? cfg.syncLimit : cfg.initLimit) * cfg.tickTimeMs;
    this.node.setTimerAt(this.lastRecv + limit, 'follower-read', { gen: this.gen });
  }

  private checkReadTimeout(): void {
    if (this.conn === null) return;
    const cfg = this.node.config;
    const limit = (this.stage === 'broadcast' ? cfg.syncLimit : cfg.initLimit) * cfg.tickTimeMs;
    if (this.node.localNow() - this.lastRecv >= limit) {
      this.node.followerLost(`no packet from leader s${this.leaderSid} for ${limit} ms (socket read timeout)`);
      return;
    }
    this.armReadTimeout();
  }
}
