// The session tracker of a follower or observer with local sessions disabled (R38). It never expires
// anything and never rejects a session: it only allocates ids, records touches in a touch table that the
// next PING reply drains to the leader (R44), and mirrors commits and closes into the database's
// committed sessions map, which it shares by reference.
import { initialSessionId, nextSessionId } from '@zksim/protocol';
import type { ServerId, SessionId, TouchTable } from '@zksim/protocol';
import type { SessionOwner } from './session-tracker.ts';

/** Construction parameters of a LearnerSessionTracker. */
export interface LearnerSessionTrackerOptions {
  /** This server's myid; seeds the session ids it allocates (R1, R2). */
  readonly serverId: ServerId;
  readonly nowMs: number;
  /** The database's committed sessions map, shared (not copied). */
  readonly sessionsWithTimeout: Map<SessionId, number>;
}

/**
 * ZooKeeper's LearnerSessionTracker without local sessions. Use on followers and observers; the
 * leader's expiry queue learns about this server's clients only through `snapshot()` (R44).
 */
export class LearnerSessionTracker {
  /** This server's myid. */
  readonly serverId: ServerId;
  private readonly sessionsWithTimeout: Map<SessionId, number>;
  // The touch table (R38): id → position in the two arrays, in first-touch order; a removed session
  // leaves a null id behind. Built as the PING reply's TouchTable, so a snapshot copies nothing but ids.
  private touchIndex = new Map<SessionId, number>();
  private touchIds: (SessionId | null)[] = [];
  private touchTimeouts: number[] = [];
  private nextId: SessionId;

  /** Seeds the id counter from `serverId` and `nowMs` (R1) and starts with an empty touch table (R67). */
  constructor(options: LearnerSessionTrackerOptions) {
    this.serverId = options.serverId;
    this.sessionsWithTimeout = options.sessionsWithTimeout;
    this.nextId = initialSessionId(options.serverId, options.nowMs);
  }

  /** The id the next `createSession` will hand out. */
  get nextSessionId(): SessionId {
    return this.nextId;
  }

  /** Number of sessions touched since the last snapshot. */
  get touchCount(): number {
    return this.touchIndex.size;
  }

  /** The touch table the next PING reply will carry (read-only view, for panels). */
  touches(): ReadonlyMap<SessionId, number> {
    const out = new Map<SessionId, number>();
    for (const [id, i] of this.touchIndex) out.set(id, this.touchTimeouts[i] as number);
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
    const i = this.touchIndex.get(id);
    if (i === undefined) {
      this.touchIndex.set(id, this.touchIds.length);
      this.touchIds.push(id);
      this.touchTimeouts.push(timeoutMs);
    } else {
      this.touchTimeouts[i] = timeoutMs;
    }
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
    const i = this.touchIndex.get(id);
    if (i !== undefined) {
      this.touchIds[i] = null; // a later touch appends it again, as a Map would
      this.touchIndex.delete(id);
    }
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
    let timeouts = this.touchTimeouts;
    if (this.touchIndex.size !== ids.length) {
      // Some were removed: drop their slots.
      const keptIds: SessionId[] = [];
      const keptTimeouts: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = this.touchIds[i];
        if (id === null || id === undefined) continue;
        keptIds.push(id);
        keptTimeouts.push(timeouts[i] as number);
      }
      ids = keptIds;
      timeouts = keptTimeouts;
    }
    this.touchIndex = new Map<SessionId, number>();
    this.touchIds = [];
    this.touchTimeouts = [];
    return { ids, timeouts };
  }
}
