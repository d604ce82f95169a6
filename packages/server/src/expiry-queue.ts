// ZooKeeper's ExpiryQueue (R5–R12): elements sit in buckets keyed by deadlines rounded up to a whole
// interval, and a single poller takes one bucket per interval. It owns only the bookkeeping; who is
// touched, and what an expired element means, is the caller's business. Invariant: an element is in at
// most one unpolled bucket, and when it is in one, `elemMap` points at that bucket.
import { assert } from '@zksim/kernel';

/**
 * ZooKeeper's rounding (R6): the first multiple of `intervalMs` strictly after `timeMs`, using Java's
 * truncating division. An exact multiple moves to the next bucket.
 * @example roundToNextInterval(9000, 2000) === 10000; roundToNextInterval(10000, 2000) === 12000
 */
export function roundToNextInterval(timeMs: number, intervalMs: number): number {
  return (Math.trunc(timeMs / intervalMs) + 1) * intervalMs;
}

/** How many polled buckets' arrays a queue keeps for reuse. */
const MAX_SPARE_ARRAYS = 8;
/** What a polled bucket holds instead of its array (never written: nothing goes into a polled bucket). */
const NO_ELEMS: never[] = [];

/**
 * Where an ExpiryQueue finds each element's bucket: a Map by default, or the kernel's DenseMap for dense
 * integer elements (connection ids), whose slot reads stay in cache where a hash-map probe does not.
 */
export interface ElemIndex<E, V> {
  get(e: E): V | undefined;
  set(e: E, v: V): unknown;
  delete(e: E): boolean;
  readonly size: number;
}

/**
 * Deadline buckets with one poller (ExpiryQueue.java). Use for session expiry (interval = tickTime)
 * and connection idle expiry. `poll` returns a bucket sorted by the comparator given at construction,
 * because ZooKeeper's bucket is a hash set whose order zksim must fix (R20: ascending session id).
 */
export class ExpiryQueue<E> {
  /** Width of a bucket in ms (tickTime for sessions, R5). */
  readonly intervalMs: number;
  private readonly compare: (a: E, b: E) => number;
  // ZooKeeper keys elemMap by element → deadline; zksim keeps element → bucket object, so that a move
  // needs no lookup of the old bucket (this is the leader's hottest path). A bucket's `time` is its deadline.
  private readonly elemMap: ElemIndex<E, Bucket<E>>;
  private readonly expiryMap = new Map<number, Bucket<E>>();
  /** Element arrays of polled buckets, kept for new buckets (they grow to thousands of entries). */
  private readonly spareArrays: E[][] = [];
  private nextExpiration: number;

  /**
   * Creates an empty queue whose poll cursor starts at the bucket after `nowMs` (R7). `index` holds
   * each element's bucket (default: a Map).
   */
  constructor(intervalMs: number, nowMs: number, compare: (a: E, b: E) => number, index?: ElemIndex<E, Bucket<E>>) {
    this.elemMap = index ?? new Map<E, Bucket<E>>();
    if (!(Number.isInteger(intervalMs) && intervalMs > 0)) assert(false, `ExpiryQueue interval must be a positive integer: ${intervalMs}`);
    if (!(Number.isInteger(nowMs))) assert(false, `ExpiryQueue nowMs must be an integer: ${nowMs}`);
    this.intervalMs = intervalMs;
    this.compare = compare;
    this.nextExpiration = roundToNextInterval(nowMs, intervalMs); // R7
  }

  /** Deadline of the next bucket `poll` will take. */
  get nextExpirationTime(): number {
    return this.nextExpiration;
  }

  /** Number of elements with a deadline (polled elements stay counted until removed, R11). */
  get size(): number {
    return this.elemMap.size;
  }

  /**
   * Gives `e` the deadline `roundToNextInterval(nowMs + timeoutMs)` (R8). Returns the new deadline, or
   * null when it equals the current one. The deadline may move earlier: there is no "only extend" rule.
   */
  update(e: E, timeoutMs: number, nowMs: number): number | null {
    return this.move(e, this.elemMap.get(e), timeoutMs, nowMs);
  }

  /** `update` for an element that already has a deadline; false (and nothing done) when it has none. */
  updateIfPresent(e: E, timeoutMs: number, nowMs: number): boolean {
    const prev = this.elemMap.get(e);
    if (prev === undefined) return false;
    this.move(e, prev, timeoutMs, nowMs);
    return true;
  }

  /** Forgets `e` (R9); returns its deadline, or null if it had none. Empty buckets wait for `poll`. */
  remove(e: E): number | null {
    const prev = this.elemMap.get(e);
    if (prev === undefined) return null;
    this.elemMap.delete(e);
    prev.live--;
    return prev.time;
  }

  /** Milliseconds until the next bucket is due, or 0 if it is due already (R10). */
  getWaitTime(nowMs: number): number {
    return nowMs < this.nextExpiration ? this.nextExpiration - nowMs : 0;
  }

  /**
   * Takes the due bucket (R11): empty if `nowMs` is before the cursor; otherwise advances the cursor by
   * exactly one interval and returns the old cursor's bucket, sorted by the constructor's comparator.
   * Polled elements keep their entry in elemMap; a lagging poller catches up one bucket per call.
   */
  poll(nowMs: number): E[] {
    const due = this.nextExpiration;
    if (nowMs < due) return [];
    this.nextExpiration = due + this.intervalMs;
    const bucket = this.expiryMap.get(due);
    if (bucket === undefined) return [];
    this.expiryMap.delete(due);
    const out = this.members(bucket);
    // A polled bucket is never filled or read again (later deadlines are later buckets): reuse its array.
    if (this.spareArrays.length < MAX_SPARE_ARRAYS) this.spareArrays.push(bucket.elems);
    bucket.elems = NO_ELEMS;
    bucket.count = 0;
    return out;
  }

  /** Deadline of `e`, or null when it has none. After a poll this is the (past) deadline of its bucket. */
  getExpiryTime(e: E): number | null {
    return this.elemMap.get(e)?.time ?? null;
  }

  /** Whether `e` is still waiting in a bucket that has not been polled. */
  isPending(e: E): boolean {
    const b = this.elemMap.get(e);
    return b !== undefined && this.expiryMap.get(b.time) === b;
  }

  /** Unpolled buckets as [deadline, elements] pairs, ascending deadline, elements sorted; for viewers and tests. */
  buckets(): [number, E[]][] {
    const out: [number, E[]][] = [];
    for (const b of this.expiryMap.values()) {
      const elems = this.members(b);
      if (elems.length > 0) out.push([b.time, elems]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** R8 from the bucket `prev` (undefined: none yet). */
  private move(e: E, prev: Bucket<E> | undefined, timeoutMs: number, nowMs: number): number | null {
    const t = nowMs + timeoutMs;
    if (!(Number.isInteger(t))) assert(false, `ExpiryQueue.update needs integer times: now ${nowMs}, timeout ${timeoutMs}`);
    const interval = this.intervalMs;
    const next = (Math.trunc(t / interval) + 1) * interval; // R6, inlined: this is the hot path
    if (prev !== undefined && prev.time === next) return null; // R8: unchanged
    let bucket = this.expiryMap.get(next);
    if (bucket === undefined) {
      bucket = { time: next, elems: this.spareArrays.pop() ?? [], count: 0, live: 0 };
      this.expiryMap.set(next, bucket);
    }
    // R8: leave the previous bucket. Its entry goes stale (elemMap no longer points there) and is dropped
    // when that bucket is read; if it was already polled, it is detached and this is harmless.
    if (prev !== undefined) prev.live--;
    bucket.live++;
    const elems = bucket.elems;
    if (bucket.count < elems.length) elems[bucket.count] = e;
    else elems.push(e);
    bucket.count++;
    this.elemMap.set(e, bucket);
    return next;
  }

  /**
   * The elements whose deadline is bucket `b`, sorted by the comparator: its live entries (elemMap points
   * at `b`), without the duplicates an element leaves when it moves away and back.
   */
  private members(b: Bucket<E>): E[] {
    if (b.live === 0) return []; // everyone moved on: no lookups (the usual case of a polled bucket)
    const live: E[] = [];
    for (let i = 0; i < b.count; i++) {
      const e = b.elems[i] as E;
      if (this.elemMap.get(e) === b) live.push(e);
    }
    live.sort(this.compare);
    let n = 0;
    for (let i = 0; i < live.length; i++) {
      if (n === 0 || this.compare(live[n - 1] as E, live[i] as E) !== 0) live[n++] = live[i] as E;
    }
    live.length = n;
    return live;
  }
}

/**
 * A deadline's elements. Why an array and not a Set: an update (every ping, R8) would cost an add and a
 * delete in two large hash sets; instead it appends, and the entry it leaves behind is dropped when the
 * bucket is read (`members`), which sorts anyway: insertion order never mattered.
 */
export interface Bucket<E> {
  readonly time: number;
  /** Entries 0 … count − 1 (a reused array may hold stale ones beyond). */
  elems: E[];
  count: number;
  /** How many elements have this bucket as their deadline now (entries minus the stale ones). */
  live: number;
}
