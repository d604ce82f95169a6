// Where each client keeps the timestamps and timeouts its loop reads on every packet. As object fields
// they ended up in V8's double representation, each a separate boxed heap number: at 10k clients each
// box is one more cache miss per ping. Instead every client takes a row of eight doubles in a chunk it
// shares with other clients of the same kernel (rows handed out in creation order, never reused): one
// cache line for all its timestamps, and the chunk's array object stays hot.
import { weakMemo } from '@zksim/kernel';

/** One client's row: `chunk[at + i]` is slot i (slots 0–7). */
export interface TimeRow {
  readonly chunk: Float64Array;
  readonly at: number;
}

/** Doubles per row (one 64-byte cache line). */
export const TIME_ROW_SLOTS = 8;
const ROWS_PER_CHUNK = 512;

class RowAllocator {
  private chunk = new Float64Array(TIME_ROW_SLOTS * ROWS_PER_CHUNK);
  private used = 0;

  take(): TimeRow {
    if (this.used === ROWS_PER_CHUNK) {
      this.chunk = new Float64Array(TIME_ROW_SLOTS * ROWS_PER_CHUNK);
      this.used = 0;
    }
    return { chunk: this.chunk, at: TIME_ROW_SLOTS * this.used++ };
  }
}

// Per kernel (or any owner object), so rows die with the simulation that made them.
const allocatorFor = weakMemo<object, RowAllocator>(() => new RowAllocator());

/** A fresh row in a chunk shared by the clients of `owner` (their kernel). */
export function takeTimeRow(owner: object): TimeRow {
  return allocatorFor(owner).take();
}

/** A row of its own, for a standalone SendTiming. */
export function ownTimeRow(): TimeRow {
  return { chunk: new Float64Array(TIME_ROW_SLOTS), at: 0 };
}
