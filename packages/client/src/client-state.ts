// The client's states and the session events it reports, with ZooKeeper's names (ZooKeeper.States,
// Watcher.Event.KeeperState), and the small pure rules attached to them: which states are alive, which are
// connected, and which error code a request gets when it fails locally in a given state (R73, R74, R80).
// Transitions themselves are made by ClientCnxn; this file only names them.
import type { ErrorCode, WatchEventType } from '@zksim/protocol';

/**
 * The client state (ZooKeeper.States, R73). Starts at CONNECTING (the SendThread constructor sets it);
 * CONNECTEDREADONLY is reserved for read-only servers, AUTH_FAILED for authentication (not modelled:
 * nothing moves the client there yet, but every rule that depends on it is written).
 */
export type ClientState = 'CONNECTING' | 'CONNECTED' | 'CONNECTEDREADONLY' | 'CLOSED' | 'AUTH_FAILED';

/** Every client state, in declaration order. */
export const CLIENT_STATES: readonly ClientState[] = ['CONNECTING', 'CONNECTED', 'CONNECTEDREADONLY', 'CLOSED', 'AUTH_FAILED'];

/**
 * A session event (Watcher.Event.KeeperState, R74). Numeric values in ZooKeeper: Disconnected 0,
 * SyncConnected 3, AuthFailed 4, ConnectedReadOnly 5, SaslAuthenticated 6, Closed 7, Expired −112.
 */
export type KeeperState =
  | 'Disconnected'
  | 'SyncConnected'
  | 'AuthFailed'
  | 'ConnectedReadOnly'
  | 'SaslAuthenticated'
  | 'Closed'
  | 'Expired';

/** What a watcher receives (WatchedEvent): a session event (`type: 'none'`, path null) or a node event. */
export interface WatchedEvent {
  readonly type: WatchEventType;
  readonly state: KeeperState;
  readonly path: string | null;
}

/** A watcher: the default watcher, a listener added with `addWatcher`, or one passed to a read. */
export type Watcher = (event: WatchedEvent) => void;

/** One session event as the client delivered it, for observers. */
export interface StateEventRecord {
  /** Global virtual time of delivery (the trace's time). */
  readonly timeMs: number;
  readonly state: KeeperState;
}

/** True unless CLOSED or AUTH_FAILED (States.isAlive): only an alive client reconnects or accepts requests. */
export function isAlive(state: ClientState): boolean {
  return state !== 'CLOSED' && state !== 'AUTH_FAILED';
}

/** True when a session is established on the current connection (States.isConnected). */
export function isConnected(state: ClientState): boolean {
  return state === 'CONNECTED' || state === 'CONNECTEDREADONLY';
}

/**
 * The code a request gets when it fails without a reply (ClientCnxn.conLossPacket, R80): AUTHFAILED in
 * AUTH_FAILED, SESSIONEXPIRED in CLOSED, CONNECTIONLOSS otherwise.
 */
export function lossCode(state: ClientState): ErrorCode {
  if (state === 'AUTH_FAILED') return 'auth-failed';
  if (state === 'CLOSED') return 'session-expired';
  return 'connection-loss';
}
