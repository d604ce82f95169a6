// Requests inside the client (ClientCnxn.Packet) and its two queues (R80, R84): `outgoing` holds what
// was submitted but not yet written (xid 0), `pending` what was written and awaits its reply, in xid
// order. Xids are assigned at send time, 1, 2, …, wrapping from 2^31−1 back to 1 (ClientCnxn.getXid).
// The queues are bounded; ClientCnxn decides when packets move and how they finish.
import { assert } from '@zksim/kernel';
import type { ErrorCode, Op, OpResult } from '@zksim/protocol';

/** Called once when a packet completes: with the server's reply, or with a locally chosen error. */
export type PacketFinish = (code: ErrorCode, result: OpResult | null) => void;

/** One request on its way through the client. */
export interface Packet {
  /** 0 until written; fixed for SetWatches (XID_SET_WATCHES). */
  xid: number;
  /** The operation as sent (paths include the chroot). */
  readonly request: Op;
  /** Completion hook (null for internal packets such as SetWatches). */
  readonly finish: PacketFinish | null;
}

/** Largest xid before wrapping (Integer.MAX_VALUE). */
const MAX_XID = 2_147_483_647;

/** The outgoing and pending queues of one client, and its xid counter. */
export class PacketQueues {
  /** Submitted, not yet written. */
  outgoing: Packet[] = [];
  /** Written, awaiting a reply, oldest first. */
  pending: Packet[] = [];
  private xid = 1;
  private readonly maxQueued: number;

  constructor(maxQueued: number) {
    this.maxQueued = maxQueued;
  }

  /** Appends a submitted packet (fails loudly beyond the bound: a runaway workload). */
  enqueue(p: Packet): void {
    if (!(this.outgoing.length + this.pending.length < this.maxQueued)) assert(false, `client queues exceed ${this.maxQueued} requests`);
    this.outgoing.push(p);
  }

  /** Number of packets in both queues. */
  get size(): number {
    return this.outgoing.length + this.pending.length;
  }

  /** The next xid (ClientCnxn.getXid: skips from MAX back to 1, never 0 or negative). */
  nextXid(): number {
    if (this.xid === MAX_XID) this.xid = 1;
    return this.xid++;
  }

  /** Removes and returns every packet, pending first then outgoing (the order of ClientCnxn.cleanup). */
  takeAll(): Packet[] {
    const all = this.pending.length === 0 ? this.outgoing : this.pending.concat(this.outgoing);
    this.pending = [];
    this.outgoing = [];
    return all;
  }
}
