// Directed links (from → to) and their settings: latency (directed override, then node-pair override, then
// the default), loss probability, datagram mode and hold. A link is made on first use and owns a random
// stream forked by the names of its ends, so adding a node or a connection never shifts other links' draws.
import { assert, validateDistribution } from '@zksim/kernel';
import type { DelayDistribution, Kernel, NodeId, NodeKind, Rng } from '@zksim/kernel';
import type { DatagramOptions } from '../network-options.ts';

/** The class of a link by the kinds of its ends, matched against partition scopes. */
export type LinkClass = 'server-server' | 'client-server' | 'other';

// Node ids below this bound make a collision-free numeric key from → to (2^21 · 2^21 < 2^53).
const KEY_STRIDE = 2 ** 21;

/** One directed link and its settings. */
export class Link {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly linkClass: LinkClass;
  /** Latency, loss and datagram draws of every message on this link. */
  readonly rng: Rng;
  /** Directed latency override (null: use the pair override or the default). */
  latency: DelayDistribution | null = null;
  /** Node-pair latency override, set on both directions at once. */
  pairLatency: DelayDistribution | null = null;
  /** Loss probability override (null: the default). */
  lossProbability: number | null = null;
  /** Datagram override (null: the default). */
  datagram: DatagramOptions | null = null;
  /** While true, deliveries wait in their connection's backlog, in order. */
  isHeld = false;
  /** Keys (conn·2 + direction) of connection streams on this link with a non-empty backlog. */
  readonly backlogged = new Set<number>();
  /** Partition cache: `isCut` is valid while `cutVersion` equals the partition table's version. */
  cutVersion = -1;
  isCut = false;

  constructor(from: NodeId, to: NodeId, linkClass: LinkClass, rng: Rng) {
    this.from = from;
    this.to = to;
    this.linkClass = linkClass;
    this.rng = rng;
  }
}

/** The class of a link between nodes of kinds `a` and `b`. */
export function linkClassOf(a: NodeKind, b: NodeKind): LinkClass {
  if (a === 'server' && b === 'server') return 'server-server';
  if ((a === 'server' && b === 'client') || (a === 'client' && b === 'server')) return 'client-server';
  return 'other';
}

/** Checks a latency distribution and fails loudly on bad parameters. */
export function assertDistribution(d: DelayDistribution): void {
  const problems = validateDistribution(d);
  if (!(problems.length === 0)) assert(false, `bad latency distribution: ${problems.join('; ')}`);
}

/** Checks a probability. */
export function assertProbability(p: number, what: string): void {
  if (!(Number.isFinite(p) && p >= 0 && p <= 1)) assert(false, `${what} must be a probability in [0, 1] (got ${p})`);
}

/** Every directed link in use, with the defaults its settings fall back on. */
export class LinkTable {
  defaultLatency: DelayDistribution;
  defaultLoss: number;
  defaultDatagram: DatagramOptions | null;
  private readonly links = new Map<number, Link>();
  private readonly kernel: Kernel;
  private readonly rng: Rng;

  constructor(kernel: Kernel, rng: Rng, defaultLatency: DelayDistribution, defaultLoss: number, defaultDatagram: DatagramOptions | null) {
    this.kernel = kernel;
    this.rng = rng;
    this.defaultLatency = defaultLatency;
    this.defaultLoss = defaultLoss;
    this.defaultDatagram = defaultDatagram;
  }

  /** The link from → to, made on first use. */
  get(from: NodeId, to: NodeId): Link {
    if (!(from !== to)) assert(false, `a link needs two different nodes (got ${from} twice)`);
    if (!(from < KEY_STRIDE && to < KEY_STRIDE)) assert(false, `node id out of range for links: ${Math.max(from, to)}`);
    const key = from * KEY_STRIDE + to;
    let link = this.links.get(key);
    if (link === undefined) {
      const k = this.kernel;
      const rng = this.rng.fork(`link:${k.nodeName(from)}->${k.nodeName(to)}`);
      link = new Link(from, to, linkClassOf(k.nodeKind(from), k.nodeKind(to)), rng);
      this.links.set(key, link);
    }
    return link;
  }

  /** The link from → to if it was ever used or configured. */
  find(from: NodeId, to: NodeId): Link | undefined {
    return this.links.get(from * KEY_STRIDE + to);
  }

  /** The latency distribution in force on a link. */
  latencyOf(link: Link): DelayDistribution {
    return link.latency ?? link.pairLatency ?? this.defaultLatency;
  }

  /** The loss probability in force on a link. */
  lossOf(link: Link): number {
    return link.lossProbability ?? this.defaultLoss;
  }

  /** The datagram options in force on a link (null: FIFO stream). */
  datagramOf(link: Link): DatagramOptions | null {
    return link.datagram ?? this.defaultDatagram;
  }
}
