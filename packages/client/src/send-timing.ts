// The arithmetic of ClientCnxn.SendThread.run (R75, R76, R89): the three timeouts derived from the
// session timeout, the two timestamps (lastSend, lastHeard) and the verdict of one loop iteration —
// expire, drop the connection, ping, or sleep until a computed wake time. Pure numbers on the client's
// own monotonic clock; no allocation, so it can run on every packet. ClientCnxn decides what to do.

import { ownTimeRow } from './time-rows.ts';
import type { TimeRow } from './time-rows.ts';

/** Which client to imitate: 3.9.3+ (client-side expiry, R76) or 3.8 (none, R89). */
export type ClientVersion = '3.8' | '3.9';

/** SendThread.run's MAX_SEND_PING_INTERVAL: ping when nothing was sent for longer than this. */
export const MAX_SEND_PING_INTERVAL_MS = 10_000;

/** Outcome of one loop iteration. */
export type LoopVerdict = 'expire' | 'timeout' | 'ping' | 'sleep';

/** Java `int` division of non-negative numbers. */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

// Slots of the TimeRow (see time-rows.ts). The timeouts live there too: `evaluate` reads them with the
// timestamps, and as object fields they would spread the client's hot state over more cache lines.
const LAST_SEND = 0;
const LAST_HEARD = 1;
const WAKE_AT = 2;
const READ_TIMEOUT = 3;
const CONNECT_TIMEOUT = 4;
const EXPIRATION_TIMEOUT = 5;
/** Slots of a TimeRow used by SendTiming (0 … SEND_TIMING_SLOTS − 1); the SendThread uses the ones after. */
export const SEND_TIMING_SLOTS = 6;

/**
 * Timestamps and timeouts of one client's SendThread, and the loop-iteration rule over them. The numbers
 * live in a TimeRow (see time-rows.ts) shared with the SendThread's own.
 */
export class SendTiming {
  /** The row holding the timestamps and timeouts (slots above). */
  protected readonly times: Float64Array;
  protected readonly at: number;
  /** Output of `evaluate` when it returns 'sleep': whether that wake is the ping deadline. */
  isWakeForPing = false;
  private readonly version: ClientVersion;

  constructor(version: ClientVersion, row: TimeRow = ownTimeRow()) {
    this.times = row.chunk;
    this.at = row.at;
    this.version = version;
  }

  /** `timeout * 2 / 3`: silence on a session connection longer than this drops the connection. */
  get readTimeoutMs(): number {
    return this.times[this.at + READ_TIMEOUT] as number;
  }

  /** `timeout / hostCount`: an attempt without a session after this long moves to the next host. */
  get connectTimeoutMs(): number {
    return this.times[this.at + CONNECT_TIMEOUT] as number;
  }

  /** `timeout * 4 / 3` (3.9.3+): silence longer than this expires the session on the client side. */
  get expirationTimeoutMs(): number {
    return this.times[this.at + EXPIRATION_TIMEOUT] as number;
  }

  /** When a frame was last written (or an attempt started, or TCP connected). Local ms. */
  get lastSendMs(): number {
    return this.times[this.at + LAST_SEND] as number;
  }

  set lastSendMs(ms: number) {
    this.times[this.at + LAST_SEND] = ms;
  }

  /** When a frame was last read (or TCP connected; 3.8: or an attempt started). Local ms. */
  get lastHeardMs(): number {
    return this.times[this.at + LAST_HEARD] as number;
  }

  set lastHeardMs(ms: number) {
    this.times[this.at + LAST_HEARD] = ms;
  }

  /** Output of `evaluate` when it returns 'sleep': the local time of the next iteration. */
  get wakeAtMs(): number {
    return this.times[this.at + WAKE_AT] as number;
  }

  /**
   * Derives the timeouts from a session timeout: the requested one before the first handshake, the
   * negotiated one after each successful ConnectResponse (ClientCnxn constructor and onConnected, R75).
   */
  setSessionTimeout(timeoutMs: number, hostCount: number): void {
    const t = this.times;
    t[this.at + READ_TIMEOUT] = idiv(timeoutMs * 2, 3);
    t[this.at + CONNECT_TIMEOUT] = idiv(timeoutMs, hostCount);
    t[this.at + EXPIRATION_TIMEOUT] = idiv(timeoutMs * 4, 3);
  }

  /** A new connection attempt starts (after startConnect); 3.8 also resets lastHeard (R89). */
  onAttemptStart(nowMs: number): void {
    this.lastSendMs = nowMs;
    if (this.version === '3.8') this.lastHeardMs = nowMs;
  }

  /**
   * One iteration of SendThread.run's timing (R76), `isConnected` meaning a session is established on
   * the current connection. 'expire': 3.9 client-side expiry (only with a session id); 'timeout': drop
   * the connection (read timeout, or connect timeout while not connected — 3.8 measures both from
   * lastHeard); 'ping': send a ping now, then evaluate again; 'sleep': wait until `wakeAtMs`. The
   * expiration deadline is not a wake-up of its own: like the real loop, it is noticed at the next
   * iteration at or after it.
   */
  evaluate(nowMs: number, isConnected: boolean, hasSession: boolean): LoopVerdict {
    const idleRecv = nowMs - this.lastHeardMs;
    const idleSend = nowMs - this.lastSendMs;
    let to = isConnected
      ? this.readTimeoutMs - idleRecv
      : this.connectTimeoutMs - (this.version === '3.8' ? idleRecv : idleSend);
    if (this.version === '3.9' && hasSession && this.expirationTimeoutMs - idleRecv <= 0) return 'expire';
    if (to <= 0) return 'timeout';
    let isPing = false;
    if (isConnected) {
      // ZOOKEEPER-1751: the extra 1000 ms keeps a second ping from being missed; the 10 s cap applies
      // only when the loop happens to wake (a frame, a request) after 10 s without sending.
      const timeToNextPing = idiv(this.readTimeoutMs, 2) - idleSend - (idleSend > 1000 ? 1000 : 0);
      if (timeToNextPing <= 0 || idleSend > MAX_SEND_PING_INTERVAL_MS) return 'ping';
      if (timeToNextPing < to) {
        to = timeToNextPing;
        isPing = true;
      }
    }
    this.times[this.at + WAKE_AT] = nowMs + to;
    this.isWakeForPing = isPing;
    return 'sleep';
  }
}
