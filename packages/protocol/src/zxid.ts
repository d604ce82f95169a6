// Zxid arithmetic (R4): a zxid is `epoch << 32 | counter`, held in a plain number. Values exceed 32
// bits, so everything here is multiplication and division by 2^32, never JavaScript's 32-bit bit
// operators. Keeping epoch < 2^21 keeps every zxid a safe integer (< 2^53).
import type { Zxid } from './ids.ts';

const TWO_32 = 2 ** 32;

/** Largest counter a zxid can carry; ZooKeeper's leader forces a new election before reaching it (R4). */
export const ZXID_COUNTER_MAX = 0xffffffff;

/** Java's WatchedEvent.NO_ZXID: the zxid a notification carries when no txn caused it (R61 setWatches). */
export const NO_ZXID: Zxid = -1;

/** Epochs must stay below this bound so that every zxid is a safe integer. */
export const ZXID_EPOCH_LIMIT = 2 ** 21;

/** Builds `epoch << 32 | counter` (ZxidUtils.makeZxid, R4). */
export function makeZxid(epoch: number, counter: number): Zxid {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch >= ZXID_EPOCH_LIMIT) {
    throw new RangeError(`zxid epoch out of range [0, 2^21): ${epoch}`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > ZXID_COUNTER_MAX) {
    throw new RangeError(`zxid counter out of range [0, 0xffffffff]: ${counter}`);
  }
  return epoch * TWO_32 + counter;
}

/** The epoch of a zxid (`zxid >> 32`, R4). */
export function epochOf(zxid: Zxid): number {
  checkZxid(zxid);
  return Math.floor(zxid / TWO_32);
}

/** The counter of a zxid (its low 32 bits, R4). */
export function counterOf(zxid: Zxid): number {
  checkZxid(zxid);
  return zxid % TWO_32;
}

/**
 * A zxid as ZooKeeper logs it: '0x' + lowercase hex without padding (Long.toHexString).
 * @example zxidHex(makeZxid(1, 7)) === '0x100000007'
 */
export function zxidHex(zxid: Zxid): string {
  checkZxid(zxid);
  return '0x' + zxid.toString(16);
}

function checkZxid(zxid: Zxid): void {
  if (!Number.isSafeInteger(zxid) || zxid < 0 || zxid >= ZXID_EPOCH_LIMIT * TWO_32) {
    throw new RangeError(`not a zxid: ${zxid}`);
  }
}
