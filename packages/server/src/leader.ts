// The leader role (Leader + LearnerHandler): establishing the new epoch (FOLLOWERINFO quorum, new epoch =
// max accepted + 1, ACKEPOCH quorum, sync, NEWLEADER ACK quorum — each bounded by initLimit·tickTime,
// R66), syncing each learner by DIFF, TRUNC or SNAP (R67), ZAB broadcast with commits strictly in zxid
// order on a quorum (R54, R87, R88), the half-tick PING loop with touch tables (R44), the synced-quorum
// check (R45) and the per-learner syncLimit check. Learner requests enter prep without a touch (R42).
import type { ConnId } from '@zksim/network';
import type { ServerId, SessionId, TouchTable, Txn, Zxid, QuorumMessage } from '@zksim/protocol';
import { makeZxid, zxidHex } from '@zksim/protocol';
import { makeRequest } from './request.ts';
import { MajorityQuorum } from './quorum-verifier.ts';
import type { ServerNode } from './server-node.ts';

/** One connected learner, as the leader tracks it (LearnerHandler). */
export interface LearnerHandler {
  readonly conn: ConnId;
  readonly token: string;
  sid: ServerId;
  stage: 'info' | 'ackepoch-wait' | 'ackepoch-received' | 'synced' | 'newleader-acked' | 'uptodate';
  acceptedEpoch: number;
  lastLoggedZxid: Zxid;
  tickOfNextAckDeadline: number;
  lastRecvLocal: number;
  /** Proposals sent and not yet ACKed by this learner, oldest first: [zxid, sentAt]. */
  unacked: [Zxid, number][];
  forwarding: boolean;
}

interface Proposal {
  readonly txn: Txn;
  readonly acks: Set<ServerId>;
}

/** The leader role of one server for one epoch. */
export class Leader {
  readonly handlers = new Map<ConnId, LearnerHandler>();
  epoch = -1;
  established = false;
  lastProposed: Zxid = 0;
  lastCommitted: Zxid = 0;
  readonly outstanding = new Map<Zxid, Proposal>();
  private readonly node: ServerNode;
  private readonly gen: number;
  private readonly connecting = new Map<ServerId, number>();
  private readonly epochAcks = new Set<ServerId>();
  private readonly newLeaderAcks = new Set<ServerId>();
  private phase: 'followerinfo' | 'ackepoch' | 'newleader' | 'running' = 'followerinfo';
  private tick = 0;
  private tickSkip = true;
  private handlerSerial = 0;
  private readonly pendingSyncs = new Map<Zxid, { h: LearnerHandler; sessionId: string; cxid: number }[]>();

  constructor(node: ServerNode, gen: number) {
    this.node = node;
    this.gen = gen;
  }

  /** Leader.lead: loadData happened in the node; wait for a quorum of FOLLOWERINFO. */
  start(): void {
    this.connecting.set(this.node.sid, this.node.db.readEpoch('acceptedEpoch'));
    this.armPhaseTimer();
    this.checkEpochQuorum();
  }

  /** A learner opened a quorum connection. */
  onLearnerConnected(conn: ConnId): void {
    this.handlers.set(conn, {
      conn, token: `lh:${this.node.name}:${++this.handlerSerial}`, sid: -1, stage: 'info', acceptedEpoch: 0, lastLoggedZxid: 0,
      tickOfNextAckDeadline: this.tick + this.node.config.initLimit + this.node.config.syncLimit, lastRecvLocal: this.node.localNow(), unacked: [], forwarding: false,
    });
  }

  /** A learner's quorum connection closed. */
  onLearnerClosed(conn: ConnId): void {
    const h = this.handlers.get(conn);
    if (h === undefined) return;
    this.handlers.delete(conn);
    this.node.trace('learner-lost', { learner: `s${h.sid}` });
  }

  /** A packet from a learner. */
  onMessage(conn: ConnId, m: QuorumMessage): void {
    const h = this.handlers.get(conn);
    if (h === undefined) return;
    h.lastRecvLocal = this.node.localNow();
    h.tickOfNextAckDeadline = this.tick + this.node.config.syncLimit; // R45
    switch (m.type) {
      case 'q-followerinfo':
        return this.onFollowerInfo(h, m.sid, m.acceptedEpoch, m.lastLoggedZxid);
      case 'q-ackepoch':
        return this.onAckEpoch(h, m.currentEpoch, m.lastLoggedZxid);
      case 'q-ack':
        return this.onAck(h, m.zxid);
      case 'q-ping':
        return this.onPingReply(h, m.touches);
      case 'q-revalidate':
        return this.onRevalidate(h, m.sessionId, m.timeoutMs);
      case 'q-request':
        return this.onLearnerRequest(h, m);
      default:
        return;
    }
  }

  /** The leader's timers: phase deadlines of establishment and the half-tick loop. */
  onTimer(tag: string, data: unknown): void {
    const d = data as { gen: number; phase?: string };
    if (d.gen !== this.gen) return;
    if (tag === 'leader-phase') {
      if (this.phase === d.phase) this.node.leaderLost(`timeout waiting for a quorum in phase ${this.phase} (initLimit·tickTime)`);
      return;
    }
    if (tag === 'leader-tick') this.halfTick();
  }

  /** ProposalRequestProcessor + Leader.propose: send the proposal, log it, self-ACK after logging (R87). */
  propose(txn: Txn): void {
    this.lastProposed = txn.zxid;
    const p: Proposal = { txn, acks: new Set() };
    this.outstanding.set(txn.zxid, p);
    const now = this.node.localNow();
    for (const h of this.handlers.values()) {
      if (!h.forwarding) continue;
      this.node.sendQuorum(h.conn, { type: 'q-proposal', txn });
      h.unacked.push([txn.zxid, now]);
    }
    if (this.node.kernel.trace.enabled) this.node.trace('zab-propose', this.describeTxn(txn, { quorum: this.node.verifier.voters.length }));
    this.node.db.logTxn(txn);
    this.processAck(this.node.sid, txn.zxid);
  }

  /** Leader.processSync: answer a learner's sync once everything proposed before it is committed. */
  processSync(h: LearnerHandler, sessionId: string, cxid: number): void {
    if (this.outstanding.size === 0) this.node.sendQuorum(h.conn, { type: 'q-sync', sessionId, cxid });
    else {
      const list = this.pendingSyncs.get(this.lastProposed) ?? [];
      list.push({ h, sessionId, cxid });
      this.pendingSyncs.set(this.lastProposed, list);
    }
  }

  /** Closes every learner connection (Leader.shutdown). */
  shutdown(): void {
    for (const h of this.handlers.values()) this.node.closeQuorumConn(h.conn);
    this.handlers.clear();
  }

  /** Number of ACKs a proposal has (for panels). */
  ackCount(zxid: Zxid): number {
    return this.outstanding.get(zxid)?.acks.size ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // Establishment (R66)

  private onFollowerInfo(h: LearnerHandler, sid: ServerId, acceptedEpoch: number, lastLoggedZxid: Zxid): void {
    h.sid = sid;
    h.acceptedEpoch = acceptedEpoch;
    h.lastLoggedZxid = lastLoggedZxid;
    if (this.epoch >= 0) {
      h.stage = 'ackepoch-wait';
      this.node.sendQuorum(h.conn, { type: 'q-leaderinfo', newEpoch: this.epoch });
      return;
    }
    this.connecting.set(sid, acceptedEpoch);
    this.checkEpochQuorum();
  }

  private checkEpochQuorum(): void {
    if (this.epoch >= 0 || !this.node.verifier.containsQuorum(new Set(this.connecting.keys()))) return;
    this.epoch = Math.max(...this.connecting.values()) + 1; // R66: max accepted epoch + 1
    this.node.db.writeEpoch('acceptedEpoch', this.epoch);
    this.node.trace('zab-new-epoch', { epoch: this.epoch, from: [...this.connecting.keys()].sort((a, b) => a - b).map((s) => `s${s}`) });
    for (const h of this.handlers.values()) {
      if (h.sid < 0) continue;
      h.stage = 'ackepoch-wait';
      this.node.sendQuorum(h.conn, { type: 'q-leaderinfo', newEpoch: this.epoch });
    }
    this.phase = 'ackepoch';
    this.armPhaseTimer();
    this.epochAcks.add(this.node.sid);
    this.checkEpochAckQuorum();
  }

  private onAckEpoch(h: LearnerHandler, currentEpoch: number, lastLoggedZxid: Zxid): void {
    h.lastLoggedZxid = lastLoggedZxid;
    if (!this.established && currentEpoch !== -1) {
      const myEpoch = this.node.db.readEpoch('currentEpoch');
      const myZxid = this.node.db.lastLoggedZxid;
      if (currentEpoch > myEpoch || (currentEpoch === myEpoch && lastLoggedZxid > myZxid)) {
        this.node.leaderLost(`follower s${h.sid} is ahead of the leader`);
        return;
      }
    }
    h.stage = 'ackepoch-received';
    this.epochAcks.add(h.sid);
    if (this.phase === 'ackepoch') this.checkEpochAckQuorum();
    else this.syncFollower(h);
  }

  private checkEpochAckQuorum(): void {
    if (this.phase !== 'ackepoch' || !this.node.verifier.containsQuorum(this.epochAcks)) return;
    this.node.db.writeEpoch('currentEpoch', this.epoch);
    this.lastProposed = makeZxid(this.epoch, 0); // R4: a new leader starts at counter 0
    this.phase = 'newleader';
    this.armPhaseTimer();
    for (const h of this.handlers.values()) if (h.stage === 'ackepoch-received') this.syncFollower(h);
    this.newLeaderAcks.add(this.node.sid);
    this.checkNewLeaderQuorum();
  }

  /** LearnerHandler.syncFollower (R67): DIFF, TRUNC or SNAP, then forwarding, then NEWLEADER. */
  private syncFollower(h: LearnerHandler): void {
    const db = this.node.db;
    const peer = h.lastLoggedZxid;
    const last = db.lastProcessedZxid;
    const { min, max } = db.committedRange();
    const isPeerNewEpochZxid = peer % 0x1_0000_0000 === 0;
    let mode: 'DIFF' | 'TRUNC' | 'SNAP' = 'SNAP';
    let truncTo = 0;
    let queued: Txn[] = [];
    let current = peer;
    if (peer === last) mode = 'DIFF';
    else if (peer > max && !isPeerNewEpochZxid) {
      mode = 'TRUNC';
      truncTo = max;
      current = max;
    } else if (peer >= min && peer <= max) {
      // queueCommittedProposals: find where the peer's history leaves ours.
      let prev = -1;
      let decided = false;
      for (const txn of db.committedLog) {
        if (txn.zxid < peer) {
          prev = txn.zxid;
          continue;
        }
        if (!decided) {
          if (txn.zxid === peer) {
            mode = 'DIFF';
            decided = true;
            continue;
          }
          if (isPeerNewEpochZxid) mode = 'DIFF';
          else if (Math.floor(txn.zxid / 0x1_0000_0000) !== Math.floor(peer / 0x1_0000_0000)) break; // cannot TRUNC across epochs: SNAP
          else {
            mode = 'TRUNC';
            truncTo = prev;
          }
          decided = true;
        }
        queued.push(txn);
      }
      if (!decided) mode = queued.length === 0 && peer === max ? 'DIFF' : 'SNAP';
      if (mode === 'SNAP') queued = [];
    }
    if (mode === 'DIFF') this.node.sendQuorum(h.conn, { type: 'q-diff', zxid: last });
    else if (mode === 'TRUNC') this.node.sendQuorum(h.conn, { type: 'q-trunc', zxid: truncTo });
    else {
      queued = [];
      current = last;
      this.node.sendQuorum(h.conn, { type: 'q-snap', zxid: last, snapshot: db.snapshot() });
    }
    for (const txn of queued) {
      this.node.sendQuorum(h.conn, { type: 'q-proposal', txn });
      this.node.sendQuorum(h.conn, { type: 'q-commit', zxid: txn.zxid });
    }
    if (queued.length > 0) current = (queued[queued.length - 1] as Txn).zxid;
    this.node.trace('zab-sync', { learner: `s${h.sid}`, mode, peerZxid: zxidHex(peer), leaderZxid: zxidHex(last), txns: queued.length, ...(mode === 'TRUNC' ? { truncTo: zxidHex(truncTo) } : {}) });
    // startForwarding: proposals still outstanding follow, then everything new.
    const now = this.node.localNow();
    for (const p of this.outstanding.values()) {
      if (p.txn.zxid <= current) continue;
      this.node.sendQuorum(h.conn, { type: 'q-proposal', txn: p.txn });
      h.unacked.push([p.txn.zxid, now]);
    }
    h.forwarding = true;
    h.stage = 'synced';
    this.node.sendQuorum(h.conn, { type: 'q-newleader', zxid: makeZxid(this.epoch, 0) });
  }

  private onAck(h: LearnerHandler, zxid: Zxid): void {
    while (h.unacked.length > 0 && (h.unacked[0] as [Zxid, number])[0] <= zxid) h.unacked.shift();
    if (h.stage === 'synced' && zxid === makeZxid(this.epoch, 0)) {
      h.stage = 'newleader-acked';
      this.newLeaderAcks.add(h.sid);
      if (this.established) this.sendUpToDate(h);
      else this.checkNewLeaderQuorum();
      return;
    }
    this.processAck(h.sid, zxid);
  }

  private checkNewLeaderQuorum(): void {
    if (this.phase !== 'newleader' || !this.node.verifier.containsQuorum(this.newLeaderAcks)) return;
    this.phase = 'running';
    this.established = true;
    this.node.trace('leader-established', { epoch: this.epoch, zxid: zxidHex(this.lastProposed), followers: [...this.newLeaderAcks].filter((s) => s !== this.node.sid).sort((a, b) => a - b).map((s) => `s${s}`) });
    this.node.startServing('leader'); // startZkServer: tracker rebuilt with fresh deadlines (R13, R66)
    for (const h of this.handlers.values()) if (h.stage === 'newleader-acked') this.sendUpToDate(h);
    this.node.setTimer(Math.floor(this.node.config.tickTimeMs / 2), 'leader-tick', { gen: this.gen });
  }

  private sendUpToDate(h: LearnerHandler): void {
    h.stage = 'uptodate';
    this.node.sendQuorum(h.conn, { type: 'q-uptodate' });
  }

  // -------------------------------------------------------------------------------------------
  // Broadcast (R54)

  private processAck(sid: ServerId, zxid: Zxid): void {
    const p = this.outstanding.get(zxid);
    if (p === undefined) return;
    p.acks.add(sid);
    if (sid !== this.node.sid && this.node.kernel.trace.enabled) {
      this.node.trace('zab-ack', { zxid: zxidHex(zxid), from: `s${sid}`, acks: p.acks.size, needed: this.quorumSize() });
    }
    // tryToCommit, strictly in zxid order: only the oldest outstanding proposal may commit.
    for (;;) {
      const first = this.outstanding.values().next();
      if (first.done) return;
      const head = first.value;
      if (!this.node.verifier.containsQuorum(head.acks)) return;
      this.commit(head);
    }
  }

  private commit(p: Proposal): void {
    const zxid = p.txn.zxid;
    this.outstanding.delete(zxid);
    this.lastCommitted = zxid;
    for (const h of this.handlers.values()) if (h.forwarding) this.node.sendQuorum(h.conn, { type: 'q-commit', zxid });
    if (this.node.kernel.trace.enabled) this.node.trace('zab-commit', this.describeTxn(p.txn, { acks: [...p.acks].sort((a, b) => a - b).map((s) => `s${s}`), needed: this.quorumSize() }));
    this.node.commitLocally(p.txn);
    const syncs = this.pendingSyncs.get(zxid);
    if (syncs !== undefined) {
      this.pendingSyncs.delete(zxid);
      for (const s of syncs) if (this.handlers.has(s.h.conn)) this.node.sendQuorum(s.h.conn, { type: 'q-sync', sessionId: s.sessionId, cxid: s.cxid });
    }
  }

  /** How many ACKs a proposal needs, in words for the trace (a number for majorities). */
  private quorumSize(): number | string {
    const v = this.node.verifier;
    return v instanceof MajorityQuorum ? Math.floor(v.voters.length / 2) + 1 : 'a majority of groups';
  }

  // -------------------------------------------------------------------------------------------
  // Liveness (R44, R45)

  private halfTick(): void {
    const cfg = this.node.config;
    if (!this.tickSkip) {
      this.tick++;
      const synced = new Set<ServerId>([this.node.sid]);
      for (const h of this.handlers.values()) if (h.sid >= 0 && this.tick <= h.tickOfNextAckDeadline) synced.add(h.sid);
      if (!this.node.verifier.containsQuorum(synced)) {
        this.node.leaderLost('Not sufficient followers synced, only synced with sids: [' + [...synced].sort((a, b) => a - b).join(',') + ']');
        return;
      }
    }
    this.tickSkip = !this.tickSkip;
    const now = this.node.localNow();
    const limit = cfg.syncLimit * cfg.tickTimeMs;
    for (const h of [...this.handlers.values()]) {
      if (h.stage !== 'uptodate' && h.stage !== 'newleader-acked' && h.stage !== 'synced') continue;
      const oldest = h.unacked[0];
      if ((oldest !== undefined && now - oldest[1] > limit) || now - h.lastRecvLocal > limit) {
        this.node.trace('learner-timeout', { learner: `s${h.sid}`, reason: oldest !== undefined && now - oldest[1] > limit ? 'proposal not acked within syncLimit' : 'no packet within syncLimit' });
        this.handlers.delete(h.conn);
        this.node.closeQuorumConn(h.conn);
        continue;
      }
      this.node.sendQuorum(h.conn, { type: 'q-ping', zxid: this.lastProposed, touches: null });
    }
    this.node.setTimer(Math.floor(cfg.tickTimeMs / 2), 'leader-tick', { gen: this.gen });
  }

  private onPingReply(h: LearnerHandler, touches: TouchTable | null): void {
    if (touches === null || touches.ids.length === 0) return;
    if (this.node.config.bugs.has('leader-ignores-ping-touches')) return;
    // R44: touch every (id, timeout) pair; unknown or closing sessions are silently ignored.
    // Handles name the same sessions as the ids (one table per simulation); a table without them is
    // looked up by id.
    const { ids, timeouts, handles } = touches;
    for (let i = 0; i < ids.length; i++) {
      this.node.touchFromLearner(ids[i] as SessionId, handles === undefined ? -1 : (handles[i] as number), timeouts[i] as number, h.sid);
    }
  }

  private onRevalidate(h: LearnerHandler, sessionId: string, timeoutMs: number): void {
    const valid = this.node.revalidateAtLeader(sessionId, timeoutMs, h.token); // R41
    this.node.trace('revalidate', { sessionId, learner: `s${h.sid}`, valid });
    this.node.sendQuorum(h.conn, { type: 'q-revalidate-reply', sessionId, valid });
  }

  private onLearnerRequest(h: LearnerHandler, m: Extract<QuorumMessage, { type: 'q-request' }>): void {
    if (!this.established) return;
    const req = makeRequest(m.sessionId, m.cxid, m.request, null, h.token, h.sid);
    if (m.request.op === 'sync') {
      this.processSync(h, m.sessionId, m.cxid);
      return;
    }
    this.node.submitToPrep(req); // R42: forwarded requests do not touch
  }

  private armPhaseTimer(): void {
    const cfg = this.node.config;
    this.node.setTimer(cfg.initLimit * cfg.tickTimeMs, 'leader-phase', { gen: this.gen, phase: this.phase });
  }

  private describeTxn(txn: Txn, extra: Record<string, unknown>): Record<string, unknown> {
    const b = txn.body;
    const detail: Record<string, unknown> = { zxid: zxidHex(txn.zxid), txn: b.type, sessionId: txn.sessionId };
    if (b.type === 'close-session') detail['paths'] = b.paths2Delete;
    else if (b.type === 'create' || b.type === 'delete' || b.type === 'set-data') detail['path'] = b.path;
    else if (b.type === 'error') detail['code'] = b.code;
    return { ...detail, ...extra };
  }
}
