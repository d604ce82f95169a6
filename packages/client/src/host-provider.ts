// The client's host list (StaticHostProvider, R79): shuffled once with the client's own random stream,
// then walked round-robin. It owns the "wrap-around pause": when the walk comes back to the host of the
// last successful handshake (or, before any, to the first host) the next attempt waits 1000 ms. The
// random back-off before each attempt belongs to ClientCnxn.startConnect, not here.
import type { Rng } from '@zksim/kernel';
import { assert } from '@zksim/kernel';

/** StaticHostProvider.next's spin delay as ClientCnxn passes it (`hostProvider.next(1000)`). */
export const WRAP_PAUSE_MS = 1000;

/** The next host to try and the pause owed before trying it. */
export interface NextHost {
  readonly host: string;
  /** 1000 when the walk wrapped around to the last connected host, else 0. */
  readonly pauseMs: number;
}

/** Round-robin walk over a shuffled host list. */
export class HostProvider {
  /** The hosts in the order they will be tried (shuffled at construction). */
  readonly hosts: readonly string[];
  private currentIndex = -1;
  private lastIndex = -1;

  constructor(hosts: readonly string[], rng: Rng) {
    assert(hosts.length > 0, 'HostProvider: the host list may not be empty');
    this.hosts = rng.shuffle(hosts);
  }

  /** Number of hosts (the divisor of the connect timeout, R75). */
  get size(): number {
    return this.hosts.length;
  }

  /** Index (in `hosts`) of the host returned by the last `next`, or −1. */
  get current(): number {
    return this.currentIndex;
  }

  /**
   * The next host. The very first call never pauses; before any handshake succeeded the pause falls on
   * wrapping back to index 0, afterwards on reaching the host of the last handshake (StaticHostProvider.next).
   */
  next(): NextHost {
    this.currentIndex++;
    if (this.currentIndex === this.hosts.length) this.currentIndex = 0;
    const pauseMs = this.currentIndex === this.lastIndex ? WRAP_PAUSE_MS : 0;
    if (this.lastIndex === -1) this.lastIndex = 0;
    return { host: this.hosts[this.currentIndex] as string, pauseMs };
  }

  /** A handshake succeeded with the current host (StaticHostProvider.onConnected). */
  onConnected(): void {
    this.lastIndex = this.currentIndex;
  }
}
