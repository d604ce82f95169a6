// The kernel's pending-event store, ordered by (time, seq): a calendar of one-millisecond buckets for the
// next WINDOW ms, and a binary min-heap over (time, seq) in typed arrays for everything else, plus a slot
// pool holding each event's target, channel, numeric argument and payloads. No event objects are
// allocated per push. `seq` is a counter taken at push time, so equal times pop in push order and never
// depend on object identity. Cancellation is lazy: a cancelled slot stays where it is and is skipped
// when it comes first; an EventId carries a generation so a stale id never cancels a reused slot.
//
// Why a calendar: times are integer milliseconds and nearly every event is due within seconds (message
// deliveries, pings, ticks). A bucket per millisecond, filled in push order, pops in exactly (time, seq)
// order, and a push or a pop is a few array writes instead of a walk up or down a heap of thousands of
// entries. A bucket holds a time `t` only while `base ≤ t < base + WINDOW`, where `base` is the latest
// popped time: pops come in order, so the calendar's events are never earlier than `base`. A push outside
// that range (later, or earlier than the last pop) goes to the heap; a pop takes the smaller of the two
// fronts, comparing (time, seq), so events never need to move from one to the other.

import { AssertionError } from './errors.ts';

/** Identifies one pushed event; pass it to `cancel`. */
export type EventId = number;

const SLOT_BITS = 2 ** 25; // up to 33 M live slots
const GEN_MOD = 2 ** 27; // generations wrap; ids stay below 2^52
/** Default calendar span in ms (a power of two): longer than the 10 s a ZooKeeper client sleeps. */
const DEFAULT_WINDOW = 1 << 14;

/** Min-heap of events ordered by (time, seq) with a slot pool and lazy cancellation. */
export class EventQueue {
  // Heap arrays: entry k holds (time, seq, slot).
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private n = 0;

  // Calendar: bucket b holds the slots of time t with t & mask = b, as a list in push order (head, tail,
  // `next` per slot); bit b of `occupied` is set while the bucket is not empty. `calCount` counts the
  // slots in all buckets (cancelled ones included until skipped).
  private readonly mask: number;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly occupied: Uint32Array;
  private next: Int32Array;
  /** Time and seq of each slot (for calendar entries; the heap keeps its own copies). */
  private slotTime: Float64Array;
  private slotSeq: Float64Array;
  private calCount = 0;
  /** The latest popped time: calendar entries are in [base, base + window). */
  private base = 0;
  /** Where the search for the calendar's front starts: no calendar entry is earlier (base ≤ scanFrom). */
  private scanFrom = 0;

  // Slot pool.
  /** Target node of each slot. */
  target: Int32Array;
  /** Channel (dispatcher index) of each slot; −1 marks a cancelled or free slot. */
  channel: Int32Array;
  /** Numeric argument of each slot. */
  arg: Float64Array;
  /** Incarnation of the target node at push time. */
  incarnation: Int32Array;
  /** First object payload of each slot. */
  payload: unknown[];
  /** Second object payload of each slot (timer tags, for instance). */
  aux: unknown[];
  private gen: Int32Array;
  /** 1 while a slot's entry is in the heap (pushed, not yet popped). */
  private inHeap: Uint8Array;
  private free: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private live = 0;
  private nextSeq = 0;

  /**
   * `capacity`: initial slots (the arrays grow). `windowMs`: the calendar's span, a power of two (tests
   * use a small one so that the heap and the wrap-around are exercised).
   */
  constructor(capacity = 1024, windowMs = DEFAULT_WINDOW) {
    if (!(Number.isInteger(Math.log2(windowMs)) && windowMs >= 32)) throw new RangeError(`EventQueue: window ${windowMs} must be a power of two ≥ 32`);
    this.mask = windowMs - 1;
    this.head = new Int32Array(windowMs).fill(-1);
    this.tail = new Int32Array(windowMs).fill(-1);
    this.occupied = new Uint32Array(windowMs >> 5);
    const c = Math.max(16, capacity);
    this.next = new Int32Array(c);
    this.slotTime = new Float64Array(c);
    this.slotSeq = new Float64Array(c);
    this.hTime = new Float64Array(c);
    this.hSeq = new Float64Array(c);
    this.hSlot = new Int32Array(c);
    this.target = new Int32Array(c);
    this.channel = new Int32Array(c);
    this.arg = new Float64Array(c);
    this.incarnation = new Int32Array(c);
    this.payload = new Array<unknown>(c).fill(undefined);
    this.aux = new Array<unknown>(c).fill(undefined);
    this.gen = new Int32Array(c);
    this.inHeap = new Uint8Array(c);
    this.free = new Int32Array(c);
  }

  /** Number of live (not cancelled) pending events. */
  get size(): number {
    return this.live;
  }

  /** The sequence number the next push will take. */
  get seqCounter(): number {
    return this.nextSeq;
  }

  /** Pushes an event; returns its id. */
  push(time: number, target: number, channel: number, arg: number, payload: unknown, aux: unknown, incarnation: number): EventId {
    const slot = this.allocSlot();
    this.target[slot] = target;
    this.channel[slot] = channel;
    this.arg[slot] = arg;
    this.payload[slot] = payload;
    this.aux[slot] = aux;
    this.incarnation[slot] = incarnation;
    this.inHeap[slot] = 1;
    const seq = this.nextSeq++;
    const base = this.base;
    if (time >= base && time - base <= this.mask && Number.isInteger(time)) this.calendarAppend(time, seq, slot);
    else this.heapPush(time, seq, slot);
    this.live++;
    return (this.gen[slot] as number) * SLOT_BITS + slot;
  }

  /** Cancels a pending event. Returns false if it already ran, was cancelled, or the id is stale. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const g = Math.floor(id / SLOT_BITS);
    if (slot >= this.slotsUsed || this.gen[slot] !== g || this.channel[slot] === -1 || this.inHeap[slot] === 0) return false;
    this.channel[slot] = -1;
    this.payload[slot] = undefined;
    this.aux[slot] = undefined;
    this.gen[slot] = ((this.gen[slot] as number) + 1) % GEN_MOD;
    this.live--;
    return true;
  }

  /**
   * Cancels an event that was popped but is still held by the kernel (a frozen node's backlog): marks the
   * slot so the holder skips it. Returns false for an id that is stale, released or still in the heap.
   */
  cancelPopped(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const g = Math.floor(id / SLOT_BITS);
    if (slot >= this.slotsUsed || this.gen[slot] !== g || this.channel[slot] === -1 || this.inHeap[slot] === 1) return false;
    this.channel[slot] = -1;
    this.payload[slot] = undefined;
    this.aux[slot] = undefined;
    this.gen[slot] = ((this.gen[slot] as number) + 1) % GEN_MOD;
    return true;
  }

  /**
   * Moves pending events to new times: `retime(slot, time)` returns the new time of a slot's event, or
   * null to leave it. Sequence numbers are kept, so equal times still pop in the original order. O(n).
   */
  retime(newTime: (slot: number, time: number) => number | null): number {
    // Take every pending entry out (calendar and heap), re-time it, and put them all back in seq order
    // with their old seqs, so that equal times still pop in the original order.
    const entries: [number, number, number][] = [];
    for (let i = 0; i < this.n; i++) entries.push([this.hTime[i] as number, this.hSeq[i] as number, this.hSlot[i] as number]);
    for (let b = 0; b <= this.mask; b++) {
      for (let slot = this.head[b] as number; slot !== -1; slot = this.next[slot] as number) {
        entries.push([this.slotTime[slot] as number, this.slotSeq[slot] as number, slot]);
      }
    }
    let moved = 0;
    for (const e of entries) {
      if (this.channel[e[2]] === -1) continue;
      const t = newTime(e[2], e[0]);
      if (t !== null && t !== e[0]) {
        e[0] = t;
        moved++;
      }
    }
    if (moved === 0) return 0;
    this.n = 0;
    this.head.fill(-1);
    this.tail.fill(-1);
    this.occupied.fill(0);
    this.calCount = 0;
    entries.sort((a, b) => a[1] - b[1]);
    for (const [t, q, slot] of entries) {
      if (t >= this.base && t - this.base <= this.mask && Number.isInteger(t)) this.calendarAppend(t, q, slot);
      else this.heapPush(t, q, slot);
    }
    return moved;
  }

  /** Time of the earliest live event, or Infinity when none is pending. */
  peekTime(): number {
    this.dropCancelledTop();
    const c = this.calendarFront();
    if (c === -1) return this.n === 0 ? Infinity : (this.hTime[0] as number);
    const ct = this.slotTime[c] as number;
    return this.n === 0 || ct < (this.hTime[0] as number) ? ct : (this.hTime[0] as number);
  }

  /**
   * Pops the earliest live event and returns its slot (read its fields, then `release` it), or −1 when
   * empty. `poppedTime` and `poppedSeq` hold its time and sequence number.
   */
  pop(): number {
    this.dropCancelledTop();
    const c = this.calendarFront();
    let slot: number;
    if (c !== -1 && (this.n === 0 || this.calendarFirst(c))) {
      slot = c;
      this.poppedTime = this.slotTime[c] as number;
      this.poppedSeq = this.slotSeq[c] as number;
      this.calendarShift(c);
      if (this.poppedTime > this.base) this.base = this.poppedTime;
    } else {
      if (this.n === 0) return -1;
      slot = this.hSlot[0] as number;
      this.poppedTime = this.hTime[0] as number;
      this.poppedSeq = this.hSeq[0] as number;
      this.heapRemoveTop();
    }
    this.inHeap[slot] = 0;
    this.live--;
    return slot;
  }

  /** Whether calendar entry `c` comes before the heap's top (the heap is not empty). */
  private calendarFirst(c: number): boolean {
    const ct = this.slotTime[c] as number;
    const ht = this.hTime[0] as number;
    return ct < ht || (ct === ht && (this.slotSeq[c] as number) < (this.hSeq[0] as number));
  }

  private calendarAppend(time: number, seq: number, slot: number): void {
    const b = time & this.mask;
    if (time < this.scanFrom || this.calCount === 0) this.scanFrom = time;
    this.slotTime[slot] = time;
    this.slotSeq[slot] = seq;
    this.next[slot] = -1;
    const t = this.tail[b] as number;
    if (t === -1) {
      this.head[b] = slot;
      this.occupied[b >> 5] = (this.occupied[b >> 5] as number) | (1 << (b & 31));
    } else {
      this.next[t] = slot;
    }
    this.tail[b] = slot;
    this.calCount++;
  }

  /** Unlinks `slot`, the head of its bucket. */
  private calendarShift(slot: number): void {
    const b = (this.slotTime[slot] as number) & this.mask;
    const nx = this.next[slot] as number;
    this.head[b] = nx;
    if (nx === -1) {
      this.tail[b] = -1;
      this.occupied[b >> 5] = (this.occupied[b >> 5] as number) & ~(1 << (b & 31));
    }
    this.calCount--;
  }

  /**
   * The calendar's earliest live entry (the head of the first non-empty bucket from `base` on, circularly),
   * or −1; cancelled heads on the way are dropped and their slots freed.
   */
  private calendarFront(): number {
    const occ = this.occupied;
    const words = occ.length;
    while (this.calCount > 0) {
      // Entries are in [scanFrom, base + window): circular order from scanFrom's bucket is time order.
      const from = this.scanFrom;
      const start = from & this.mask;
      let w = start >> 5;
      let word = (occ[w] as number) & (-1 << (start & 31));
      // Back at the first word after a full turn, its low bits (unmasked now) are the window's last buckets.
      let steps = 0;
      while (word === 0) {
        if (++steps > words) throw new AssertionError('EventQueue: calendar count and buckets disagree');
        w = w + 1 === words ? 0 : w + 1;
        word = occ[w] as number;
      }
      const b = (w << 5) | (31 - Math.clz32(word & -word));
      this.scanFrom = from + ((b - start) & this.mask);
      const slot = this.head[b] as number;
      if (this.channel[slot] !== -1) return slot;
      this.calendarShift(slot); // cancelled: drop it
      this.inHeap[slot] = 0;
      this.free[this.freeCount++] = slot;
    }
    return -1;
  }

  /** Time of the event returned by the last `pop`. */
  poppedTime = 0;
  /** Sequence number of the event returned by the last `pop`. */
  poppedSeq = 0;

  /** Returns a popped slot to the pool. */
  release(slot: number): void {
    this.channel[slot] = -1;
    this.payload[slot] = undefined;
    this.aux[slot] = undefined;
    this.gen[slot] = ((this.gen[slot] as number) + 1) % GEN_MOD;
    this.free[this.freeCount++] = slot;
  }

  private dropCancelledTop(): void {
    while (this.n > 0) {
      const slot = this.hSlot[0] as number;
      if (this.channel[slot] !== -1) return;
      this.inHeap[slot] = 0;
      this.heapRemoveTop();
      this.free[this.freeCount++] = slot;
    }
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount] as number;
    if (this.slotsUsed === this.target.length) this.growSlots();
    return this.slotsUsed++;
  }

  private growSlots(): void {
    const c = this.target.length * 2;
    if (c > SLOT_BITS) throw new RangeError('EventQueue: more than 2^25 pending events');
    this.target = grow(this.target, new Int32Array(c));
    this.channel = grow(this.channel, new Int32Array(c));
    this.arg = grow(this.arg, new Float64Array(c));
    this.incarnation = grow(this.incarnation, new Int32Array(c));
    this.gen = grow(this.gen, new Int32Array(c));
    this.inHeap = grow(this.inHeap, new Uint8Array(c));
    this.free = grow(this.free, new Int32Array(c));
    this.next = grow(this.next, new Int32Array(c));
    this.slotTime = grow(this.slotTime, new Float64Array(c));
    this.slotSeq = grow(this.slotSeq, new Float64Array(c));
    const oldLen = this.payload.length;
    this.payload.length = c;
    this.aux.length = c;
    this.payload.fill(undefined, oldLen);
    this.aux.fill(undefined, oldLen);
  }

  private heapPush(time: number, seq: number, slot: number): void {
    if (this.n === this.hTime.length) {
      const c = this.hTime.length * 2;
      this.hTime = grow(this.hTime, new Float64Array(c));
      this.hSeq = grow(this.hSeq, new Float64Array(c));
      this.hSlot = grow(this.hSlot, new Int32Array(c));
    }
    const ht = this.hTime;
    const hs = this.hSeq;
    const hl = this.hSlot;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ht[p] as number;
      if (pt < time || (pt === time && (hs[p] as number) < seq)) break;
      ht[i] = pt;
      hs[i] = hs[p] as number;
      hl[i] = hl[p] as number;
      i = p;
    }
    ht[i] = time;
    hs[i] = seq;
    hl[i] = slot;
  }

  private heapRemoveTop(): void {
    const ht = this.hTime;
    const hs = this.hSeq;
    const hl = this.hSlot;
    const n = --this.n;
    if (n === 0) return;
    const t = ht[n] as number;
    const s = hs[n] as number;
    const l = hl[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = ht[c] as number;
      let cs = hs[c] as number;
      const r = c + 1;
      if (r < n) {
        const rt = ht[r] as number;
        const rs = hs[r] as number;
        if (rt < ct || (rt === ct && rs < cs)) {
          c = r;
          ct = rt;
          cs = rs;
        }
      }
      if (t < ct || (t === ct && s < cs)) break;
      ht[i] = ct;
      hs[i] = cs;
      hl[i] = hl[c] as number;
      i = c;
    }
    ht[i] = t;
    hs[i] = s;
    hl[i] = l;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
