// Session id arithmetic (R1, R2): the initial id a server's tracker derives from its myid and its clock,
// the 64-bit increment that hands out the following ids, and the server id encoded in the top byte.
// Ids stay '0x' + 16 lowercase hex strings everywhere; BigInt is used only inside these helpers, which
// run once per session (never per ping), so the cost does not matter.
import type { SessionId } from './ids.ts';

const SESSION_ID_PATTERN = /^0x[0-9a-f]{16}$/;
const LONG_MIN_VALUE = 1n << 63n; // 0x8000000000000000 as an unsigned 64-bit value

/** True when `s` is a well-formed SessionId ('0x' + exactly 16 lowercase hex digits). */
export function isSessionId(s: unknown): s is SessionId {
  return typeof s === 'string' && SESSION_ID_PATTERN.test(s);
}

/** The id as an unsigned 64-bit BigInt (Java's long reinterpreted as unsigned). */
export function sessionIdToBigInt(id: SessionId): bigint {
  if (!isSessionId(id)) throw new RangeError(`not a session id: ${String(id)}`);
  return BigInt(id);
}

/** Formats the low 64 bits of `value` as a SessionId (negative values wrap like Java longs). */
export function sessionIdFromBigInt(value: bigint): SessionId {
  return '0x' + BigInt.asUintN(64, value).toString(16).padStart(16, '0');
}

/**
 * The first id a session tracker hands out (SessionTrackerImpl.initializeNextSessionId, R1):
 * bits 63..56 = low 8 bits of `serverId`, bits 55..16 = low 40 bits of `nowMs`, bits 15..0 = 0.
 * The one value that collides with the container marker Long.MIN_VALUE is bumped by one.
 * @example initialSessionId(3, 1234567890123) === '0x031f71fb04cb0000'
 */
export function initialSessionId(serverId: number, nowMs: number): SessionId {
  if (!Number.isSafeInteger(serverId)) throw new RangeError(`serverId must be an integer: ${serverId}`);
  if (!Number.isSafeInteger(nowMs)) throw new RangeError(`nowMs must be an integer: ${nowMs}`);
  // R1: ((now << 24) >>> 8) | (serverId << 56), all in 64-bit two's complement.
  const timePart = BigInt.asUintN(64, BigInt(nowMs) << 24n) >> 8n;
  const serverPart = BigInt.asUintN(64, BigInt(serverId) << 56n);
  let id = timePart | serverPart;
  if (id === LONG_MIN_VALUE) id += 1n; // R1: EphemeralType.CONTAINER_EPHEMERAL_OWNER is reserved
  return sessionIdFromBigInt(id);
}

/** The id handed out after `id` (`getAndIncrement` on a 64-bit long, R1): wraps from all-ones to zero. */
export function nextSessionId(id: SessionId): SessionId {
  return sessionIdFromBigInt(sessionIdToBigInt(id) + 1n);
}

/**
 * The server id encoded in a session id: Java's arithmetic shift `id >> 56`
 * (LeaderSessionTracker.getServerIdFromSessionId, R2). A top byte ≥ 0x80 gives a negative number,
 * exactly as in Java (0xff… → −1).
 */
export function serverIdOfSession(id: SessionId): number {
  return Number(BigInt.asIntN(64, sessionIdToBigInt(id)) >> 56n);
}

/**
 * Total order on session ids: ascending unsigned 64-bit value, which for the fixed-width lowercase
 * form is plain string order. (Java's Long order is signed; the two differ only for ids whose top bit
 * is set, i.e. servers with myid ≥ 128.) Used wherever zksim must fix an order ZooKeeper leaves to a
 * hash set, such as the sessions of one expiry bucket (R20).
 */
export function compareSessionIds(a: SessionId, b: SessionId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
