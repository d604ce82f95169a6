// One ZooKeeper server (QuorumPeer + its ZooKeeperServer) on the simulated network. It owns the peer state
// (LOOKING / FOLLOWING / LEADING), the election channels, the database, and — while serving — the session
// tracker and the request pipeline. Roles come and go: a lost leader or quorum sends the server back to
// LOOKING, which closes every client connection (R70) and fast-forwards the database from its log. A crash is
// modelled by dropping this object; a restart builds a new one over the same durable store.
import { DenseMap } from '@zksim/kernel';
import type { DurableStore, Kernel, NodeId, TimerHandler } from '@zksim/kernel';
import type { CloseReason, ConnId, ConnectFailure, NetEndpoint, Network } from '@zksim/network';
import type { ClientRequest, ElectionNotification, PeerState, QuorumMessage, ServerId, SessionId, TouchTable, Txn, WatchEventType, ZkMessage } from '@zksim/protocol';
import { XID_PING, checkPasswd, generatePasswd, zxidHex } from '@zksim/protocol';
import { ClientCnxnFactory, type ServerCnxn } from './client-cnxn-factory.ts';
import { CommitProcessor } from './commit-processor.ts';
import type { WatchFire } from './data-tree.ts';
import { FastLeaderElection } from './election.ts';
import { FinalRequestProcessor } from './final-request-processor.ts';
import { Follower } from './follower.ts';
import { Leader } from './leader.ts';
import { LearnerSessionTracker } from './learner-session-tracker.ts';
import { PrepRequestProcessor } from './prep-request-processor.ts';
import { HierarchicalQuorum, MajorityQuorum, type QuorumVerifier } from './quorum-verifier.ts';
import { makeRequest, needsTxn, pathOf, type CnxnRef, type Request } from './request.ts';
import { negotiateTimeout, type EnsembleConfig } from './server-config.ts';
import { sessionHandlesFor } from './session-handles.ts';
import type { SessionHandles } from './session-handles.ts';
import { SessionTrackerImpl } from './session-tracker.ts';
import { ZkDatabase, type SessionEventSink } from './zk-database.ts';

/** How to build a server node. */
export interface ServerNodeOptions {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  readonly node: NodeId;
  readonly sid: ServerId;
  readonly config: EnsembleConfig;
  /** Node id of every voter, by myid. */
  readonly peers: ReadonlyMap<ServerId, NodeId>;
}

type ConnKind = 'client' | 'election-in' | 'election-out' | 'quorum-in' | 'quorum-out';

interface ElectionPeer {
  /** Our outgoing election connection to the peer. */
  conn: ConnId | null;
  isOpen: boolean;
  pending: ElectionNotification | null;
  /** The connection the peer's last notification came in on (replies go back on it, as on ZooKeeper's single channel). */
  lastIn: ConnId | null;
  /** Something arrived from the peer since the last notification timeout. */
  isHeard: boolean;
}

/** One server of the ensemble. */
export class ServerNode implements NetEndpoint<ZkMessage>, TimerHandler {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  readonly node: NodeId;
  readonly name: string;
  readonly sid: ServerId;
  readonly config: EnsembleConfig;
  readonly verifier: QuorumVerifier;
  readonly durable: DurableStore;
  state: PeerState = 'looking';
  db: ZkDatabase;
  readonly election: FastLeaderElection;
  leader: Leader | null = null;
  follower: Follower | null = null;
  /** The leader's global tracker or a learner's tracker; null while not serving. */
  tracker: SessionTrackerImpl | LearnerSessionTracker | null = null;
  prep: PrepRequestProcessor | null = null;
  commit: CommitProcessor | null = null;
  readonly cnxns: ClientCnxnFactory;
  isServing = false;
  private readonly peers: ReadonlyMap<ServerId, NodeId>;
  /** The kind of each of this server's connections, by connection id. */
  private readonly connKinds = new DenseMap<ConnKind>();
  private readonly electionPeers = new Map<ServerId, ElectionPeer>();
  private roleGen = 0;
  private expiryTimerAt = Infinity;
  private readonly localOwner: string;
  /** Session handles, shared by every server of the simulation (session-handles.ts). */
  private readonly sessionHandles: SessionHandles;

  constructor(o: ServerNodeOptions) {
    this.kernel = o.kernel;
    this.network = o.network;
    this.node = o.node;
    this.name = o.kernel.nodeName(o.node);
    this.sid = o.sid;
    this.config = o.config;
    this.peers = o.peers;
    this.durable = o.kernel.durable(o.node);
    this.localOwner = `local:${this.name}#${o.kernel.incarnation(o.node)}`;
    this.sessionHandles = sessionHandlesFor(o.kernel);
    this.verifier = o.config.groups !== undefined && o.config.weights !== undefined
      ? new HierarchicalQuorum(o.config.groups, o.config.weights)
      : new MajorityQuorum(o.config.voters);
    this.db = ZkDatabase.load(this.durable, o.config.commitLogCount);
    const self = this;
    this.election = new FastLeaderElection({
      sid: this.sid,
      verifier: this.verifier,
      sendNotification: (to, n) => self.sendNotification(to, n),
      setElectionTimer: (delay, tag) => self.setTimer(delay, tag, null),
      cancelTimer: (id) => { if (id >= 0) self.kernel.cancel(id); },
      decide: (leader) => self.onElected(leader),
      trace: (type, fields) => self.trace(type, fields),
    }, o.config.finalizeWaitMs, o.config.maxNotificationIntervalMs);
    this.cnxns = new ClientCnxnFactory({
      name: this.name,
      network: this.network,
      node: this.node,
      cnxnTimeoutMs: o.config.cnxnTimeoutMs,
      sessionHandles: this.sessionHandles,
      isServing: () => self.isServing,
      lastProcessedZxid: () => self.db.lastProcessedZxid,
      negotiateTimeout: (ms) => negotiateTimeout(self.config, ms),
      localNow: () => self.localNow(),
      armCnxnExpiry: (at) => { self.setTimerAt(at, 'cnxn-expiry', null); },
      createSession: (cnxn, timeout) => self.createSession(cnxn, timeout),
      revalidateSession: (cnxn, id, timeout) => self.revalidateSession(cnxn, id, timeout),
      checkPasswd: (id, pw) => checkPasswd(id, pw),
      passwdOf: (id) => generatePasswd(id),
      submitRequest: (slot, req) => self.submitClientRequest(slot, req),
      removeWatches: (token) => self.db.tree.removeWatcher(token),
      peerName: (node) => self.kernel.nodeName(node),
      trace: (type, fields) => self.trace(type, fields),
    });
    this.kernel.setTimerHandler(this.node, this);
    this.network.attach(this.node, this, { listening: true });
  }

  /** Starts the peer: LOOKING, first election. */
  start(): void {
    this.trace('server-start', { sid: this.sid, lastLoggedZxid: zxidHex(this.db.lastLoggedZxid), currentEpoch: this.db.readEpoch('currentEpoch') });
    this.election.start(this.db.lastLoggedZxid, this.db.readEpoch('currentEpoch'));
  }

  // ---------------------------------------------------------------------------------------------
  // Clocks, timers, trace

  localNow(): number {
    return this.kernel.localNow(this.node);
  }

  wallNow(): number {
    return this.kernel.wallNow(this.node);
  }

  setTimer(delayMs: number, tag: string, data: unknown): number {
    return this.kernel.setTimer(this.node, Math.max(0, Math.floor(delayMs)), tag, data);
  }

  setTimerAt(localMs: number, tag: string, data: unknown): number {
    return this.kernel.setTimerAt(this.node, localMs, tag, data);
  }

  trace(type: string, fields: Record<string, unknown>): void {
    if (this.kernel.trace.enabled) this.kernel.trace.emit(this.name, type, fields);
  }

  onTimer(tag: string, data: unknown): void {
    switch (tag) {
      case 'fle-timeout':
        this.refreshElectionChannels();
        this.election.onTimer(tag);
        return;
      case 'fle-finalize':
        this.election.onTimer(tag);
        return;
      case 'cnxn-expiry':
        this.cnxns.expireIdle();
        return;
      case 'session-expiry':
        if ((data as { gen: number }).gen === this.roleGen) this.runExpiry();
        return;
      case 'rogue-expiry':
        if ((data as { gen: number }).gen === this.roleGen) this.runRogueExpiry();
        return;
      default:
        if (tag.startsWith('leader-')) this.leader?.onTimer(tag, data);
        else if (tag.startsWith('follower-')) this.follower?.onTimer(tag, data);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Network endpoint

  onAccepted(conn: ConnId, peer: NodeId, tag: string): void {
    if (tag === 'election') this.connKinds.set(conn, 'election-in');
    else if (tag === 'quorum') {
      if (this.leader === null) {
        this.network.close(conn, this.node); // nobody listens on the quorum port unless leading
        return;
      }
      this.connKinds.set(conn, 'quorum-in');
      this.leader.onLearnerConnected(conn);
    } else {
      this.connKinds.set(conn, 'client');
      this.cnxns.onAccepted(conn, peer);
    }
  }

  onConnected(conn: ConnId): void {
    const kind = this.connKinds.get(conn);
    if (kind === 'quorum-out') this.follower?.onConnected(conn);
    else if (kind === 'election-out') {
      for (const p of this.electionPeers.values()) {
        if (p.conn !== conn) continue;
        p.isOpen = true;
        if (p.pending !== null) this.network.send(conn, this.node, p.pending);
        p.pending = null;
      }
    }
  }

  onConnectFailed(conn: ConnId, _reason: ConnectFailure): void {
    const kind = this.connKinds.get(conn);
    this.connKinds.delete(conn);
    if (kind === 'quorum-out') this.follower?.onConnectFailed(conn);
    else if (kind === 'election-out') this.dropElectionConn(conn);
  }

  onMessage(conn: ConnId, m: ZkMessage, context: unknown): void {
    // Client connections first: the network hands over the factory's slot for the connection (bound at
    // accept), so the busiest path needs no lookup by id.
    if (typeof context === 'number' && this.cnxns.onMessage(conn, context, m)) return;
    const kind = this.connKinds.get(conn);
    switch (kind) {
      case 'client':
        return; // closed here already
      case 'election-in':
      case 'election-out':
        if (m.type === 'e-notification') this.onNotification(m, conn);
        return;
      case 'quorum-in':
        this.leader?.onMessage(conn, m as QuorumMessage);
        return;
      case 'quorum-out':
        this.follower?.onMessage(conn, m as QuorumMessage);
        return;
      default:
        return;
    }
  }

  onClosed(conn: ConnId, reason: CloseReason): void {
    const kind = this.connKinds.get(conn);
    this.connKinds.delete(conn);
    if (kind === 'client') this.cnxns.onClosed(conn, reason);
    else if (kind === 'quorum-in') this.leader?.onLearnerClosed(conn);
    else if (kind === 'quorum-out') this.follower?.onClosed(conn);
    else if (kind === 'election-out' || kind === 'election-in') this.dropElectionConn(conn);
  }

  /** Opens a connection to a peer server ('quorum' for a learner, 'election' for FLE). */
  connectToPeer(sid: ServerId, tag: 'quorum' | 'election'): ConnId {
    const conn = this.network.connect(this.node, this.peers.get(sid) as NodeId, tag);
    this.connKinds.set(conn, tag === 'quorum' ? 'quorum-out' : 'election-out');
    return conn;
  }

  sendQuorum(conn: ConnId, m: QuorumMessage): void {
    this.network.send(conn, this.node, m);
  }

  closeQuorumConn(conn: ConnId): void {
    this.connKinds.delete(conn);
    this.network.close(conn, this.node);
  }

  // ---------------------------------------------------------------------------------------------
  // Election and roles

  private electionPeer(sid: ServerId): ElectionPeer {
    let p = this.electionPeers.get(sid);
    if (p === undefined) {
      p = { conn: null, isOpen: false, pending: null, lastIn: null, isHeard: false };
      this.electionPeers.set(sid, p);
    }
    return p;
  }

  private sendNotification(to: ServerId, n: ElectionNotification): void {
    const p = this.electionPeer(to);
    if (p.isOpen && p.conn !== null) {
      this.network.send(p.conn, this.node, n);
      return;
    }
    p.pending = n; // QuorumCnxManager keeps only the latest message per peer
    if (p.conn === null) p.conn = this.connectToPeer(to, 'election');
  }

  /**
   * On every notification timeout (lookForLeader's connectAll): an outgoing channel to a peer we heard
   * nothing from since the last timeout may have died silently behind a partition; replace it.
   */
  private refreshElectionChannels(): void {
    for (const [sid, p] of this.electionPeers) {
      if (!p.isHeard && p.conn !== null) {
        this.connKinds.delete(p.conn);
        this.network.close(p.conn, this.node);
        p.conn = null;
        p.isOpen = false;
        p.pending = this.election.notification(this.state);
        p.conn = this.connectToPeer(sid, 'election');
      }
      p.isHeard = false;
    }
  }

  private dropElectionConn(conn: ConnId): void {
    for (const p of this.electionPeers.values()) {
      if (p.conn === conn) {
        p.conn = null;
        p.isOpen = false;
      }
      if (p.lastIn === conn) p.lastIn = null;
    }
  }

  private onNotification(n: ElectionNotification, conn: ConnId): void {
    const p = this.electionPeer(n.sid);
    p.isHeard = true;
    if (this.connKinds.get(conn) === 'election-in') p.lastIn = conn;
    if (this.state === 'looking') {
      // WorkerReceiver: a LOOKING peer that is a round behind gets our proposal back at once.
      if (n.state === 'looking' && n.electionEpoch < this.election.logicalclock) this.replyNotification(p, n.sid, this.election.notification('looking'));
      this.election.onNotification(n);
      return;
    }
    // WorkerReceiver: a peer that is not LOOKING answers a LOOKING peer with its current vote.
    if (n.state === 'looking') this.replyNotification(p, n.sid, this.election.notification(this.state));
  }

  /** Answers on the channel the peer's notification came in on, else on our own. */
  private replyNotification(p: ElectionPeer, to: ServerId, n: ElectionNotification): void {
    if (p.lastIn !== null && this.network.isOpen(p.lastIn)) this.network.send(p.lastIn, this.node, n);
    else this.sendNotification(to, n);
  }

  private onElected(leader: ServerId): void {
    this.roleGen++;
    this.expiryTimerAt = Infinity; // the previous role's expiry timer is stale (its gen no longer matches)
    if (leader === this.sid) {
      this.setState('leading');
      this.loadDataForLeader();
      this.leader = new Leader(this, this.roleGen);
      this.leader.start();
    } else {
      this.setState('following');
      this.follower = new Follower(this, leader, this.roleGen);
      this.follower.start();
    }
  }

  /** R63: kill, locally and without a txn, every session owning ephemerals but absent from the sessions map. */
  private loadDataForLeader(): void {
    const orphans = this.db.tree.sessionsWithEphemerals().filter((id) => !this.db.sessions.has(id));
    for (const id of orphans) {
      const { deleted } = this.db.tree.killSession(id, this.db.lastProcessedZxid);
      this.trace('orphan-ephemerals-deleted', { sessionId: id, paths: deleted });
    }
  }

  /** The leader lost its quorum or failed establishment (Leader.shutdown). */
  leaderLost(reason: string): void {
    if (this.leader === null) return;
    this.trace('leader-shutdown', { reason });
    this.leader.shutdown();
    this.leader = null;
    this.goLooking();
  }

  /** The follower lost its leader (Learner.shutdown). */
  followerLost(reason: string): void {
    if (this.follower === null) return;
    this.trace('follower-shutdown', { reason });
    this.follower.shutdown();
    this.follower = null;
    this.goLooking();
  }

  private goLooking(): void {
    this.roleGen++;
    this.expiryTimerAt = Infinity;
    this.stopServing('the server lost its leader or quorum');
    // ZooKeeperServer.shutdown(false) fast-forwards the database over logged but uncommitted txns. The
    // ZOOKEEPER-2355 bug (zoo) skips it, so a logged closeSession is never applied here.
    if (!this.config.bugs.has('zk-2355-follower-loses-close-session')) {
      const n = this.db.fastForward();
      if (n > 0) this.trace('db-fast-forward', { txns: n, zxid: zxidHex(this.db.lastProcessedZxid) });
    }
    this.setState('looking');
    this.election.start(this.db.lastLoggedZxid, this.db.readEpoch('currentEpoch'));
  }

  private setState(to: PeerState): void {
    const from = this.state;
    this.state = to;
    this.trace('peer-state', { from, to, epoch: this.db.readEpoch('currentEpoch') });
  }

  /** startZkServer / follower UPTODATE: build the tracker and the pipeline, accept clients. */
  startServing(role: 'leader' | 'follower'): void {
    const now = this.localNow();
    if (role === 'leader') {
      // Bug zoo: a new leader that counts deadlines from the ensemble's start instead of from now (R66).
      const keepOld = this.config.bugs.has('new-leader-keeps-old-deadlines');
      const tracker = new SessionTrackerImpl({
        tickTimeMs: this.config.tickTimeMs, serverId: this.sid, nowMs: keepOld ? 0 : now, sessionsWithTimeout: this.db.sessions, handles: this.sessionHandles,
      });
      this.tracker = tracker;
      this.trace('tracker-rebuilt', { sessions: this.db.sessions.size, deadline: keepOld ? 'old deadlines kept (bug)' : 'fresh full timeout from now (R13, R66)' });
      const self = this;
      this.prep = new PrepRequestProcessor({
        tree: this.db.tree,
        tracker,
        nextZxid: () => self.nextZxid(),
        localNow: () => self.localNow(),
        wallNow: () => self.wallNow(),
        ignoreInFlightChanges: this.config.bugs.has('prep-ignores-in-flight-changes'),
        trace: (t, f) => self.trace(t, f),
      });
      this.armExpiry();
    } else {
      this.tracker = new LearnerSessionTracker({ serverId: this.sid, nowMs: now, sessionsWithTimeout: this.db.sessions, handles: this.sessionHandles });
      this.prep = null;
      if (this.config.bugs.has('follower-expires-sessions')) {
        // Bug zoo: the follower runs an expiry queue of its own over the touches it sees locally.
        this.rogueTracker = new SessionTrackerImpl({
          tickTimeMs: this.config.tickTimeMs, serverId: this.sid, nowMs: now, sessionsWithTimeout: this.db.sessions, handles: this.sessionHandles,
        });
        this.armRogueExpiry();
      }
    }
    const self = this;
    const sink: SessionEventSink = {
      commitSession: (id, timeout) => self.tracker?.commitSession(id, timeout),
      removeSession: (id) => self.tracker?.removeSession(id),
    };
    this.commit = new CommitProcessor(new FinalRequestProcessor({
      get db() { return self.db; },
      sessionSink: sink,
      onApplied: (zxid) => self.prep?.onApplied(zxid),
      reply: (cnxn, xid, err, result) => self.cnxns.reply(cnxn, xid, self.db.lastProcessedZxid, err, result),
      notify: (fires) => self.notify(fires),
      closeCnxn: (cnxn, reason) => self.cnxns.close(cnxn, reason),
      closeSessionCnxns: (id, reason) => self.cnxns.closeSession(id, reason),
      finishSessionInit: (cnxn, valid) => self.finishSessionInit(cnxn, valid),
      trace: (t, f) => self.trace(t, f),
      traceEnabled: () => self.kernel.trace.enabled,
    }));
    this.isServing = true;
    this.trace('serving', { role, sessions: this.db.sessions.size, zxid: zxidHex(this.db.lastProcessedZxid) });
  }

  private rogueTracker: SessionTrackerImpl | null = null;

  private armRogueExpiry(): void {
    const t = this.rogueTracker;
    if (t !== null) this.setTimerAt(t.nextExpirationTime, 'rogue-expiry', { gen: this.roleGen });
  }

  private runRogueExpiry(): void {
    const t = this.rogueTracker;
    const f = this.follower;
    if (t === null || f === null) return;
    const now = this.localNow();
    while (t.getWaitTime(now) === 0) {
      for (const id of t.pollExpired(now)) {
        if (!this.db.sessions.has(id)) continue;
        this.trace('session-expire', { sessionId: id, bucket: now, timeoutMs: t.getSessionTimeout(id), rogue: true });
        f.forward({ type: 'q-request', sessionId: id, cxid: 0, request: { op: 'close-session' } });
      }
    }
    this.armRogueExpiry();
  }

  private stopServing(reason: string): void {
    this.rogueTracker = null;
    if (this.isServing) this.trace('not-serving', { reason });
    this.isServing = false;
    this.cnxns.closeAll('server not serving (LOOKING)'); // R70
    this.tracker = null;
    this.prep = null;
    this.commit?.clear();
    this.commit = null;
  }

  /** Replaces the database after TRUNC or SNAP sync. */
  replaceDatabase(db: ZkDatabase): void {
    this.db = db;
  }

  // ---------------------------------------------------------------------------------------------
  // Sessions and requests

  private nextZxid(): number {
    const l = this.leader as Leader;
    l.lastProposed += 1;
    return l.lastProposed;
  }

  /** R31: allocate an id here (R2) and submit createSession. */
  private createSession(cnxn: ServerCnxn, timeoutMs: number): void {
    const tracker = this.tracker;
    if (tracker === null) return;
    const id = tracker.createSession(timeoutMs, this.localNow());
    this.cnxns.assignSession(cnxn, id);
    this.trace('session-create', { sessionId: id, timeoutMs, client: this.kernel.nodeName(cnxn.client) });
    this.submit(makeRequest(id, 0, { op: 'create-session', timeoutMs }, cnxn, null), cnxn);
  }

  /** R32: revalidate a reconnecting session (leader: touch here; learner: REVALIDATE to the leader). */
  private revalidateSession(cnxn: ServerCnxn, id: SessionId, timeoutMs: number): void {
    if (this.leader !== null) {
      const valid = this.revalidateAtLeader(id, timeoutMs, this.localOwner);
      this.trace('revalidate', { sessionId: id, valid, at: 'leader' });
      this.finishSessionInit(cnxn, valid);
    } else if (this.follower !== null) {
      this.follower.revalidate(cnxn, id, timeoutMs);
    }
  }

  /** R41 / R32: a touch that also sets the owner when valid (R25b, R25c). */
  revalidateAtLeader(id: SessionId, timeoutMs: number, owner: string): boolean {
    const t = this.tracker;
    if (!(t instanceof SessionTrackerImpl)) return false;
    const valid = t.touchSession(id, timeoutMs, this.localNow());
    if (valid) t.setOwner(id, owner);
    return valid;
  }

  finishSessionInit(cnxn: CnxnRef, valid: boolean): void {
    const c = this.cnxns.get(cnxn.id);
    if (c !== undefined) this.cnxns.finishSessionInit(c, valid);
  }

  /** R44: the leader touches a session reported in a learner's PING reply. */
  touchFromLearner(id: SessionId, handle: number, timeoutMs: number, learner: ServerId): void {
    const t = this.tracker;
    if (!(t instanceof SessionTrackerImpl)) return;
    const ok = handle === -1 ? t.touchSession(id, timeoutMs, this.localNow()) : t.touchHandle(handle, timeoutMs, this.localNow());
    if (ok && this.kernel.trace.enabled) this.trace('session-touch', { sessionId: id, via: `s${learner}`, expiresAt: t.expiryTimeOf(id) });
    this.armExpiry();
  }

  /** A learner's touch table, emptied (R38 snapshot). */
  takeTouchTable(): TouchTable {
    const t = this.tracker;
    if (!(t instanceof LearnerSessionTracker)) return { ids: [], timeouts: [] };
    const table = t.snapshot();
    if (table.ids.length > 0 && this.kernel.trace.enabled) this.trace('touch-table-sent', { sessions: [...table.ids] });
    return table;
  }

  /**
   * submitRequestNow (R47): touch, then into the pipeline; a failed touch drops the request silently.
   * `slot` is the factory's slot of the open connection.
   */
  private submitClientRequest(slot: number, m: ClientRequest): void {
    const handle = this.cnxns.handleAt(slot);
    if (handle === -1) return; // no session
    const id = this.sessionHandles.idOf(handle);
    if (m.request.op === 'ping' && this.commit !== null && !this.commit.hasQueued(id)) {
      this.submitPing(slot, id, handle);
      return;
    }
    const cnxn = this.cnxns.cnxnAt(slot) as ServerCnxn;
    this.submit(makeRequest(id, m.xid, m.request, cnxn, this.localOwner), cnxn);
  }

  /**
   * The whole pipeline for a ping of a session with nothing queued, without building a Request: the touch
   * (R47), the leader's owner check in prep (R26), and the final stage's reply. Same outcome and trace as
   * the general path, which a ping behind pending writes still takes (R85).
   */
  private submitPing(slot: number, id: SessionId, handle: number): void {
    const t = this.tracker as SessionTrackerImpl | LearnerSessionTracker;
    const isLeader = t instanceof SessionTrackerImpl;
    const timeoutMs = this.cnxns.timeoutAt(slot);
    const ok = isLeader ? t.touchHandle(handle, timeoutMs, this.localNow()) : t.touchHandle(handle, id, timeoutMs);
    if (this.rogueTracker !== null) this.rogueTracker.trackSession(id, timeoutMs, this.localNow());
    if (!ok) {
      this.trace('request-dropped', { sessionId: id, xid: XID_PING, op: 'ping', reason: 'unknown or closing session (R47)' });
      return;
    }
    if (isLeader) {
      if (this.kernel.trace.enabled) this.trace('session-touch', { sessionId: id, via: 'client', expiresAt: t.expiryTimeOf(id) });
      const check = t.checkHandle(handle, this.localOwner);
      this.armExpiry();
      if (check === 'session-moved') {
        this.trace('session-moved', { sessionId: id, cxid: XID_PING, op: 'ping' });
        this.cnxns.close(this.cnxns.cnxnAt(slot) as ServerCnxn, 'SESSION_MOVED');
        return;
      }
      if (check !== 'ok') {
        this.cnxns.reply(this.cnxns.cnxnAt(slot) as ServerCnxn, XID_PING, this.db.lastProcessedZxid, 'session-expired', null);
        return;
      }
    }
    this.cnxns.replyPing(slot, this.db.lastProcessedZxid);
  }

  private submit(req: Request, cnxn: ServerCnxn | null): void {
    const t = this.tracker;
    if (t === null || this.commit === null) return;
    if (cnxn !== null) {
      const ok = t instanceof SessionTrackerImpl ? t.touchSession(req.sessionId, cnxn.timeoutMs, this.localNow()) : t.touchSession(req.sessionId, cnxn.timeoutMs);
      if (this.rogueTracker !== null) this.rogueTracker.trackSession(req.sessionId, cnxn.timeoutMs, this.localNow());
      if (!ok) {
        this.trace('request-dropped', { sessionId: req.sessionId, xid: req.cxid, op: req.op.op, reason: 'unknown or closing session (R47)' });
        return;
      }
      if (this.kernel.trace.enabled && this.leader !== null) this.trace('session-touch', { sessionId: req.sessionId, via: 'client', expiresAt: (t as SessionTrackerImpl).expiryTimeOf(req.sessionId) });
    }
    if (this.kernel.trace.enabled && req.op.op !== 'ping') this.trace('request', { sessionId: req.sessionId, xid: req.cxid, op: req.op.op, path: pathOf(req.op) });
    if (this.leader !== null) {
      this.submitToPrep(req);
      this.armExpiry();
      return;
    }
    // FollowerRequestProcessor: writes, session txns and syncs go to the leader; all wait here for their turn.
    const f = this.follower;
    if (f === null) return;
    const op = req.op;
    if (needsTxn(op.op) || op.op === 'sync') {
      this.commit.submit(req, true);
      f.forward({ type: 'q-request', sessionId: req.sessionId, cxid: req.cxid, request: op });
    } else {
      this.commit.submit(req, false);
    }
  }

  /** The leader's pipeline after the touch: prep, then propose (txn ops) or straight to the commit stage. */
  submitToPrep(req: Request): void {
    const prep = this.prep;
    const commit = this.commit;
    const leader = this.leader;
    if (prep === null || commit === null || leader === null) return;
    prep.prep(req);
    if (req.txn !== null) {
      if (req.cnxn !== null) commit.submit(req, true);
      leader.propose(req.txn);
    } else if (req.cnxn !== null) {
      commit.submit(req, false);
    }
  }

  /** A txn committed (leader) or its COMMIT arrived (follower): into the commit processor. */
  commitLocally(txn: Txn): void {
    if (this.commit !== null) this.commit.commit(txn);
    else this.db.processTxn(txn, null);
  }

  /** Bug zoo: a follower that applies closeSession when it logs the proposal. */
  applyEarly(txn: Txn): void {
    const { deleted, fires } = this.db.tree.killSession(txn.sessionId, txn.zxid);
    for (const path of deleted) this.trace('ephemeral-deleted', { path, owner: txn.sessionId, zxid: zxidHex(txn.zxid), early: true });
    this.notify(fires);
  }

  syncAnswered(sessionId: SessionId, cxid: number): void {
    this.commit?.syncDone(sessionId, cxid);
  }

  private notify(fires: readonly WatchFire[]): void {
    for (const f of fires) this.cnxns.notify(f.watcher, f.event as WatchEventType, f.path);
  }

  // ---------------------------------------------------------------------------------------------
  // Expiry (leader only, R20, R52)

  private armExpiry(): void {
    const t = this.tracker;
    if (!(t instanceof SessionTrackerImpl)) return;
    const at = t.nextExpirationTime;
    if (at >= this.expiryTimerAt && this.expiryTimerAt > this.localNow()) return;
    this.expiryTimerAt = at;
    this.setTimerAt(at, 'session-expiry', { gen: this.roleGen });
  }

  private runExpiry(): void {
    this.expiryTimerAt = Infinity;
    const t = this.tracker;
    if (!(t instanceof SessionTrackerImpl) || this.leader === null) return;
    const now = this.localNow();
    while (t.getWaitTime(now) === 0) {
      const bucket = t.nextExpirationTime;
      for (const id of t.pollExpired(now)) {
        // R20/R52: marked closing, then a closeSession with no connection and no owner.
        this.trace('session-expire', { sessionId: id, bucket, timeoutMs: t.getSessionTimeout(id) });
        this.submitToPrep(makeRequest(id, 0, { op: 'close-session' }, null, null));
      }
    }
    if (t.size > 0) this.armExpiry();
  }
}
