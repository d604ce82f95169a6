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
  /** Position in the link table's hot arrays (`fast`, `rngBase`). */
  readonly index: number;
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

  constructor(index: number, from: NodeId, to: NodeId, linkClass: LinkClass, rng: Rng) {
    this.index = index;
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
  private readonly byIndex: Link[] = [];
  private readonly kernel: Kernel;
  private readonly rng: Rng;
  // Hot per-link state, indexed by `Link.index`, for the network's per-message fast path: at 10k+ links
  // the Link and Rng objects are scattered over the heap and each first touch per message is a cache
  // miss, while these arrays stay dense. `fast[i]` is 1 while link i uses the default latency, which is
  // uniform, with no loss and no datagram mode (see `isFast`); `rngBase[i]` is its Rng's slab offset.
  fast = new Uint8Array(64);
  rngBase = new Int32Array(64);
  /**
   * The stream key (conn·2 + direction) whose row in the network's hot array holds link i's random state
   * right now, or −1 when it is in the slab (see `Network.checkOut`).
   */
  owner = new Int32Array(64).fill(-1);

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
      link = new Link(this.byIndex.length, from, to, linkClassOf(k.nodeKind(from), k.nodeKind(to)), rng);
      this.links.set(key, link);
      this.byIndex.push(link);
      if (link.index >= this.fast.length) {
        const fast = new Uint8Array(this.fast.length * 2);
        fast.set(this.fast);
        this.fast = fast;
        const rngBase = new Int32Array(this.rngBase.length * 2);
        rngBase.set(this.rngBase);
        this.rngBase = rngBase;
        const owner = new Int32Array(this.owner.length * 2).fill(-1);
        owner.set(this.owner);
        this.owner = owner;
      }
      this.rngBase[link.index] = rng.slabBase;
      this.fast[link.index] = this.isFast(link) ? 1 : 0;
    }
    return link;
  }

  /** Recomputes `fast` after any change of a link's settings or of a default. */
  settingsChanged(): void {
    for (const link of this.byIndex) this.fast[link.index] = this.isFast(link) ? 1 : 0;
  }

  /** The slab holding every link's random stream (read it again after forks: it grows). */
  get slabData(): Float64Array {
    return this.rng.slabData;
  }

  /** True when a message on `link` needs only a uniform default-latency draw: no loss, no datagram mode. */
  private isFast(link: Link): boolean {
    return link.latency === null && link.pairLatency === null && this.defaultLatency.type === 'uniform'
      && this.lossOf(link) === 0 && this.datagramOf(link) === null;
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
