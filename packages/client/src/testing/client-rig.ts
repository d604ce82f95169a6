// A small world for client tests: a real kernel (with a memory trace sink) and network, scripted servers
// on server nodes, and one ZkClient on a client node. Tests drive it with the servers' commands and
// `kernel.run(untilMs)`, then read the client's getters and the trace.
import { Kernel, MemorySink } from '@zksim/kernel';
import type { DelayDistribution, TraceRecord } from '@zksim/kernel';
import { Network } from '@zksim/network';
import type { ZkMessage } from '@zksim/protocol';
import { ZkClient } from '../zk-client.ts';
import type { ZkClientOptions } from '../zk-client.ts';
import type { WatchedEvent } from '../client-state.ts';
import { ScriptedServer } from './scripted-server.ts';
import type { ScriptedSession } from './scripted-server.ts';
import { ZnodeMap } from './znode-map.ts';

/** Options of `buildClientRig`. */
export interface ClientRigOptions {
  readonly seed?: string | number;
  /** Server node names (default ['s1']). */
  readonly servers?: readonly string[];
  /** Connect string (default: the server names joined by commas). */
  readonly connectString?: string;
  readonly sessionTimeoutMs?: number;
  readonly clientVersion?: '3.8' | '3.9';
  /** One-way latency of every link (default: constant 1 ms). */
  readonly latency?: DelayDistribution;
  /** Start the client right away (default true). */
  readonly start?: boolean;
}

/** What `buildClientRig` returns. */
export interface ClientRig {
  readonly kernel: Kernel;
  readonly network: Network<ZkMessage>;
  readonly servers: ReadonlyMap<string, ScriptedServer>;
  readonly client: ZkClient;
  readonly sink: MemorySink;
  /** Every event the default watcher received. */
  readonly watcherEvents: WatchedEvent[];
  /** The first (or only) server. */
  server(name?: string): ScriptedServer;
  /** Trace records of the client, optionally of one type. */
  clientTrace(type?: string): TraceRecord[];
}

/** Builds a kernel, a network, scripted servers and a started client. */
export function buildClientRig(options: ClientRigOptions = {}, extra: Partial<ZkClientOptions> = {}): ClientRig {
  const sink = new MemorySink();
  const kernel = new Kernel({ seed: options.seed ?? 1, traceSink: sink });
  const network = new Network<ZkMessage>(kernel, { defaultLatency: options.latency ?? { type: 'constant', ms: 1 } });
  const names = options.servers ?? ['s1'];
  const servers = new Map<string, ScriptedServer>();
  // The servers share sessions and znodes, like an ensemble would (without any of its timing).
  const sessions = new Map<string, ScriptedSession>();
  const tree = new ZnodeMap(() => kernel.now);
  for (const n of names) {
    const node = kernel.addNode(n, 'server');
    servers.set(n, new ScriptedServer({ kernel, network, node, serverId: servers.size + 1, sessions, tree }));
  }
  const node = kernel.addNode('c1', 'client');
  const watcherEvents: WatchedEvent[] = [];
  const client = new ZkClient({
    kernel, network, node,
    connectString: options.connectString ?? names.join(','),
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    clientVersion: options.clientVersion ?? '3.9',
    onEvent: (e) => watcherEvents.push(e),
    ...extra,
  });
  if (options.start ?? true) client.start();
  return {
    kernel, network, servers, client, sink, watcherEvents,
    server(name?: string): ScriptedServer {
      const s = servers.get(name ?? (names[0] as string));
      if (s === undefined) throw new Error(`no server ${name ?? ''}`);
      return s;
    },
    clientTrace(type?: string): TraceRecord[] {
      return sink.records.filter((r) => r.node === client.name && (type === undefined || r.type === type));
    },
  };
}
