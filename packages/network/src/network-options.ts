// Settings and vocabulary of the network: construction options, datagram mode, partition rules, and the
// reasons that appear in trace records. Types only, plus the defaults; the Network class applies them.
import type { DelayDistribution, NodeId } from '@zksim/kernel';

/** Identifies one partition rule, for `heal`. */
export type PartitionId = number;

/** Which links a partition rule cuts, by the kinds of their ends (`kernel.nodeKind`). */
export type PartitionScope = 'all' | 'server-server' | 'client-server';

/** `both`: symmetric; `a-to-b`: only messages from group A to group B are lost (a one-way cut). */
export type PartitionDirection = 'both' | 'a-to-b';

/**
 * A partition rule: the links between group A and group B are cut.
 *
 * @example
 * // Isolate s1 from the other servers, but let its clients reach it:
 * network.partition({ groupA: [s1], scope: 'server-server' });
 */
export interface PartitionSpec {
  /** One side. */
  readonly groupA: readonly NodeId[];
  /** The other side; omitted: every node not in group A (nodes added later included). */
  readonly groupB?: readonly NodeId[];
  /** Default `both`. */
  readonly direction?: PartitionDirection;
  /** Default `all`. Client↔client links and links to 'other' nodes are cut only by scope `all`. */
  readonly scope?: PartitionScope;
}

/**
 * Datagram mode for teaching: single messages may be dropped, duplicated and reordered (no FIFO clamp),
 * and a drop does not stall anything. Never the default.
 */
export interface DatagramOptions {
  /** Probability that a message is lost. */
  readonly dropProbability: number;
  /** Probability that a message is delivered twice (each copy with its own latency draw). */
  readonly duplicateProbability: number;
}

/**
 * What a node crash does to its connections. `reset`: each peer is told `reset` after the reset delay
 * (the crashed host's kernel answers with RST). `silent`: peers are told nothing and must time out.
 */
export type CrashMode = 'reset' | 'silent';

/** Why a message (or a handshake or FIN signal) was not delivered. */
export type DropReason = 'partition' | 'stalled' | 'loss' | 'datagram-drop' | 'closed' | 'reset';

/** What reset a connection. */
export type ResetCause = 'crash' | 'loss' | 'fault';

/** Construction options of a Network. */
export interface NetworkOptions<M> {
  /** Latency of every link without an override. Default: constant 1 ms. */
  readonly defaultLatency?: DelayDistribution;
  /** Delay before each end hears of a reset: a number of ms, or `latency` (one one-way latency draw). Default `latency`. */
  readonly resetDelayMs?: number | 'latency';
  /** Default `reset`. */
  readonly crashMode?: CrashMode;
  /** Probability that a message on a link without an override is lost and resets its connection. Default 0. */
  readonly lossProbability?: number;
  /** Datagram mode on every link without an override. Default null (off: connections are FIFO streams). */
  readonly datagram?: DatagramOptions | null;
  /** Turns a message into the JSON-serialisable value of trace records. Default: the message itself. */
  readonly describe?: (message: M) => unknown;
  /** Label of the random stream and node name of global trace records. Default `network`. */
  readonly name?: string;
}

/** Latency used when none is configured: 1 ms, about a LAN round trip's half. */
export const DEFAULT_LATENCY: DelayDistribution = { type: 'constant', ms: 1 };
