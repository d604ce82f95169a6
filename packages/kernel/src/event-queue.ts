// The kernel's pending-event store: a binary min-heap over (time, seq) kept in typed arrays, plus a
// slot pool holding each event's target, channel, numeric argument and payloads. No event objects are
// allocated per push, which keeps the hold model (pop the earliest, push one) near the speed of a
// hand-tuned heap. `seq` is a counter taken at push time, so equal times pop in push order and never
// depend on object identity. Cancellation is lazy: a cancelled slot stays in the heap and is skipped
// when it reaches the top; an EventId carries a generation so a stale id never cancels a reused slot.

/** Identifies one pushed event; pass it to `cancel`. */
export type EventId = number;

const SLOT_BITS = 2 ** 25; // up to 33 M live slots
const GEN_MOD = 2 ** 27; // generations wrap; ids stay below 2^52

/** Min-heap of events ordered by (time, seq) with a slot pool and lazy cancellation. */
export class EventQueue {
  // Heap arrays: entry k holds (time, seq, slot).
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private n = 0;

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

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
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
    this.heapPush(time, this.nextSeq++, slot);
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
    let moved = 0;
    for (let i = 0; i < this.n; i++) {
      const slot = this.hSlot[i] as number;
      if (this.channel[slot] === -1) continue;
      const t = newTime(slot, this.hTime[i] as number);
      if (t !== null && t !== this.hTime[i]) {
        this.hTime[i] = t;
        moved++;
      }
    }
    if (moved > 0) this.heapify();
    return moved;
  }

  /** Time of the earliest live event, or Infinity when none is pending. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.n === 0 ? Infinity : (this.hTime[0] as number);
  }

  /**
   * Pops the earliest live event and returns its slot (read its fields, then `release` it), or −1 when
   * empty. `poppedTime` and `poppedSeq` hold its time and sequence number.
   */
  pop(): number {
    this.dropCancelledTop();
    if (this.n === 0) return -1;
    const slot = this.hSlot[0] as number;
    this.poppedTime = this.hTime[0] as number;
    this.poppedSeq = this.hSeq[0] as number;
    this.inHeap[slot] = 0;
    this.heapRemoveTop();
    this.live--;
    return slot;
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

  private heapify(): void {
    // Rebuild by re-inserting every entry (simple, O(n log n); only used on rare clock changes).
    const n = this.n;
    const t = this.hTime.slice(0, n);
    const q = this.hSeq.slice(0, n);
    const l = this.hSlot.slice(0, n);
    this.n = 0;
    for (let i = 0; i < n; i++) this.heapPush(t[i] as number, q[i] as number, l[i] as number);
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
