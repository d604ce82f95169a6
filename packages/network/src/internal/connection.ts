// The record of one live connection: its two ends, their states, and one stream per direction with the
// stream's FIFO clamp, stall flag and hold backlog. Plus the TCP control signals (SYN, SYN-ACK, FIN) that
// travel through a stream like data, so holds, partitions and FIFO order apply to them too.
import type { NodeId } from '@zksim/kernel';
import type { ConnId } from '../endpoint.ts';
import type { Link } from './link-table.ts';

/** The end has not been told of the connection yet. */
export const END_PENDING = 0;
/** The end was told (accepted or connected) and has not closed or been told of the end. */
export const END_OPEN = 1;
/** The end closed the connection, was told it ended, or will never hear of it. */
export const END_CLOSED = 2;
/** State of one end, as seen by the network. */
export type EndState = typeof END_PENDING | typeof END_OPEN | typeof END_CLOSED;

/** Index of an end (0: initiator, 1: acceptor) and of a direction (0: initiator → acceptor, 1: back). */
export type Side = 0 | 1;

/** The other end, or the opposite direction. */
export function opposite(side: Side): Side {
  return side === 0 ? 1 : 0;
}

/** A TCP control segment carried in a stream; never passed to an endpoint as a message. */
export class Signal {
  readonly kind: 'syn' | 'syn-ack' | 'fin';
  constructor(kind: 'syn' | 'syn-ack' | 'fin') {
    this.kind = kind;
  }
}
/** Reaching the acceptor makes it accept. */
export const SYN = new Signal('syn');
/** Reaching the initiator makes it connected. */
export const SYN_ACK = new Signal('syn-ack');
/** Reaching an end tells it the peer closed, after everything the peer sent before. */
export const FIN = new Signal('fin');

/** A delivery waiting behind a held link. */
export interface Held {
  readonly payload: unknown;
  readonly sentAt: number | undefined;
}

/** One direction of a connection. */
export interface Stream {
  readonly sender: NodeId;
  readonly receiver: NodeId;
  readonly link: Link;
  /** Delivery time of the latest signal (SYN, SYN-ACK, FIN): even a datagram never overtakes it. */
  signalMs: number;
  /** A message of this direction was lost to a partition: nothing more is delivered in it. */
  isStalled: boolean;
  /** Deliveries waiting for a release (or for the ones before them), oldest at `backlogHead`. */
  backlog: Held[] | null;
  backlogHead: number;
  /** A drain event is scheduled for this stream. */
  isDraining: boolean;
}

/** A live connection. */
export interface Connection {
  readonly id: ConnId;
  readonly initiator: NodeId;
  readonly acceptor: NodeId;
  readonly tag: string;
  /** Indexed by Side: stream 0 carries initiator → acceptor. */
  readonly streams: readonly [Stream, Stream];
  /** Indexed by Side: 0 the initiator's end, 1 the acceptor's. */
  readonly ends: [EndState, EndState];
  /** Broken by a reset: nothing more is delivered; ends not told yet will be (or must time out). */
  isReset: boolean;
}

function makeStream(sender: NodeId, receiver: NodeId, link: Link): Stream {
  return { sender, receiver, link, signalMs: 0, isStalled: false, backlog: null, backlogHead: 0, isDraining: false };
}

/** A new connection, both ends pending. */
export function makeConnection(id: ConnId, initiator: NodeId, acceptor: NodeId, tag: string, forward: Link, backward: Link): Connection {
  return {
    id, initiator, acceptor, tag,
    streams: [makeStream(initiator, acceptor, forward), makeStream(acceptor, initiator, backward)],
    ends: [END_PENDING, END_PENDING],
    isReset: false,
  };
}
