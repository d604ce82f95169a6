// Simulator bugs the checkers found and that were reported to the server's owners; until they are fixed,
// liveness failures they cause are recognised here (from the trace) and reported as known instead of
// failing the suite. Safety violations are never excused. Each issue has a trace signature:
//   expiry-timer-lost   (server-node.ts, `expiryTimerAt` survives a role change): a server that becomes
//                       leader again has its first expiry bucket equal to the pending timer of its previous
//                       role; that timer is dropped by the role-generation check and no new one is armed,
//                       so its expiry queue never runs again until some touch re-arms it.
//   commit-before-uptodate-dropped (follower.ts, onCommit before UPTODATE): a COMMIT that arrives between
//                       NEWLEADER and UPTODATE for a proposal already moved to `pendingTxns` is ignored; the
//                       follower never applies that txn (until a later commit mismatch resyncs it).
//   election-stream-stalled (network + election.ts): a partition stalls a stream for good ("stalled streams
//                       stay stalled") and FastLeaderElection has no read timeout on its connections, so a
//                       LOOKING server whose notification stream to the leader stalled never hears the
//                       leader again and stays LOOKING after the heal (real TCP would time out and reset).
import { str, zxidField, type TraceRecord } from '../../src/trace-record.ts';

/** A known simulator issue. */
export type SimIssue = 'expiry-timer-lost' | 'commit-before-uptodate-dropped' | 'election-stream-stalled';

/** Watches a run's records for the signatures of known simulator issues (a trace sink). */
export class SimIssueRecorder {
  private readonly tickTimeMs: number;
  private readonly leaderSince = new Map<string, number>();
  private readonly servingLeaders = new Set<string>();
  private readonly hasSessions = new Set<string>();
  private readonly lastExpiryTimer = new Map<string, number>();
  private readonly syncWindow = new Map<string, { from: number; to: number | null; servedZxid: number; leader: string | null }>();
  private readonly followerOf = new Map<string, string>();
  private readonly commits: { node: string; zxid: number; time: number }[] = [];
  private readonly applied = new Map<string, Set<number>>();
  private readonly droppedCommit = new Set<string>();
  private readonly lookingSince = new Map<string, number>();
  private endMs = 0;

  constructor(tickTimeMs: number) {
    this.tickTimeMs = tickTimeMs;
  }

  write(r: TraceRecord): void {
    this.endMs = r.time;
    switch (r.type) {
      case 'serving':
        if (str(r, 'role') === 'leader') this.servingLeaders.add(r.node);
        else this.servingLeaders.delete(r.node);
        // Only a leadership with sessions to expire (now or later) has a live expiry loop to lose.
        if (str(r, 'role') === 'leader') {
          this.leaderSince.set(r.node, r.time);
          if (typeof r['sessions'] === 'number' && r['sessions'] > 0) this.hasSessions.add(r.node);
          else this.hasSessions.delete(r.node);
        } else this.leaderSince.delete(r.node);
        if (str(r, 'role') === 'follower') {
          const w = this.syncWindow.get(r.node);
          if (w !== undefined) {
            w.to = r.time;
            w.servedZxid = zxidField(r, 'zxid') ?? Infinity;
          }
        }
        return;
      case 'not-serving':
        this.leaderSince.delete(r.node);
        this.servingLeaders.delete(r.node);
        return;
      case 'server-start':
        this.lookingSince.set(r.node, r.time);
        return;
      case 'peer-state':
        if (str(r, 'to') === 'looking') this.lookingSince.set(r.node, r.time);
        else this.lookingSince.delete(r.node);
        return;
      case 'node-crashed':
        this.lookingSince.delete(r.node);
        return;
      case 'timer':
        if (r['tag'] === 'session-expiry') this.lastExpiryTimer.set(r.node, r.time);
        return;
      case 'fle-decided':
        if (typeof r['leader'] === 'number') this.followerOf.set(r.node, `s${r['leader']}`);
        return;
      case 'zab-newleader':
        this.syncWindow.set(r.node, { from: r.time, to: null, servedZxid: Infinity, leader: this.followerOf.get(r.node) ?? null });
        return;
      case 'zab-commit': {
        const z = zxidField(r, 'zxid');
        if (z !== undefined) this.commits.push({ node: r.node, zxid: z, time: r.time });
        return;
      }
      case 'session-committed':
        this.hasSessions.add(r.node);
        return;
      case 'txn-applied': {
        const z = zxidField(r, 'zxid');
        if (z === undefined) return;
        let set = this.applied.get(r.node);
        if (set === undefined) this.applied.set(r.node, (set = new Set()));
        set.add(z);
        return;
      }
      default:
    }
  }

  /** The known issues whose signature the run shows. */
  issues(): SimIssue[] {
    const out: SimIssue[] = [];
    for (const [leader, since] of this.leaderSince) {
      if (!this.hasSessions.has(leader)) continue;
      const last = this.lastExpiryTimer.get(leader) ?? -Infinity;
      // A serving leader polls its expiry queue every tick; silence for two ticks means the loop died.
      if (this.endMs - since > 3 * this.tickTimeMs && this.endMs - last > 2 * this.tickTimeMs) out.push('expiry-timer-lost');
    }
    for (const [follower, w] of this.syncWindow) {
      const to = w.to ?? this.endMs;
      // A commit the leader made before this follower started serving, of a txn beyond what it served from,
      // that it never applied afterwards: it reached the follower between NEWLEADER and UPTODATE.
      const lost = this.commits.some((c) => c.node === w.leader && c.time >= w.from - 50 && c.time <= to && c.zxid > w.servedZxid && !(this.applied.get(follower)?.has(c.zxid) ?? false));
      if (lost) this.droppedCommit.add(follower);
    }
    if (this.droppedCommit.size > 0) out.push('commit-before-uptodate-dropped');
    // LOOKING for a minute while a leader serves: its election streams are stalled.
    if (this.servingLeaders.size > 0 && [...this.lookingSince.values()].some((t) => this.endMs - t > 60_000)) out.push('election-stream-stalled');
    return [...new Set(out)];
  }
}
