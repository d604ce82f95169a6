// "Sometimes" goals: interesting situations a batch of random runs should reach at least once, counted per
// run, so a sweep can show that its scenarios exercise the hard cases and not only the easy ones:
//   expiry-during-election          a leader expires a session while another server is LOOKING, or a
//                                   client sees Expired while no leader is serving;
//   close-in-flight-at-leader-crash a leader crashes with a closeSession proposed but not committed;
//   session-moved-within-timeout    a client re-establishes its session through another server less than
//                                   one timeout after it lost the first;
//   ephemeral-create-races-close    a create (or the error txn it became) and a closeSession of the same
//                                   session are in flight together (R58);
//   follower-missed-close-proposal  a follower of the leader that proposed a closeSession leaves its role,
//                                   syncs or logs a later zxid without ever logging that proposal.
import type { ClusterView } from './facts/cluster-view.ts';
import { num, str, zxidField, type TraceRecord } from './trace-record.ts';

/** Every goal, in report order. */
export const SOMETIMES_GOALS = [
  'expiry-during-election',
  'close-in-flight-at-leader-crash',
  'session-moved-within-timeout',
  'ephemeral-create-races-close',
  'follower-missed-close-proposal',
] as const;

/** One goal. */
export type SometimesGoal = (typeof SOMETIMES_GOALS)[number];

/** Counts how often each goal happened in one run. */
export class SometimesTracker {
  readonly hits = new Map<SometimesGoal, number>();
  private readonly view: ClusterView;
  /** Per leader: closeSession zxids proposed, not committed. */
  private readonly openCloses = new Map<string, Set<number>>();
  /** Session → zxids of its closeSession / create in flight. */
  private readonly closesOf = new Map<string, Set<number>>();
  private readonly createsOf = new Map<string, Set<number>>();
  private readonly inFlight = new Map<number, { sessionId: string; kind: 'close' | 'create' }>();
  /** Per follower: closeSession zxids its leader proposed while it followed, not yet logged. */
  private readonly expected = new Map<string, Set<number>>();
  /** Per client: the last connection with a session: server, session, when it was lost. */
  private readonly lastLost = new Map<string, { server: string; sessionId: string; atMs: number }>();
  private readonly current = new Map<string, { server: string; sessionId: string }>();

  constructor(view: ClusterView) {
    this.view = view;
  }

  /** Notes one record (after the view has seen it). */
  onRecord(r: TraceRecord): void {
    switch (r.type) {
      case 'session-expire':
        if (r['rogue'] !== true && this.view.lookingCount > 0) this.hit('expiry-during-election');
        return;
      case 'client-event':
        if (str(r, 'state') === 'Expired' && this.view.leader === null) this.hit('expiry-during-election');
        return;
      case 'zab-propose': return this.onPropose(r);
      case 'zab-commit': {
        const z = zxidField(r, 'zxid');
        if (z === undefined) return;
        this.openCloses.get(r.node)?.delete(z);
        const f = this.inFlight.get(z);
        if (f !== undefined) {
          this.inFlight.delete(z);
          (f.kind === 'close' ? this.closesOf : this.createsOf).get(f.sessionId)?.delete(z);
        }
        return;
      }
      case 'zab-logged': {
        const z = zxidField(r, 'zxid');
        const exp = this.expected.get(r.node);
        if (z === undefined || exp === undefined) return;
        exp.delete(z);
        if ([...exp].some((e) => e < z)) this.missed(r.node);
        return;
      }
      case 'zab-sync-received':
      case 'peer-state':
        if ((this.expected.get(r.node)?.size ?? 0) > 0) this.missed(r.node);
        if (r.type === 'peer-state') this.openCloses.delete(r.node);
        return;
      case 'node-crashed':
        if ((this.openCloses.get(r.node)?.size ?? 0) > 0) this.hit('close-in-flight-at-leader-crash');
        this.openCloses.delete(r.node);
        if ((this.expected.get(r.node)?.size ?? 0) > 0) this.missed(r.node);
        this.onClientLost(r.node, r.time);
        return;
      case 'client-disconnect':
        return this.onClientLost(r.node, r.time);
      case 'client-session': return this.onClientSession(r);
      default:
    }
  }

  /** Goals reached at least once in this run. */
  reached(): SometimesGoal[] {
    return SOMETIMES_GOALS.filter((g) => (this.hits.get(g) ?? 0) > 0);
  }

  private hit(goal: SometimesGoal): void {
    this.hits.set(goal, (this.hits.get(goal) ?? 0) + 1);
  }

  private missed(follower: string): void {
    this.hit('follower-missed-close-proposal');
    this.expected.delete(follower);
  }

  private onPropose(r: TraceRecord): void {
    const z = zxidField(r, 'zxid');
    const id = str(r, 'sessionId');
    const txn = str(r, 'txn');
    if (z === undefined || id === undefined) return;
    if (txn === 'close-session') {
      let open = this.openCloses.get(r.node);
      if (open === undefined) this.openCloses.set(r.node, (open = new Set()));
      open.add(z);
      if ((this.createsOf.get(id)?.size ?? 0) > 0) this.hit('ephemeral-create-races-close');
      this.track(this.closesOf, id, z, 'close');
      for (const s of this.view.servers.values()) {
        if (s.name === r.node || !s.isServing || s.leader !== r.node) continue;
        let exp = this.expected.get(s.name);
        if (exp === undefined) this.expected.set(s.name, (exp = new Set()));
        exp.add(z);
      }
      return;
    }
    if (txn === 'create' || (txn === 'error' && str(r, 'code') === 'session-expired')) {
      if ((this.closesOf.get(id)?.size ?? 0) > 0) this.hit('ephemeral-create-races-close');
      if (txn === 'create') this.track(this.createsOf, id, z, 'create');
    }
  }

  private track(m: Map<string, Set<number>>, id: string, z: number, kind: 'close' | 'create'): void {
    let set = m.get(id);
    if (set === undefined) m.set(id, (set = new Set()));
    set.add(z);
    this.inFlight.set(z, { sessionId: id, kind });
  }

  private onClientLost(client: string, atMs: number): void {
    const c = this.current.get(client);
    if (c === undefined) return;
    this.current.delete(client);
    this.lastLost.set(client, { ...c, atMs });
  }

  private onClientSession(r: TraceRecord): void {
    const id = str(r, 'sessionId');
    const server = str(r, 'server');
    const timeoutMs = num(r, 'timeoutMs');
    if (id === undefined || server === undefined || timeoutMs === undefined || timeoutMs <= 0) return;
    const lost = this.lastLost.get(r.node);
    if (lost !== undefined && lost.sessionId === id && lost.server !== server && r.time - lost.atMs < timeoutMs) this.hit('session-moved-within-timeout');
    this.current.set(r.node, { server, sessionId: id });
  }
}
