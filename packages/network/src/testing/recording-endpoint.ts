// A network endpoint for tests: it records every callback with the virtual time, and lets a test react
// (reply, close, send more) through a hook. It keeps no protocol of its own.
import type { Kernel, NodeId } from '@zksim/kernel';
import type { CloseReason, ConnId, ConnectFailure, NetEndpoint } from '../endpoint.ts';

/** One callback as recorded by a RecordingEndpoint. */
export type EndpointEvent<M> =
  | { readonly type: 'accepted'; readonly timeMs: number; readonly conn: ConnId; readonly peer: NodeId; readonly tag: string }
  | { readonly type: 'connected'; readonly timeMs: number; readonly conn: ConnId; readonly peer: NodeId }
  | { readonly type: 'connect-failed'; readonly timeMs: number; readonly conn: ConnId; readonly reason: ConnectFailure }
  | { readonly type: 'message'; readonly timeMs: number; readonly conn: ConnId; readonly message: M }
  | { readonly type: 'closed'; readonly timeMs: number; readonly conn: ConnId; readonly reason: CloseReason };

/**
 * Records what the network tells one node.
 *
 * @example
 * const ep = new RecordingEndpoint<string>(kernel);
 * ep.onEvent = (e) => { if (e.type === 'message') net.send(e.conn, s1, 'pong'); };
 */
export class RecordingEndpoint<M> implements NetEndpoint<M> {
  readonly events: EndpointEvent<M>[] = [];
  /** The context each message arrived with (see `Network.bind`), in arrival order. */
  readonly contexts: unknown[] = [];
  /** Called after each event is recorded. */
  onEvent: ((event: EndpointEvent<M>) => void) | null = null;
  private readonly kernel: Kernel;

  constructor(kernel: Kernel) {
    this.kernel = kernel;
  }

  onAccepted(conn: ConnId, peer: NodeId, tag: string): void {
    this.record({ type: 'accepted', timeMs: this.kernel.now, conn, peer, tag });
  }

  onConnected(conn: ConnId, peer: NodeId): void {
    this.record({ type: 'connected', timeMs: this.kernel.now, conn, peer });
  }

  onConnectFailed(conn: ConnId, reason: ConnectFailure): void {
    this.record({ type: 'connect-failed', timeMs: this.kernel.now, conn, reason });
  }

  onMessage(conn: ConnId, message: M, context: unknown): void {
    this.contexts.push(context);
    this.record({ type: 'message', timeMs: this.kernel.now, conn, message });
  }

  onClosed(conn: ConnId, reason: CloseReason): void {
    this.record({ type: 'closed', timeMs: this.kernel.now, conn, reason });
  }

  /** Messages received, in arrival order (on one connection if given). */
  messages(conn?: ConnId): M[] {
    const out: M[] = [];
    for (const e of this.events) if (e.type === 'message' && (conn === undefined || e.conn === conn)) out.push(e.message);
    return out;
  }

  /** Arrival times of messages, in arrival order (on one connection if given). */
  messageTimes(conn?: ConnId): number[] {
    const out: number[] = [];
    for (const e of this.events) if (e.type === 'message' && (conn === undefined || e.conn === conn)) out.push(e.timeMs);
    return out;
  }

  /** Recorded events of one type. */
  eventsOf<T extends EndpointEvent<M>['type']>(type: T): Extract<EndpointEvent<M>, { type: T }>[] {
    return this.events.filter((e): e is Extract<EndpointEvent<M>, { type: T }> => e.type === type);
  }

  private record(event: EndpointEvent<M>): void {
    this.events.push(event);
    this.onEvent?.(event);
  }
}
