// The session tracker that runs expiry (R13–R23): SessionTrackerImpl for standalone servers and for the
// leader's global sessions. It owns per-session runtime state (deadline bucket, isClosing, owner), which
// is never replicated (R64); the committed `sessionsWithTimeout` map belongs to the database and is
// shared by reference. Invariant: a session has an expiry deadline iff it is in `sessionsById`.
import { DenseMap, assert, grownTo } from '@zksim/kernel';
import { compareSessionIds, initialSessionId, nextSessionId } from '@zksim/protocol';
import type { ServerId, SessionId } from '@zksim/protocol';
import { ExpiryQueue } from './expiry-queue.ts';
import type { Bucket } from './expiry-queue.ts';
import { SessionHandles } from './session-handles.ts';

/** An owner token (R24): compared by value; the connection or learner channel a session belongs to. */
export type SessionOwner = string;

/** Outcome of `checkSession` (R21); every value but 'ok' is an exception in ZooKeeper. */
export type SessionCheck = 'ok' | 'unknown-session' | 'session-expired' | 'session-moved';

/** What a tracker knows about one session, for panels and tests. */
export interface SessionInfo {
  readonly sessionId: SessionId;
  /** The timeout the session was first tracked with (SessionImpl.timeout, final). */
  readonly timeoutMs: number;
  readonly isClosing: boolean;
  readonly owner: SessionOwner | null;
}

/** Construction parameters of a SessionTrackerImpl. */
export interface SessionTrackerOptions {
  readonly tickTimeMs: number;
  /** This server's myid; seeds the session ids it allocates (R1, R2). */
  readonly serverId: ServerId;
  readonly nowMs: number;
  /** The database's committed sessions map, shared (not copied): commit and remove write through it. */
  readonly sessionsWithTimeout: Map<SessionId, number>;
  /** The simulation's session handles (see session-handles.ts); default: a table of its own. */
  readonly handles?: SessionHandles;
}

interface SessionState {
  readonly sessionId: SessionId;
  readonly handle: number;
  readonly timeoutMs: number;
  isClosing: boolean;
  owner: SessionOwner | null;
}

/**
 * ZooKeeper's SessionTrackerImpl over an ExpiryQueue with interval tickTime. The expiry "thread" is
 * driven by the caller: schedule a wake-up `getWaitTime(now)` ahead and call `pollExpired(now)`.
 */
export class SessionTrackerImpl {
  /** Bucket width of the expiry queue. */
  readonly tickTimeMs: number;
  /** This server's myid. */
  readonly serverId: ServerId;
  /** Session ids ↔ handles; the hot paths index by handle (no string is read on a touch). */
  readonly handles: SessionHandles;
  /** Tracked sessions in insertion order (for panels), and by handle (for the hot paths). */
  private readonly sessionsById = new Map<SessionId, SessionState>();
  private readonly sessionsByHandle = new DenseMap<SessionState>();
  /**
   * Handles of the closing sessions, also flagged in their state. A touch (every ping, R17) checks this
   * small set and the expiry queue, not the session state: at 10k sessions that is a cache miss per touch.
   */
  private readonly closingHandles = new Set<number>();
  /**
   * The owner of each tracked session as a small code by handle (0: none), mirroring SessionState.owner,
   * so that the owner check of a ping (R21) reads no session object. Codes number the owner tokens.
   */
  private ownerCodeAt = new Int32Array(64);
  private readonly ownerCodes = new Map<SessionOwner, number>();
  private readonly sessionsWithTimeout: Map<SessionId, number>;
  /** The expiry queue holds handles; `poll` sorts them by session id (R20). */
  private readonly queue: ExpiryQueue<number>;
  private nextId: SessionId;

  /** R13: seeds the id counter and tracks every committed session with a fresh full timeout from `nowMs`. */
  constructor(options: SessionTrackerOptions) {
    const { tickTimeMs, serverId, nowMs, sessionsWithTimeout } = options;
    if (!(Number.isInteger(serverId))) assert(false, `serverId must be an integer: ${serverId}`);
    this.tickTimeMs = tickTimeMs;
    this.serverId = serverId;
    this.sessionsWithTimeout = sessionsWithTimeout;
    const handles = options.handles ?? new SessionHandles();
    this.handles = handles;
    this.queue = new ExpiryQueue<number>(tickTimeMs, nowMs, (a, b) => compareSessionIds(handles.idOf(a), handles.idOf(b)), new DenseMap<Bucket<number>>());
    this.nextId = initialSessionId(serverId, nowMs); // R1: computed once, at construction
    for (const [id, timeoutMs] of sessionsWithTimeout) this.trackSession(id, timeoutMs, nowMs);
  }

  /** The id the next `createSession` will hand out. */
  get nextSessionId(): SessionId {
    return this.nextId;
  }

  /** Deadline of the next bucket the expiry step will take. */
  get nextExpirationTime(): number {
    return this.queue.nextExpirationTime;
  }

  /** Number of tracked sessions (closing ones included). */
  get size(): number {
    return this.sessionsById.size;
  }

  /** R14: allocates the next id and tracks it; the committed map is not touched until `commitSession`. */
  createSession(timeoutMs: number, nowMs: number): SessionId {
    const id = this.nextId;
    this.nextId = nextSessionId(id);
    this.trackSession(id, timeoutMs, nowMs);
    return id;
  }

  /**
   * R15: tracks `id` if unknown, then re-buckets it with `timeoutMs` — even when it is closing, so a
   * closing session tracked again is polled (and expired) again later. Returns true iff newly added.
   */
  trackSession(id: SessionId, timeoutMs: number, nowMs: number): boolean {
    let added = false;
    const h = this.handles.of(id);
    if (!this.sessionsById.has(id)) {
      const s: SessionState = { sessionId: id, handle: h, timeoutMs, isClosing: false, owner: null };
      this.setOwnerCode(h, null);
      this.sessionsById.set(id, s);
      this.sessionsByHandle.set(h, s);
      added = true;
    }
    this.queue.update(h, timeoutMs, nowMs);
    return added;
  }

  /** R16: records the committed timeout in the shared map; true iff the session was not there. */
  commitSession(id: SessionId, timeoutMs: number): boolean {
    const isNew = !this.sessionsWithTimeout.has(id);
    this.sessionsWithTimeout.set(id, timeoutMs);
    return isNew;
  }

  /** R17: re-buckets a live session with `timeoutMs` (not its stored timeout); false if unknown or closing. */
  touchSession(id: SessionId, timeoutMs: number, nowMs: number): boolean {
    const h = this.handles.find(id);
    return h !== -1 && this.touchHandle(h, timeoutMs, nowMs);
  }

  /** `touchSession` by handle (`handles.of(id)`): the per-ping path. */
  touchHandle(h: number, timeoutMs: number, nowMs: number): boolean {
    if (this.closingHandles.size !== 0 && this.closingHandles.has(h)) return false;
    return this.queue.updateIfPresent(h, timeoutMs, nowMs); // tracked iff queued
  }

  /** R18: marks a tracked session closing (never reverted); no-op for unknown ids. */
  setSessionClosing(id: SessionId): void {
    const s = this.sessionsById.get(id);
    if (s === undefined) return;
    s.isClosing = true;
    this.closingHandles.add(this.handles.of(id));
  }

  /** R19: forgets the session everywhere: tracker, committed map and expiry queue. */
  removeSession(id: SessionId): void {
    this.sessionsById.delete(id);
    this.sessionsWithTimeout.delete(id);
    const h = this.handles.find(id);
    if (h === -1) return;
    this.sessionsByHandle.delete(h);
    this.closingHandles.delete(h);
    this.queue.remove(h);
  }

  /**
   * One step of the expiry thread (R20): polls one bucket, marks each of its sessions closing and
   * returns them in ascending id order; the caller submits a closeSession for each. Sessions stay
   * tracked until that closeSession is applied. While `getWaitTime(now)` is 0, call again.
   */
  pollExpired(nowMs: number): SessionId[] {
    const expired = this.queue.poll(nowMs).map((h) => this.handles.idOf(h));
    for (const id of expired) this.setSessionClosing(id);
    return expired;
  }

  /** Milliseconds until the next expiry step is due (R10). */
  getWaitTime(nowMs: number): number {
    return this.queue.getWaitTime(nowMs);
  }

  /**
   * R21: unknown → 'unknown-session'; closing → 'session-expired'; no owner yet → take `owner` and
   * accept; a different owner → 'session-moved'. Owners are compared by value.
   */
  checkSession(id: SessionId, owner: SessionOwner | null): SessionCheck {
    return this.check(this.sessionsById.get(id), owner);
  }

  /** `checkSession` by handle: the per-ping path (it reads no session object once an owner is set). */
  checkHandle(h: number, owner: SessionOwner | null): SessionCheck {
    if (!this.sessionsByHandle.has(h)) return 'unknown-session';
    if (this.closingHandles.size !== 0 && this.closingHandles.has(h)) return 'session-expired';
    const code = this.ownerCodeAt[h] as number;
    if (code === 0) return this.check(this.sessionsByHandle.get(h), owner); // no owner yet: take it
    return code === this.ownerCode(owner) ? 'ok' : 'session-moved';
  }

  private check(s: SessionState | undefined, owner: SessionOwner | null): SessionCheck {
    if (s === undefined) return 'unknown-session';
    if (s.isClosing) return 'session-expired';
    if (s.owner === null) {
      s.owner = owner;
      this.setOwnerCode(s.handle, owner);
      return 'ok';
    }
    return s.owner === owner ? 'ok' : 'session-moved';
  }

  /** The code of an owner token (0 for none), numbered on first sight. */
  private ownerCode(owner: SessionOwner | null): number {
    if (owner === null) return 0;
    let code = this.ownerCodes.get(owner);
    if (code === undefined) {
      code = this.ownerCodes.size + 1;
      this.ownerCodes.set(owner, code);
    }
    return code;
  }

  private setOwnerCode(h: number, owner: SessionOwner | null): void {
    this.ownerCodeAt = grownTo(this.ownerCodeAt, h + 1);
    this.ownerCodeAt[h] = this.ownerCode(owner);
  }

  /** R21: `checkSession` with an unknown session reported as expired (ephemeral creates need this). */
  checkGlobalSession(id: SessionId, owner: SessionOwner | null): Exclude<SessionCheck, 'unknown-session'> {
    const r = this.checkSession(id, owner);
    return r === 'unknown-session' ? 'session-expired' : r;
  }

  /** R22: overwrites the owner of a live session; 'session-expired' if unknown or closing. */
  setOwner(id: SessionId, owner: SessionOwner | null): 'ok' | 'session-expired' {
    const s = this.sessionsById.get(id);
    if (s === undefined || s.isClosing) return 'session-expired';
    s.owner = owner;
    this.setOwnerCode(s.handle, owner);
    return 'ok';
  }

  /** R23: the committed timeout (from the shared map), or null when the session is not committed. */
  getSessionTimeout(id: SessionId): number | null {
    return this.sessionsWithTimeout.get(id) ?? null;
  }

  /** Whether the tracker knows `id` (SessionTrackerImpl.isTrackingSession). */
  isTracked(id: SessionId): boolean {
    return this.sessionsById.has(id);
  }

  /** Whether `id` is tracked and closing. */
  isClosing(id: SessionId): boolean {
    return this.sessionsById.get(id)?.isClosing ?? false;
  }

  /** The owner token of a tracked session (null when none or unknown). */
  ownerOf(id: SessionId): SessionOwner | null {
    return this.sessionsById.get(id)?.owner ?? null;
  }

  /** The expiry deadline of a tracked session (past, if its bucket was already polled), or null. */
  expiryTimeOf(id: SessionId): number | null {
    const h = this.handles.find(id);
    return h === -1 ? null : this.queue.getExpiryTime(h);
  }

  /** Tracked sessions in insertion order, for panels. The objects are live views: do not keep them. */
  sessions(): IterableIterator<SessionInfo> {
    return this.sessionsById.values();
  }

  /** Unpolled expiry buckets as [deadline, session ids], ascending; for the viewer. */
  expiryBuckets(): [number, SessionId[]][] {
    return this.queue.buckets().map(([t, hs]) => [t, hs.map((h) => this.handles.idOf(h))]);
  }
}
