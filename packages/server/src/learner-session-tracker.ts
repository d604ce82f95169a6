// The session tracker of a follower or observer with local sessions disabled (R38). It never expires
// anything and never rejects a session: it only allocates ids, records touches in a touch table that the
// next PING reply drains to the leader (R44), and mirrors commits and closes into the database's
// committed sessions map, which it shares by reference.
import { grownTo } from '@zksim/kernel';
import { initialSessionId, nextSessionId } from '@zksim/protocol';
import type { ServerId, SessionId, TouchTable } from '@zksim/protocol';
import { SessionHandles } from './session-handles.ts';
import type { SessionOwner } from './session-tracker.ts';

/** Construction parameters of a LearnerSessionTracker. */
export interface LearnerSessionTrackerOptions {
  /** This server's myid; seeds the session ids it allocates (R1, R2). */
  readonly serverId: ServerId;
  readonly nowMs: number;
  /** The database's committed sessions map, shared (not copied). */
  readonly sessionsWithTimeout: Map<SessionId, number>;
  /** The simulation's session handles (see session-handles.ts); default: a table of its own. */
  readonly handles?: SessionHandles;
}

/**
 * ZooKeeper's LearnerSessionTracker without local sessions. Use on followers and observers; the
 * leader's expiry queue learns about this server's clients only through `snapshot()` (R44).
 */
export class LearnerSessionTracker {
  /** This server's myid. */
  readonly serverId: ServerId;
  /** Session ids ↔ handles; a touch finds its table entry by handle (no string is read). */
  readonly handles: SessionHandles;
  private readonly sessionsWithTimeout: Map<SessionId, number>;
  // The touch table (R38) as the three parallel arrays the PING reply carries, in first-touch order; a
  // removed session leaves a null id behind. A session's entry is found through two arrays by handle:
  // `entryRound[h]` is the round its entry belongs to (a stale round means none), `entryAt[h]` where it
  // is. No map is rebuilt each round, and a touch reads no string.
  private touchIds: (SessionId | null)[] = [];
  private touchHandles: number[] = [];
  private touchTimeouts: number[] = [];
  private liveTouches = 0;
  private round = 1;
  private entryRound = new Int32Array(64);
  private entryAt = new Int32Array(64);
  private nextId: SessionId;

  /** Seeds the id counter from `serverId` and `nowMs` (R1) and starts with an empty touch table (R67). */
  constructor(options: LearnerSessionTrackerOptions) {
    this.serverId = options.serverId;
    this.sessionsWithTimeout = options.sessionsWithTimeout;
    this.handles = options.handles ?? new SessionHandles();
    this.nextId = initialSessionId(options.serverId, options.nowMs);
  }

  /** The id the next `createSession` will hand out. */
  get nextSessionId(): SessionId {
    return this.nextId;
  }

  /** Number of sessions touched since the last snapshot. */
  get touchCount(): number {
    return this.liveTouches;
  }

  /** The touch table the next PING reply will carry (read-only view, for panels). */
  touches(): ReadonlyMap<SessionId, number> {
    const out = new Map<SessionId, number>();
    for (let i = 0; i < this.touchIds.length; i++) {
      const id = this.touchIds[i];
      if (id !== null && id !== undefined) out.set(id, this.touchTimeouts[i] as number);
    }
    return out;
  }

  /** R38: allocates the next id and tracks nothing (the leader starts the clock in prep, R49). */
  createSession(): SessionId {
    const id = this.nextId;
    this.nextId = nextSessionId(id);
    return id;
  }

  /** R38: records (id, timeout) for the next PING reply; always true — a learner never rejects a touch. */
  touchSession(id: SessionId, timeoutMs: number): true {
    return this.touchHandle(this.handles.of(id), id, timeoutMs);
  }

  /** `touchSession` with the session's handle (`handles.of(id)`) known: the per-ping path. */
  touchHandle(h: number, id: SessionId, timeoutMs: number): true {
    if (h >= this.entryRound.length) {
      this.entryRound = grownTo(this.entryRound, h + 1);
      this.entryAt = grownTo(this.entryAt, h + 1);
    }
    if (this.entryRound[h] === this.round) {
      this.touchTimeouts[this.entryAt[h] as number] = timeoutMs;
      return true;
    }
    this.entryRound[h] = this.round;
    this.entryAt[h] = this.touchIds.length;
    this.touchIds.push(id);
    this.touchHandles.push(h);
    this.touchTimeouts.push(timeoutMs);
    this.liveTouches++;
    return true;
  }

  /** R38: learners do not track global sessions; always false. */
  trackSession(): false {
    return false;
  }

  /** R38: global sessions are checked only by the leader; always 'ok'. */
  checkSession(_id: SessionId, _owner: SessionOwner | null): 'ok' {
    return 'ok';
  }

  /** R38: owners live on the leader; always 'ok'. */
  setOwner(_id: SessionId, _owner: SessionOwner | null): 'ok' {
    return 'ok';
  }

  /** R38: closing state lives on the leader; no-op. */
  setSessionClosing(_id: SessionId): void {}

  /** R38 (createSession commit): records the committed timeout and touches the session; true iff new. */
  commitSession(id: SessionId, timeoutMs: number): boolean {
    const isNew = !this.sessionsWithTimeout.has(id);
    this.sessionsWithTimeout.set(id, timeoutMs);
    this.touchSession(id, timeoutMs);
    return isNew;
  }

  /** R38 (closeSession commit): drops the session from the committed map and the touch table. */
  removeSession(id: SessionId): void {
    this.sessionsWithTimeout.delete(id);
    const h = this.handles.find(id);
    if (h === -1 || h >= this.entryRound.length || this.entryRound[h] !== this.round) return;
    this.touchIds[this.entryAt[h] as number] = null; // a later touch appends it again, as a Map would
    this.entryRound[h] = 0;
    this.liveTouches--;
  }

  /** Whether `id` is a committed (global) session. */
  isGlobalSession(id: SessionId): boolean {
    return this.sessionsWithTimeout.has(id);
  }

  /** The committed timeout of `id`, or null (R23). */
  getSessionTimeout(id: SessionId): number | null {
    return this.sessionsWithTimeout.get(id) ?? null;
  }

  /**
   * R38/R44: returns the touch table and starts a new, empty one. Order is first touch since the last
   * snapshot (insertion order; ZooKeeper's is hash order).
   */
  snapshot(): TouchTable {
    let ids = this.touchIds as SessionId[];
    let handles = this.touchHandles;
    let timeouts = this.touchTimeouts;
    if (this.liveTouches !== ids.length) {
      // Some were removed: drop their slots.
      const keptIds: SessionId[] = [];
      const keptHandles: number[] = [];
      const keptTimeouts: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = this.touchIds[i];
        if (id === null || id === undefined) continue;
        keptIds.push(id);
        keptHandles.push(handles[i] as number);
        keptTimeouts.push(timeouts[i] as number);
      }
      ids = keptIds;
      handles = keptHandles;
      timeouts = keptTimeouts;
    }
    this.round++; // every entry of the table just taken is stale now
    this.touchIds = [];
    this.touchHandles = [];
    this.touchTimeouts = [];
    this.liveTouches = 0;
    return { ids, timeouts, handles };
  }
}
