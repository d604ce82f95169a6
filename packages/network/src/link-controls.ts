// The knobs of the network, on directed links: latency (default, per node pair, per directed link), loss
// that resets connections, datagram mode, partitions and holds. Changes apply to messages sent (or, for
// holds and partitions, arriving) from now on and are traced; Network adds connections on top.
import { assert, sampleDelayMs } from '@zksim/kernel';
import type { DelayDistribution, Kernel, NodeId, Rng } from '@zksim/kernel';
import type { DatagramOptions, PartitionId, PartitionSpec } from './network-options.ts';
import { LinkTable, assertDistribution, assertProbability } from './internal/link-table.ts';
import type { Link } from './internal/link-table.ts';
import { PartitionTable } from './internal/partition-table.ts';

/** The network's link settings and faults; see `Network` for connections. */
export abstract class LinkControls {
  protected readonly kernel: Kernel;
  /** Label of the random stream and node name of global trace records. */
  protected readonly name: string;
  protected readonly links: LinkTable;
  protected readonly partitions = new PartitionTable();
  /** How many links are held: while none is, a delivery need not look at its link (the fast path). */
  protected heldLinks = 0;

  protected constructor(kernel: Kernel, name: string, latency: DelayDistribution, loss: number, datagram: DatagramOptions | null) {
    assertDistribution(latency);
    assertProbability(loss, 'lossProbability');
    if (datagram !== null) assertDatagram(datagram);
    this.kernel = kernel;
    this.name = name;
    this.links = new LinkTable(kernel, kernel.rng.fork(name), latency, loss, datagram);
  }

  /** Schedules delivery of what waited on a link that was just released; returns how many waited. */
  protected abstract drainReleased(link: Link): number;

  // ---------------------------------------------------------------------------------------------
  // Latency, loss, datagram mode

  /** Sets the latency of every link without an override; messages already sent keep their times. */
  setDefaultLatency(latency: DelayDistribution): void {
    assertDistribution(latency);
    this.links.defaultLatency = latency;
    this.links.settingsChanged();
    this.traceSetting('latency-changed', { scope: 'default', latency });
  }

  /** Sets (or with null clears) the latency of the directed link from → to; it beats a pair override. */
  setLinkLatency(from: NodeId, to: NodeId, latency: DelayDistribution | null): void {
    if (latency !== null) assertDistribution(latency);
    this.links.get(from, to).latency = latency;
    this.links.settingsChanged();
    this.traceSetting('latency-changed', { scope: 'link', ...this.names(from, to), latency });
  }

  /** Sets (or with null clears) the latency of both directions between `a` and `b`. */
  setPairLatency(a: NodeId, b: NodeId, latency: DelayDistribution | null): void {
    if (latency !== null) assertDistribution(latency);
    this.links.get(a, b).pairLatency = latency;
    this.links.get(b, a).pairLatency = latency;
    this.links.settingsChanged();
    this.traceSetting('latency-changed', { scope: 'pair', ...this.names(a, b), latency });
  }

  /** The latency distribution in force from → to. */
  latencyOf(from: NodeId, to: NodeId): DelayDistribution {
    const link = this.links.find(from, to);
    return link === undefined ? this.links.defaultLatency : this.links.latencyOf(link);
  }

  /** Sets the loss probability of every link without an override (each loss resets its connection). */
  setDefaultLoss(probability: number): void {
    assertProbability(probability, 'loss probability');
    this.links.defaultLoss = probability;
    this.links.settingsChanged();
    this.traceSetting('loss-changed', { scope: 'default', probability });
  }

  /** Sets (or with null clears) the loss probability of the directed link from → to. */
  setLinkLoss(from: NodeId, to: NodeId, probability: number | null): void {
    if (probability !== null) assertProbability(probability, 'loss probability');
    this.links.get(from, to).lossProbability = probability;
    this.links.settingsChanged();
    this.traceSetting('loss-changed', { scope: 'link', ...this.names(from, to), probability });
  }

  /** Turns datagram mode on (options) or off (null) for every link without an override. */
  setDefaultDatagram(options: DatagramOptions | null): void {
    if (options !== null) assertDatagram(options);
    this.links.defaultDatagram = options;
    this.links.settingsChanged();
    this.traceSetting('datagram-changed', { scope: 'default', options });
  }

  /** Turns datagram mode on for the directed link from → to, or with null returns it to the default. */
  setLinkDatagram(from: NodeId, to: NodeId, options: DatagramOptions | null): void {
    if (options !== null) assertDatagram(options);
    this.links.get(from, to).datagram = options;
    this.links.settingsChanged();
    this.traceSetting('datagram-changed', { scope: 'link', ...this.names(from, to), options });
  }

  /** The datagram options in force from → to (null: a FIFO stream, the default). */
  datagramOf(from: NodeId, to: NodeId): DatagramOptions | null {
    const link = this.links.find(from, to);
    return link === undefined ? this.links.defaultDatagram : this.links.datagramOf(link);
  }

  // ---------------------------------------------------------------------------------------------
  // Partitions and holds

  /** Cuts the links a rule describes; returns its id for `heal`. Nobody is told. */
  partition(spec: PartitionSpec): PartitionId {
    const id = this.partitions.add(spec);
    const k = this.kernel;
    if (k.trace.enabled) {
      k.trace.emit(this.name, 'partition', {
        id,
        groupA: spec.groupA.map((n) => k.nodeName(n)),
        groupB: spec.groupB === undefined ? 'rest' : spec.groupB.map((n) => k.nodeName(n)),
        direction: spec.direction ?? 'both',
        scope: spec.scope ?? 'all',
      });
    }
    return id;
  }

  /** Removes one partition rule, or every rule when `id` is omitted. Stalled streams stay stalled. */
  heal(id?: PartitionId): void {
    const ids = id === undefined ? this.partitions.clear() : this.partitions.remove(id) ? [id] : [];
    if (ids.length > 0 && this.kernel.trace.enabled) this.kernel.trace.emit(this.name, 'heal', { ids });
  }

  /** Ids of the active partition rules. */
  partitionIds(): PartitionId[] {
    return this.partitions.ids();
  }

  /** True when messages from → to are currently cut by a partition. */
  isCutBetween(from: NodeId, to: NodeId): boolean {
    return this.isCut(this.links.get(from, to));
  }

  /** Holds the directed link from → to: deliveries on it wait, in order, until `release`. */
  hold(from: NodeId, to: NodeId): void {
    const link = this.links.get(from, to);
    if (link.isHeld) return;
    link.isHeld = true;
    this.heldLinks++;
    this.traceSetting('link-held', this.names(from, to));
  }

  /** Releases a held link: what waited is delivered now, in order, before anything arriving later. */
  release(from: NodeId, to: NodeId): void {
    const link = this.links.find(from, to);
    if (link === undefined || !link.isHeld) return;
    link.isHeld = false;
    this.heldLinks--;
    const queued = this.drainReleased(link);
    this.traceSetting('link-released', { ...this.names(from, to), queued });
  }

  /** True while from → to is held. */
  isHeld(from: NodeId, to: NodeId): boolean {
    return this.links.find(from, to)?.isHeld ?? false;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for Network

  protected isCut(link: Link): boolean {
    const p = this.partitions;
    if (p.size === 0) return false;
    if (link.cutVersion !== p.version) {
      link.isCut = p.cuts(link.from, link.to, link.linkClass);
      link.cutVersion = p.version;
    }
    return link.isCut;
  }

  protected sampleLatency(link: Link): number {
    return sampleDelayMs(this.links.latencyOf(link), this.rngOf(link));
  }

  /** A link's random stream, for every draw off the fast path: its state is first brought home. */
  protected rngOf(link: Link): Rng {
    this.checkIn(link.index);
    return link.rng;
  }

  /** Moves link `index`'s random state back into its Rng if a stream row holds it (see Network). */
  protected checkIn(_index: number): void {}

  protected names(from: NodeId, to: NodeId): { from: string; to: string } {
    return { from: this.kernel.nodeName(from), to: this.kernel.nodeName(to) };
  }

  protected traceSetting(type: string, fields: Record<string, unknown>): void {
    if (this.kernel.trace.enabled) this.kernel.trace.emit(this.name, type, fields);
  }
}

/** Checks datagram options. */
export function assertDatagram(options: DatagramOptions): void {
  assertProbability(options.dropProbability, 'dropProbability');
  assertProbability(options.duplicateProbability, 'duplicateProbability');
}
