// A small network for tests: a real kernel with a seed, named nodes, one Network and a RecordingEndpoint
// attached to every node (servers listen; clients and 'other' nodes do not), and `at` to script actions at
// virtual times from a hidden driver node that the network never sees.
import { Kernel, MemorySink, assert } from '@zksim/kernel';
import type { NodeId, NodeKind } from '@zksim/kernel';
import { Network } from '../network.ts';
import type { NetworkOptions } from '../network-options.ts';
import { RecordingEndpoint } from './recording-endpoint.ts';

/** Options of `buildTestNetwork`. */
export interface TestNetworkOptions<M> {
  readonly seed?: string | number;
  /** Node names and kinds, in registration order. Default: s1, s2, s3 servers and c1 a client. */
  readonly nodes?: readonly (readonly [string, NodeKind])[];
  readonly network?: NetworkOptions<M>;
  /** Keep trace records in memory (default true). */
  readonly trace?: boolean;
}

/** What `buildTestNetwork` returns. */
export interface TestNetwork<M> {
  readonly kernel: Kernel;
  readonly net: Network<M>;
  /** Node ids by name. */
  readonly ids: Readonly<Record<string, NodeId>>;
  /** Recording endpoints by node name. */
  readonly endpoints: Readonly<Record<string, RecordingEndpoint<M>>>;
  /** Trace records, when `trace` was on. */
  readonly sink: MemorySink | null;
  /** Runs `action` at virtual time `timeMs` (≥ now), as a kernel event. */
  at(timeMs: number, action: () => void): void;
}

const DRIVER = '~driver';

/** Builds a kernel, nodes and a network with recording endpoints attached. */
export function buildTestNetwork<M>(options: TestNetworkOptions<M> = {}): TestNetwork<M> {
  const sink = options.trace === false ? null : new MemorySink();
  const kernel = new Kernel({ seed: options.seed ?? 1, traceSink: sink });
  const net = new Network<M>(kernel, options.network ?? {});
  const ids: Record<string, NodeId> = {};
  const endpoints: Record<string, RecordingEndpoint<M>> = {};
  const nodes = options.nodes ?? [['s1', 'server'], ['s2', 'server'], ['s3', 'server'], ['c1', 'client']];
  for (const [name, kind] of nodes) {
    const id = kernel.addNode(name, kind);
    const ep = new RecordingEndpoint<M>(kernel);
    net.attach(id, ep, { listening: kind === 'server' });
    ids[name] = id;
    endpoints[name] = ep;
  }
  const driver = kernel.addNode(DRIVER, 'other');
  kernel.setTimerHandler(driver, { onTimer: (_tag, data) => (data as () => void)() });
  const at = (timeMs: number, action: () => void): void => {
    kernel.setTimer(driver, timeMs - kernel.now, 'test-action', action);
  };
  return { kernel, net, ids, endpoints, sink, at };
}

/** Opens a connection from → to and runs until the handshake is over; returns its id (fails if not open). */
export function openConnection<M>(t: TestNetwork<M>, from: string, to: string, tag = 'quorum'): number {
  const conn = t.net.connect(t.ids[from] as NodeId, t.ids[to] as NodeId, tag);
  t.kernel.run();
  const state = t.net.connState(conn);
  if (!(state === 'open')) assert(false, `connection ${from} → ${to} is ${state} after the handshake`);
  return conn;
}

/** Makes `from` send 0, 1, 2… on `conn` every `stepMs` from `startMs`, `count` messages. */
export function sendEvery(t: TestNetwork<number>, conn: number, from: string, startMs: number, stepMs: number, count: number): void {
  for (let n = 0; n < count; n++) t.at(startMs + n * stepMs, () => t.net.send(conn, t.ids[from] as NodeId, n));
}
