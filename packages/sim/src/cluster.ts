// Builds a running ensemble on the real kernel and network: n servers (s1..sN, myid 1..N) and any number of
// client nodes, plus the fault actions a scenario or a test applies (crash, restart, freeze, resume). A
// restarted server is a new ServerNode over the same durable store: volatile state is gone, synced state
// survives. This is what scenarios, tests, benchmarks and the viewer run on.
import { Kernel, type ClockOptions, type DelayDistribution, type NodeId, type TraceSink } from '@zksim/kernel';
import { Network } from '@zksim/network';
import type { ServerId, ZkMessage } from '@zksim/protocol';
import { DEFAULT_ENSEMBLE, ServerNode, type EnsembleConfig } from '@zksim/server';
import { describeMessage } from './describe.ts';

/** How to build a cluster. */
export interface ClusterOptions {
  readonly seed: string | number;
  readonly servers: number;
  readonly ensemble?: Partial<Omit<EnsembleConfig, 'voters'>>;
  readonly latency?: DelayDistribution;
  readonly traceSink?: TraceSink | null;
  readonly traceHash?: boolean;
  readonly clocks?: Readonly<Record<string, ClockOptions>>;
  readonly maxEvents?: number;
}

/** A running ensemble. */
export class Cluster {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  readonly config: EnsembleConfig;
  /** Server node ids by myid. */
  readonly serverNodes = new Map<ServerId, NodeId>();
  /** Current ServerNode object of each myid (replaced on restart). */
  readonly servers = new Map<ServerId, ServerNode>();

  constructor(o: ClusterOptions) {
    this.kernel = new Kernel({
      seed: o.seed,
      traceSink: o.traceSink ?? null,
      traceHash: o.traceHash ?? (o.traceSink !== undefined && o.traceSink !== null),
      ...(o.maxEvents !== undefined ? { maxEvents: o.maxEvents } : {}),
    });
    this.network = new Network<ZkMessage>(this.kernel, {
      ...(o.latency !== undefined ? { defaultLatency: o.latency } : {}),
      describe: describeMessage,
    });
    const voters: ServerId[] = [];
    for (let i = 1; i <= o.servers; i++) voters.push(i);
    this.config = { ...DEFAULT_ENSEMBLE, ...o.ensemble, voters };
    for (const sid of voters) {
      const name = `s${sid}`;
      this.serverNodes.set(sid, this.kernel.addNode(name, 'server', o.clocks?.[name] ?? {}));
    }
    for (const sid of voters) this.servers.set(sid, this.makeServer(sid));
  }

  /** Starts every server's first election. */
  start(): this {
    for (const s of this.servers.values()) s.start();
    return this;
  }

  /** Adds a client node (the client model attaches itself to it). */
  addClientNode(name: string, clock: ClockOptions = {}): NodeId {
    return this.kernel.addNode(name, 'client', clock);
  }

  /** The server currently leading (serving), if any. */
  leader(): ServerNode | undefined {
    for (const s of this.servers.values()) if (s.state === 'leading' && s.leader?.established === true && this.kernel.isUp(s.node)) return s;
    return undefined;
  }

  /** Server object by myid. */
  server(sid: ServerId): ServerNode {
    const s = this.servers.get(sid);
    if (s === undefined) throw new RangeError(`no server s${sid}`);
    return s;
  }

  /** Crashes a server: volatile state lost, unsynced writes lost, connections reset. */
  crashServer(sid: ServerId): void {
    this.kernel.crash(this.serverNodes.get(sid) as NodeId);
  }

  /** Restarts a crashed server from its durable store. */
  restartServer(sid: ServerId): void {
    const node = this.serverNodes.get(sid) as NodeId;
    if (this.kernel.isUp(node)) return;
    this.kernel.restart(node);
    const s = this.makeServer(sid);
    this.servers.set(sid, s);
    s.start();
  }

  /** Runs until global time `untilMs`. */
  runUntil(untilMs: number): void {
    this.kernel.run(untilMs);
  }

  private makeServer(sid: ServerId): ServerNode {
    return new ServerNode({ kernel: this.kernel, network: this.network, node: this.serverNodes.get(sid) as NodeId, sid, config: this.config, peers: this.serverNodes });
  }
}
