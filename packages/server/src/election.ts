// Fast leader election (FastLeaderElection.lookForLeader) as an event-driven state machine. Votes are
// (leader sid, zxid, peer epoch) ordered by epoch, then zxid, then sid (R65); a peer that sees a quorum
// agree with its proposal waits finalizeWait for a better vote before deciding; when nothing arrives it
// re-sends its notifications with a timeout that doubles up to the cap. Notifications from peers that
// already follow or lead are collected in `outofelection` so a restarted peer can join a running leader.
import type { ElectionNotification, PeerState, ServerId, Zxid } from '@zksim/protocol';
import type { QuorumVerifier } from './quorum-verifier.ts';

/** A vote as FLE keeps it. */
export interface Vote {
  readonly leader: ServerId;
  readonly zxid: Zxid;
  readonly peerEpoch: number;
  readonly electionEpoch: number;
  readonly state: PeerState;
}

/** What the election needs from its server. */
export interface ElectionHost {
  readonly sid: ServerId;
  readonly verifier: QuorumVerifier;
  /** Sends a notification to one peer (queued until a connection is up, keeping only the latest). */
  sendNotification(to: ServerId, n: ElectionNotification): void;
  /** Sets an election timer; returns a handle for cancel. */
  setElectionTimer(delayMs: number, tag: 'fle-timeout' | 'fle-finalize'): number;
  cancelTimer(id: number): void;
  /** Called once the election decides. */
  decide(leader: ServerId, electionEpoch: number): void;
  trace(type: string, fields: Record<string, unknown>): void;
}

/** True when the vote (newId, newZxid, newEpoch) beats (curId, curZxid, curEpoch) (R65). */
export function totalOrderPredicate(
  verifier: QuorumVerifier, newId: ServerId, newZxid: Zxid, newEpoch: number, curId: ServerId, curZxid: Zxid, curEpoch: number,
): boolean {
  if (verifier.weight(newId) === 0) return false;
  return newEpoch > curEpoch || (newEpoch === curEpoch && (newZxid > curZxid || (newZxid === curZxid && newId > curId)));
}

/** One server's fast-leader-election state; survives across elections (logicalclock keeps growing). */
export class FastLeaderElection {
  logicalclock = 0;
  proposedLeader: ServerId;
  proposedZxid: Zxid = 0;
  proposedEpoch = 0;
  isLooking = false;
  private readonly host: ElectionHost;
  private recvset = new Map<ServerId, Vote>();
  private outofelection = new Map<ServerId, Vote>();
  private notTimeoutMs: number;
  private readonly finalizeWaitMs: number;
  private readonly maxNotificationIntervalMs: number;
  private timeoutTimer = -1;
  private finalizeTimer = -1;

  constructor(host: ElectionHost, finalizeWaitMs: number, maxNotificationIntervalMs: number) {
    this.host = host;
    this.proposedLeader = host.sid;
    this.finalizeWaitMs = finalizeWaitMs;
    this.maxNotificationIntervalMs = maxNotificationIntervalMs;
    this.notTimeoutMs = finalizeWaitMs;
  }

  /** Starts a round (lookForLeader): new logical clock, vote for self, notify everyone. */
  start(lastLoggedZxid: Zxid, currentEpoch: number): void {
    this.isLooking = true;
    this.logicalclock++;
    this.recvset = new Map();
    this.outofelection = new Map();
    this.notTimeoutMs = this.finalizeWaitMs;
    this.updateProposal(this.host.verifier.weight(this.host.sid) > 0 ? this.host.sid : -1, lastLoggedZxid, currentEpoch);
    this.host.trace('fle-start', { electionEpoch: this.logicalclock, vote: this.voteFields() });
    this.sendNotifications();
    this.armTimeout();
  }

  /** Stops looking (the server crashed or the election decided). */
  stop(): void {
    this.isLooking = false;
    this.host.cancelTimer(this.timeoutTimer);
    this.host.cancelTimer(this.finalizeTimer);
    this.timeoutTimer = -1;
    this.finalizeTimer = -1;
  }

  /** The notification describing this server's current vote in `state`. */
  notification(state: PeerState): ElectionNotification {
    return {
      type: 'e-notification', sid: this.host.sid, leader: this.proposedLeader, zxid: this.proposedZxid,
      electionEpoch: this.logicalclock, peerEpoch: this.proposedEpoch, state,
    };
  }

  /** Handles a notification received while LOOKING. */
  onNotification(n: ElectionNotification): void {
    if (!this.isLooking) return;
    const v = this.host.verifier;
    if (!v.voters.includes(n.sid)) return;
    if (this.finalizeTimer !== -1) {
      // During the finalize wait only a better vote interrupts it; anything else is discarded and the
      // wait starts again (lookForLeader polls the queue with finalizeWait per notification).
      if (totalOrderPredicate(v, n.leader, n.zxid, n.peerEpoch, this.proposedLeader, this.proposedZxid, this.proposedEpoch)) {
        this.host.cancelTimer(this.finalizeTimer);
        this.finalizeTimer = -1;
        this.armTimeout();
      } else {
        this.host.cancelTimer(this.finalizeTimer);
        this.finalizeTimer = this.host.setElectionTimer(this.finalizeWaitMs, 'fle-finalize');
        return;
      }
    }
    if (n.state === 'looking') {
      if (n.electionEpoch > this.logicalclock) {
        this.logicalclock = n.electionEpoch;
        this.recvset = new Map();
        if (totalOrderPredicate(v, n.leader, n.zxid, n.peerEpoch, this.host.sid, this.initZxid, this.initEpoch)) {
          this.updateProposal(n.leader, n.zxid, n.peerEpoch);
        } else {
          this.updateProposal(this.host.sid, this.initZxid, this.initEpoch);
        }
        this.sendNotifications();
      } else if (n.electionEpoch < this.logicalclock) {
        return;
      } else if (totalOrderPredicate(v, n.leader, n.zxid, n.peerEpoch, this.proposedLeader, this.proposedZxid, this.proposedEpoch)) {
        this.updateProposal(n.leader, n.zxid, n.peerEpoch);
        this.sendNotifications();
      }
      this.recvset.set(n.sid, voteOf(n));
      if (this.hasQuorumFor(this.recvset, this.proposedLeader, this.proposedZxid, this.proposedEpoch, this.logicalclock, false)) {
        this.host.trace('fle-quorum', { leader: this.proposedLeader, electionEpoch: this.logicalclock, waitMs: this.finalizeWaitMs });
        // The notification timeout does not run during the finalize wait (lookForLeader is inside it).
        this.host.cancelTimer(this.timeoutTimer);
        this.timeoutTimer = -1;
        this.finalizeTimer = this.host.setElectionTimer(this.finalizeWaitMs, 'fle-finalize');
      }
      return;
    }
    // FOLLOWING or LEADING: the sender already knows a leader.
    if (n.electionEpoch === this.logicalclock) {
      this.recvset.set(n.sid, voteOf(n));
      if (this.hasQuorumFor(this.recvset, n.leader, n.zxid, n.peerEpoch, n.electionEpoch, true) && this.checkLeader(this.recvset, n.leader, n.electionEpoch)) {
        this.updateProposal(n.leader, n.zxid, n.peerEpoch); // our current vote is now the decided one
        this.finish(n.leader, n.electionEpoch);
        return;
      }
    }
    this.outofelection.set(n.sid, voteOf(n));
    if (this.hasQuorumFor(this.outofelection, n.leader, n.zxid, n.peerEpoch, n.electionEpoch, true) && this.checkLeader(this.outofelection, n.leader, n.electionEpoch)) {
      this.logicalclock = n.electionEpoch;
      this.updateProposal(n.leader, n.zxid, n.peerEpoch);
      this.finish(n.leader, n.electionEpoch);
    }
  }

  /** Handles the election's timers. */
  onTimer(tag: 'fle-timeout' | 'fle-finalize'): void {
    if (!this.isLooking) return;
    if (tag === 'fle-finalize') {
      this.finalizeTimer = -1;
      this.finish(this.proposedLeader, this.logicalclock);
      return;
    }
    // No notification for notTimeout: re-send and back off (R65).
    this.timeoutTimer = -1;
    this.sendNotifications();
    this.notTimeoutMs = Math.min(this.notTimeoutMs * 2, this.maxNotificationIntervalMs);
    this.host.trace('fle-timeout', { nextTimeoutMs: this.notTimeoutMs });
    this.armTimeout();
  }

  private initZxid: Zxid = 0;
  private initEpoch = 0;

  private updateProposal(leader: ServerId, zxid: Zxid, epoch: number): void {
    if (leader === this.host.sid) {
      this.initZxid = zxid;
      this.initEpoch = epoch;
    }
    this.proposedLeader = leader;
    this.proposedZxid = zxid;
    this.proposedEpoch = epoch;
  }

  private finish(leader: ServerId, electionEpoch: number): void {
    this.stop();
    this.host.trace('fle-decided', { leader, electionEpoch, role: leader === this.host.sid ? 'leading' : 'following' });
    this.host.decide(leader, electionEpoch);
  }

  private sendNotifications(): void {
    const n = this.notification('looking');
    for (const sid of this.host.verifier.voters) if (sid !== this.host.sid) this.host.sendNotification(sid, n);
    this.recvset.set(this.host.sid, voteOf(n));
  }

  private armTimeout(): void {
    this.host.cancelTimer(this.timeoutTimer);
    this.timeoutTimer = this.host.setElectionTimer(this.notTimeoutMs, 'fle-timeout');
  }

  /**
   * termPredicate: do the votes that equal the given one form a quorum? Vote.equals compares leader, zxid,
   * electionEpoch and peerEpoch while either side is LOOKING, but only leader and peerEpoch between
   * FOLLOWING/LEADING votes (`leaderKnown`).
   */
  private hasQuorumFor(votes: Map<ServerId, Vote>, leader: ServerId, zxid: Zxid, epoch: number, electionEpoch: number, leaderKnown: boolean): boolean {
    const agree = new Set<ServerId>();
    for (const [sid, vote] of votes) {
      const loose = leaderKnown && vote.state !== 'looking';
      if (vote.leader === leader && vote.peerEpoch === epoch && (loose || (vote.zxid === zxid && vote.electionEpoch === electionEpoch))) agree.add(sid);
    }
    return this.host.verifier.containsQuorum(agree);
  }

  /** checkLeader: a different leader must itself be known to be LEADING; ourselves only in our own round. */
  private checkLeader(votes: Map<ServerId, Vote>, leader: ServerId, electionEpoch: number): boolean {
    if (leader !== this.host.sid) return votes.get(leader)?.state === 'leading';
    return this.logicalclock === electionEpoch;
  }

  private voteFields(): Record<string, unknown> {
    return { leader: this.proposedLeader, zxid: this.proposedZxid, peerEpoch: this.proposedEpoch };
  }
}

function voteOf(n: ElectionNotification): Vote {
  return { leader: n.leader, zxid: n.zxid, peerEpoch: n.peerEpoch, electionEpoch: n.electionEpoch, state: n.state };
}
