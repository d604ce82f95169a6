// A model of each server's replicated state as the trace reveals it: the last zxid it logged and the last
// it applied, the ranges it logged but will never apply (holes), and the closeSession txns in its log; plus
// the ensemble-wide committed history (zxid → txn) and the zxid at which each session's close committed.
//
// Which sequence is compared. The *committed history* is the map zxid → txn built from `zab-commit`
// (explicit commits), `txn-applied` (an applied txn is committed) and, for closeSession txns a new leader
// inherits uncommitted from an older epoch (R68), the leader's own log at `leader-established`. Each server's
// *applied sequence* must be a gap-free prefix of that history between resets:
//   • `txn-applied` zxids strictly increase and carry the committed txn of that zxid;
//   • some applies are silent (log replay at `server-start`, DIFF/TRUNC/SNAP sync, commits between NEWLEADER
//     and UPTODATE, `db-fast-forward` gives only the final zxid), so the model advances `lastApplied` to what
//     those records imply (`serving` carries the last processed zxid);
//   • two consecutive `txn-applied` of a server leave no committed zxid between them;
//   • a server that logged txns it has not applied when it syncs by DIFF (the leader sends only what lies
//     beyond its *logged* zxid) or when it becomes leader will never apply them: that range is a hole, the
//     ZOOKEEPER-2355 shape, and an anomaly. TRUNC, SNAP and a restart reload from the log, closing holes.
// Anomalies are queued here and reported by the `committed-history` checker.
import { epochOfZxid, hex, num, str, strings, zxidField, type TraceRecord } from '../trace-record.ts';

/** What the trace tells about one txn. */
export interface TxnFacts {
  readonly zxid: number;
  readonly type: string;
  readonly sessionId: string;
  /** create / delete / set-data path, when known. */
  readonly path: string | null;
  /** closeSession: the paths the txn lists, when known (`zab-propose`, `zab-commit`). */
  readonly paths: readonly string[] | null;
  readonly record: TraceRecord;
}

/** One server's replicated state. */
export interface Replica {
  readonly name: string;
  lastLogged: number;
  lastApplied: number;
  /** Logged-but-never-applied zxid ranges [lo, hi], inclusive. */
  holes: [number, number][];
  /** closeSession txns in its durable log: zxid → session. */
  readonly loggedCloses: Map<number, string>;
  /** Sessions whose close this server applied with a `session-removed` record. */
  readonly removedSessions: Set<string>;
}

/** Something the model found wrong with the history. */
export interface ReplicaAnomaly {
  readonly record: TraceRecord;
  readonly message: string;
  readonly evidence: readonly TraceRecord[];
}

/** Facts of a txn record (zab-propose / zab-commit / txn-applied / zab-logged), or undefined. */
export function txnFactsOf(r: TraceRecord): TxnFacts | undefined {
  const zxid = zxidField(r, 'zxid');
  const type = str(r, 'txn');
  const sessionId = str(r, 'sessionId');
  if (zxid === undefined || type === undefined || sessionId === undefined) return undefined;
  return { zxid, type, sessionId, path: str(r, 'path') ?? null, paths: strings(r, 'paths') ?? null, record: r };
}

/** Why two descriptions of the same zxid disagree, or null when they agree on what both say. */
export function txnMismatch(a: TxnFacts, b: TxnFacts): string | null {
  if (a.type !== b.type) return `type ${a.type} vs ${b.type}`;
  if (a.sessionId !== b.sessionId) return `session ${a.sessionId} vs ${b.sessionId}`;
  if (a.path !== null && b.path !== null && a.path !== b.path) return `path ${a.path} vs ${b.path}`;
  return null;
}

/** The replicated-state model. */
export class ReplicaModel {
  readonly replicas = new Map<string, Replica>();
  readonly committed = new Map<number, TxnFacts>();
  readonly proposed = new Map<number, TxnFacts>();
  /** Session → zxid of its first committed closeSession. */
  readonly committedCloseOf = new Map<string, number>();
  maxCommitted = 0;
  /** Committed zxids, ascending (to find a committed txn a server skipped). */
  private readonly committedSorted: number[] = [];
  private anomalies: ReplicaAnomaly[] = [];
  /** Learner → the leader's zxid its sync brings it to, and the closeSessions still in flight then. */
  private readonly syncTargets = new Map<string, { zxid: number; closes: [number, string][] }>();
  /** Per leader: closeSession proposals not yet committed (they follow a sync as PROPOSALs). */
  private readonly outstandingCloses = new Map<string, Map<number, string>>();

  /** Updates the model with one record. */
  onRecord(r: TraceRecord): void {
    switch (r.type) {
      case 'server-start': {
        const z = zxidField(r, 'lastLoggedZxid') ?? 0;
        const x = this.replica(r.node);
        x.lastLogged = z;
        x.lastApplied = z; // ZKDatabase.load replays every logged txn
        x.holes = [];
        return;
      }
      case 'zab-propose': return this.onPropose(r);
      case 'zab-logged': return this.onLogged(r);
      case 'zab-commit': return this.onCommit(r);
      case 'txn-applied': return this.onApplied(r);
      case 'session-removed': {
        const id = str(r, 'sessionId');
        if (id !== undefined) this.replica(r.node).removedSessions.add(id);
        return;
      }
      case 'db-fast-forward': {
        const z = zxidField(r, 'zxid');
        if (z === undefined) return;
        const x = this.replica(r.node);
        x.lastApplied = Math.max(x.lastApplied, z);
        x.lastLogged = Math.max(x.lastLogged, z);
        return;
      }
      case 'zab-sync': {
        const learner = str(r, 'learner');
        const z = zxidField(r, 'leaderZxid');
        const closes = [...(this.outstandingCloses.get(r.node) ?? [])];
        if (learner !== undefined && z !== undefined) this.syncTargets.set(learner, { zxid: z, closes });
        return;
      }
      case 'zab-sync-received': return this.onSyncReceived(r);
      case 'zab-newleader': {
        const target = this.syncTargets.get(r.node);
        if (target === undefined) return;
        this.syncTargets.delete(r.node);
        const x = this.replica(r.node);
        x.lastApplied = Math.max(x.lastApplied, target.zxid);
        x.lastLogged = Math.max(x.lastLogged, target.zxid);
        // Proposals still outstanding at the sync reach the follower before NEWLEADER and are logged there.
        for (const [z, id] of target.closes) x.loggedCloses.set(z, id);
        return;
      }
      case 'peer-state':
      case 'node-crashed':
        this.outstandingCloses.delete(r.node);
        return;
      case 'leader-established': return this.onEstablished(r);
      case 'serving': {
        const z = zxidField(r, 'zxid');
        if (z === undefined) return;
        // `zxid` is the server's last processed zxid: it covers the commits a follower applied silently
        // between NEWLEADER and UPTODATE.
        const x = this.replica(r.node);
        x.lastApplied = Math.max(x.lastApplied, z);
        x.lastLogged = Math.max(x.lastLogged, z);
        if (str(r, 'role') !== 'leader' || z >= this.maxCommitted) return;
        const last = this.committed.get(this.maxCommitted);
        this.anomaly(r, `new leader ${r.node} serves from zxid ${hex(z)}, but ${hex(this.maxCommitted)} was already committed: a committed txn is missing from the new epoch's history (ZAB)`, last === undefined ? [r] : [last.record, r]);
        return;
      }
      default:
    }
  }

  /** Takes the anomalies found since the last call. */
  drainAnomalies(): ReplicaAnomaly[] {
    const out = this.anomalies;
    this.anomalies = [];
    return out;
  }

  /** The replica of a server (created on first mention). */
  replica(name: string): Replica {
    let x = this.replicas.get(name);
    if (x === undefined) {
      x = { name, lastLogged: 0, lastApplied: 0, holes: [], loggedCloses: new Map(), removedSessions: new Set() };
      this.replicas.set(name, x);
    }
    return x;
  }

  /** True when the server's applied state includes the committed txn `zxid`. */
  hasApplied(server: string, zxid: number): boolean {
    const x = this.replicas.get(server);
    if (x === undefined || x.lastApplied < zxid) return false;
    return !x.holes.some(([lo, hi]) => zxid >= lo && zxid <= hi);
  }

  /** True when the server's applied state has the session closed. */
  hasClosed(server: string, sessionId: string): boolean {
    if (this.replicas.get(server)?.removedSessions.has(sessionId) === true) return true;
    const z = this.committedCloseOf.get(sessionId);
    return z !== undefined && this.hasApplied(server, z);
  }

  private anomaly(record: TraceRecord, message: string, evidence: readonly TraceRecord[]): void {
    this.anomalies.push({ record, message, evidence });
  }

  private onPropose(r: TraceRecord): void {
    const f = txnFactsOf(r);
    if (f === undefined) return;
    this.proposed.set(f.zxid, f);
    const x = this.replica(r.node);
    x.lastLogged = Math.max(x.lastLogged, f.zxid); // the leader logs its own proposal (R54)
    if (f.type !== 'close-session') return;
    x.loggedCloses.set(f.zxid, f.sessionId);
    let out = this.outstandingCloses.get(r.node);
    if (out === undefined) this.outstandingCloses.set(r.node, (out = new Map()));
    out.set(f.zxid, f.sessionId);
  }

  private onLogged(r: TraceRecord): void {
    const f = txnFactsOf(r);
    if (f === undefined) return;
    const x = this.replica(r.node);
    x.lastLogged = Math.max(x.lastLogged, f.zxid);
    if (f.type === 'close-session') x.loggedCloses.set(f.zxid, f.sessionId);
    const p = this.proposed.get(f.zxid);
    const why = p === undefined ? null : txnMismatch(f, p);
    if (p !== undefined && why !== null) this.anomaly(r, `${r.node} logs zxid ${hex(f.zxid)} as a different txn than the one proposed (${why})`, [p.record, r]);
  }

  private onCommit(r: TraceRecord): void {
    const f = txnFactsOf(r);
    if (f === undefined) return;
    const prior = this.committed.get(f.zxid);
    const why = prior === undefined ? null : txnMismatch(f, prior);
    if (prior !== undefined && why !== null) {
      this.anomaly(r, `zxid ${hex(f.zxid)} committed twice with different txns (${why}): committed history diverges`, [prior.record, r]);
      return;
    }
    if (prior === undefined || prior.paths === null) this.committed.set(f.zxid, f);
    this.outstandingCloses.get(r.node)?.delete(f.zxid);
    this.noteCommitted(f);
  }

  private onApplied(r: TraceRecord): void {
    const f = txnFactsOf(r);
    if (f === undefined) return;
    const x = this.replica(r.node);
    if (f.zxid <= x.lastApplied) {
      this.anomaly(r, `${r.node} applies zxid ${hex(f.zxid)} after ${hex(x.lastApplied)}: applied zxids must grow`, [r]);
    } else {
      // Consecutive applies in broadcast leave nothing committed between them (commits apply in order, R54).
      const skipped = this.committedBetween(x.lastApplied, f.zxid);
      if (skipped !== undefined) {
        x.holes.push([skipped, f.zxid - 1]);
        const c = this.committed.get(skipped);
        this.anomaly(r, `${r.node} applies zxid ${hex(f.zxid)} right after ${hex(x.lastApplied)}, skipping committed ${hex(skipped)}${c === undefined ? '' : ` (${c.type} of ${c.sessionId})`}: its state leaves the committed history (R54, R86)`, c === undefined ? [r] : [c.record, r]);
      }
    }
    const known = this.committed.get(f.zxid) ?? this.proposed.get(f.zxid);
    const why = known === undefined ? null : txnMismatch(f, known);
    if (known !== undefined && why !== null) {
      this.anomaly(r, `${r.node} applies zxid ${hex(f.zxid)} as a different txn than the committed one (${why})`, [known.record, r]);
    }
    x.lastApplied = Math.max(x.lastApplied, f.zxid);
    x.lastLogged = Math.max(x.lastLogged, f.zxid);
    if (!this.committed.has(f.zxid)) {
      this.committed.set(f.zxid, known ?? f);
      this.noteCommitted(f);
    } else if (f.type === 'close-session' && !this.committedCloseOf.has(f.sessionId)) {
      this.committedCloseOf.set(f.sessionId, f.zxid);
    }
  }

  /** The smallest committed zxid in (lo, hi), or undefined. */
  private committedBetween(lo: number, hi: number): number | undefined {
    const a = this.committedSorted;
    let l = 0;
    let h = a.length;
    while (l < h) {
      const m = (l + h) >> 1;
      if ((a[m] as number) <= lo) l = m + 1;
      else h = m;
    }
    const z = a[l];
    return z !== undefined && z < hi ? z : undefined;
  }

  private noteCommitted(f: TxnFacts): void {
    const a = this.committedSorted;
    if (a.length === 0 || (a[a.length - 1] as number) < f.zxid) a.push(f.zxid);
    else if (!a.includes(f.zxid)) {
      a.push(f.zxid);
      a.sort((x, y) => x - y);
    }
    this.maxCommitted = Math.max(this.maxCommitted, f.zxid);
    if (f.type === 'close-session' && !this.committedCloseOf.has(f.sessionId)) this.committedCloseOf.set(f.sessionId, f.zxid);
  }

  private onSyncReceived(r: TraceRecord): void {
    const mode = str(r, 'mode');
    const z = zxidField(r, 'zxid');
    const x = this.replica(r.node);
    if (mode === 'DIFF') {
      // The leader sends what lies beyond the follower's *logged* zxid; whatever it logged but never applied
      // stays unapplied for good (ZOOKEEPER-2355).
      if (x.lastApplied < x.lastLogged) {
        const lo = x.lastApplied + 1;
        x.holes.push([lo, x.lastLogged]);
        const lost = [...x.loggedCloses].filter(([zz]) => zz >= lo && zz <= x.lastLogged).map(([zz, s]) => `closeSession ${s} at ${hex(zz)}`);
        this.anomaly(r, `${r.node} syncs by DIFF with txns ${hex(lo)}..${hex(x.lastLogged)} logged but never applied; the leader will not resend them, so its state skips them for good${lost.length > 0 ? ` (${lost.join(', ')})` : ''} (ZOOKEEPER-2355)`, [r]);
      }
      return;
    }
    if (z === undefined) return;
    if (mode === 'TRUNC') {
      const keep = Math.min(x.lastLogged, z);
      x.lastLogged = keep;
      x.lastApplied = keep;
      x.holes = [];
      for (const zz of [...x.loggedCloses.keys()]) if (zz > z) x.loggedCloses.delete(zz);
    } else if (mode === 'SNAP') {
      x.lastLogged = z;
      x.lastApplied = z;
      x.holes = [];
      x.loggedCloses.clear();
    }
  }

  private onEstablished(r: TraceRecord): void {
    const x = this.replica(r.node);
    const epoch = num(r, 'epoch');
    if (x.lastApplied < x.lastLogged) {
      x.holes.push([x.lastApplied + 1, x.lastLogged]);
      this.anomaly(r, `${r.node} becomes leader with txns ${hex(x.lastApplied + 1)}..${hex(x.lastLogged)} in its log but not in its state: its history and its data tree disagree (ZOOKEEPER-2355)`, [r]);
    }
    if (epoch === undefined) return;
    // R68: the new leader's log is the new history; closeSessions it inherited uncommitted are committed now.
    for (const [z, sessionId] of x.loggedCloses) {
      if (epochOfZxid(z) >= epoch || this.committed.has(z)) continue;
      const p = this.proposed.get(z);
      const f: TxnFacts = p ?? { zxid: z, type: 'close-session', sessionId, path: null, paths: null, record: r };
      this.committed.set(z, f);
      this.noteCommitted(f);
    }
  }
}
