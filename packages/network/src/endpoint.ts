// What a node sees of the network: connection ids and the callbacks a server or client implements.
// The network calls these from inside kernel events addressed to the node (so freezes and crashes apply);
// it never calls them synchronously from `connect`, `send` or `close`.
import type { NodeId } from '@zksim/kernel';

/** Identifies one connection for its whole life (ids count up from 1 and are never reused). */
export type ConnId = number;

/** Why a connect attempt failed: nobody listened at the target, or the attempt was reset on the way. */
export type ConnectFailure = 'refused' | 'reset';

/** Why an open connection ended without this end closing it. */
export type CloseReason = 'reset' | 'peer-closed';

/**
 * The network's view of a connection.
 * `connecting`: the initiator has not been told yet; `open`: both ends may talk; `closing`: one end closed,
 * the other has not been told yet; `reset`: broken, some end not told yet; `closed`: gone.
 */
export type ConnState = 'connecting' | 'open' | 'closing' | 'reset' | 'closed';

/**
 * The callbacks of a node attached to the network; servers and clients implement it.
 *
 * For one connection an initiator hears `onConnected` or `onConnectFailed` (or nothing, if the attempt
 * hangs across a partition), then any number of `onMessage`, then `onClosed` at most once. An acceptor hears
 * `onAccepted` first. Nothing is heard for a connection after the node itself closed it.
 */
export interface NetEndpoint<M> {
  /** Acceptor side: a new incoming connection is open; `tag` is the initiator's label ('client', 'quorum'…). */
  onAccepted(conn: ConnId, peer: NodeId, tag: string): void;
  /** Initiator side: the connect succeeded; the node may send now. */
  onConnected(conn: ConnId, peer: NodeId): void;
  /** Initiator side: the connect failed; the connection is gone. */
  onConnectFailed(conn: ConnId, reason: ConnectFailure): void;
  /**
   * A message arrived (in send order on this connection unless its link is in datagram mode). `context` is
   * what this node gave `Network.bind` for its end of the connection (undefined if nothing).
   */
  onMessage(conn: ConnId, message: M, context: unknown): void;
  /** The connection ended: reset, or the peer closed it after everything it sent was delivered. */
  onClosed(conn: ConnId, reason: CloseReason): void;
}
