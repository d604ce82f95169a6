// Identifier types shared by every package. Session ids are 64-bit in ZooKeeper; JavaScript numbers hold
// only 53 bits, so a session id is a string of '0x' + 16 lowercase hex digits (fixed width, so string
// order equals numeric order for ids below 2^63). Zxids fit in a number (epoch < 2^21 in any simulation).

/** A ZooKeeper session id: '0x' followed by exactly 16 lowercase hex digits. */
export type SessionId = string;

/** The "no session" id a client sends before it has a session. */
export const NO_SESSION: SessionId = '0x0000000000000000';

/** A server's myid (1..255). */
export type ServerId = number;

/** A transaction id: epoch << 32 | counter (R4). */
export type Zxid = number;
