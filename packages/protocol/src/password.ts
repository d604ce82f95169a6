// Session passwords (R3): ZooKeeper derives a session's 16-byte password from its id alone, so any server
// can check a reconnecting client's password without asking anyone. zksim reproduces the exact bytes of
// `new java.util.Random(id ^ 0xB3415C00).nextBytes(16)` and writes them as 32 lowercase hex characters.
import { NO_SESSION } from './ids.ts';
import type { SessionId } from './ids.ts';
import { sessionIdToBigInt } from './session-id.ts';

/** ZooKeeperServer.superSecret, XORed into the id to seed the password generator (R3). */
export const SUPER_SECRET = 0xb3415c00n;

/** The all-zero password of a ConnectResponse that refuses a session (R33). */
export const ZERO_PASSWD = '0'.repeat(32);

const MASK_48 = (1n << 48n) - 1n;
const MULTIPLIER = 0x5deece66dn; // java.util.Random's LCG constants
const ADDEND = 0xbn;
const PASSWD_BYTES = 16;

/**
 * The password of a session (ZooKeeperServer.generatePasswd, R3). java.util.Random keeps only 48 bits
 * of its seed, so ids that agree in their low 48 bits share a password (as in ZooKeeper).
 * @example generatePasswd('0x0000000000000001') === '054cc74a37327db215e702e20c73f005'
 */
export function generatePasswd(id: SessionId): string {
  // R3: new Random(seed) scrambles the seed as (seed ^ multiplier) & (2^48 - 1).
  let seed = (sessionIdToBigInt(id) ^ SUPER_SECRET ^ MULTIPLIER) & MASK_48;
  let hex = '';
  for (let i = 0; i < PASSWD_BYTES; i += 4) {
    // next(32): advance the LCG, take bits 47..16; nextBytes emits that int low byte first.
    seed = (seed * MULTIPLIER + ADDEND) & MASK_48;
    let word = Number(seed >> 16n);
    for (let b = 0; b < 4; b++) {
      hex += (word & 0xff).toString(16).padStart(2, '0');
      word >>>= 8;
    }
  }
  return hex;
}

/** True iff `id` is a real session (not 0) and `passwd` is its password (ZooKeeperServer.checkPasswd, R3). */
export function checkPasswd(id: SessionId, passwd: string): boolean {
  return id !== NO_SESSION && passwd === generatePasswd(id);
}
