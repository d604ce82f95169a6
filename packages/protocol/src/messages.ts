// Every message that crosses the simulated network: the client protocol (connect handshake, requests,
// replies, watch notifications), the quorum protocol between a learner and its leader (ZooKeeper's
// Leader.* packet types) and fast-leader-election notifications. One union, `ZkMessage`, discriminated on
// `type`, so a single Network<ZkMessage> carries all of them.
import type { ErrorCode } from './error-codes.ts';
import type { ServerId, SessionId, Zxid } from './ids.ts';
import type { CreateMode, Stat, Txn } from './txn.ts';

// ---------------------------------------------------------------------------------------------
// Client protocol

/** Special client xids (ClientCnxn). */
export const XID_NOTIFICATION = -1;
export const XID_PING = -2;
export const XID_SET_WATCHES = -8;

/** A client operation, as sent on the wire (paths already include the chroot). */
export type Op =
  | { readonly op: 'create'; readonly path: string; readonly data: string; readonly mode: CreateMode }
  | { readonly op: 'delete'; readonly path: string; readonly version: number }
  | { readonly op: 'set-data'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly op: 'exists'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'get-data'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'get-children'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'ping' }
  | { readonly op: 'close-session' }
  | {
      readonly op: 'set-watches';
      readonly relativeZxid: Zxid;
      readonly dataWatches: readonly string[];
      readonly existWatches: readonly string[];
      readonly childWatches: readonly string[];
    };

/** Name of an operation. */
export type OpName = Op['op'];

/** Operations that change state and therefore become transactions (R46). */
export function isWriteOp(op: OpName): boolean {
  return op === 'create' || op === 'delete' || op === 'set-data' || op === 'close-session';
}

/** Result of a successful operation. */
export type OpResult =
  | { readonly op: 'create'; readonly path: string }
  | { readonly op: 'delete' }
  | { readonly op: 'set-data'; readonly stat: Stat }
  | { readonly op: 'exists'; readonly stat: Stat | null }
  | { readonly op: 'get-data'; readonly data: string; readonly stat: Stat }
  | { readonly op: 'get-children'; readonly children: readonly string[] }
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'ping' }
  | { readonly op: 'close-session' }
  | { readonly op: 'set-watches' };

/** ConnectRequest (R29): the client always sends its originally requested timeout. */
export interface ConnectRequest {
  readonly type: 'connect';
  readonly protocolVersion: number;
  readonly lastZxidSeen: Zxid;
  readonly timeoutMs: number;
  readonly sessionId: SessionId;
  readonly passwd: string;
  readonly readOnly: boolean;
}

/** ConnectResponse (R33): timeoutMs 0 means the session is expired (or the password was wrong). */
export interface ConnectResponse {
  readonly type: 'connect-response';
  readonly protocolVersion: number;
  readonly timeoutMs: number;
  readonly sessionId: SessionId;
  readonly passwd: string;
  readonly readOnly: boolean;
}

/** A client request (xid −2 for pings, −8 for setWatches). */
export interface ClientRequest {
  readonly type: 'request';
  readonly xid: number;
  readonly request: Op;
}

/** A reply; `zxid` is the replying server's last processed zxid (R80). */
export interface ClientReply {
  readonly type: 'reply';
  readonly xid: number;
  readonly zxid: Zxid;
  readonly err: ErrorCode;
  readonly result: OpResult | null;
}

/** ZooKeeper's watch event types (Watcher.Event.EventType). */
export type WatchEventType = 'none' | 'node-created' | 'node-deleted' | 'node-data-changed' | 'node-children-changed';

/** A watch notification pushed by a server (xid −1). */
export interface WatchNotification {
  readonly type: 'notification';
  readonly xid: typeof XID_NOTIFICATION;
  readonly zxid: Zxid;
  readonly event: WatchEventType;
  readonly path: string;
}

/** Messages between a client and a server. */
export type ClientMessage = ConnectRequest | ConnectResponse | ClientRequest | ClientReply | WatchNotification;

// ---------------------------------------------------------------------------------------------
// Quorum protocol (learner <-> leader), ZooKeeper's Leader packet types

/** A database snapshot as sent in a SNAP sync and kept on disk (R64): data tree + sessions map. */
export interface Snapshot {
  readonly zxid: Zxid;
  readonly nodes: readonly SnapshotNode[];
  readonly sessions: readonly (readonly [SessionId, number])[];
}

/** One znode in a snapshot (parents before children). */
export interface SnapshotNode {
  readonly path: string;
  readonly data: string;
  readonly stat: Stat;
}

/** A request forwarded from a learner to the leader (Leader.REQUEST). */
export interface ForwardedRequest {
  readonly type: 'q-request';
  readonly sessionId: SessionId;
  readonly cxid: number;
  readonly request: Op | { readonly op: 'create-session'; readonly timeoutMs: number };
}

/**
 * A learner's touch table in a PING reply (R38, R44): `timeouts[i]` is the timeout of the touch of
 * `ids[i]`, in first-touch order. Two parallel arrays rather than pairs: at 10k sessions the pairs were
 * most of what a ping cost in allocation.
 */
export interface TouchTable {
  readonly ids: readonly SessionId[];
  readonly timeouts: readonly number[];
  /**
   * `handles[i]` is the simulation's handle of `ids[i]` (see the server's session-handles.ts): a lookup
   * shortcut for a leader that shares the sender's table, not part of the packet ZooKeeper sends. Absent
   * when the sender had none; a receiver must then use the ids.
   */
  readonly handles?: readonly number[];
}

/** Packets on a learner's channel to its leader. */
export type QuorumMessage =
  | { readonly type: 'q-followerinfo'; readonly sid: ServerId; readonly acceptedEpoch: number; readonly lastLoggedZxid: Zxid }
  | { readonly type: 'q-leaderinfo'; readonly newEpoch: number }
  | { readonly type: 'q-ackepoch'; readonly currentEpoch: number; readonly lastLoggedZxid: Zxid }
  | { readonly type: 'q-diff'; readonly zxid: Zxid }
  | { readonly type: 'q-trunc'; readonly zxid: Zxid }
  | { readonly type: 'q-snap'; readonly zxid: Zxid; readonly snapshot: Snapshot }
  | { readonly type: 'q-proposal'; readonly txn: Txn }
  | { readonly type: 'q-ack'; readonly zxid: Zxid }
  | { readonly type: 'q-commit'; readonly zxid: Zxid }
  | { readonly type: 'q-newleader'; readonly zxid: Zxid }
  | { readonly type: 'q-uptodate' }
  | { readonly type: 'q-ping'; readonly zxid: Zxid; readonly touches: TouchTable | null }
  | { readonly type: 'q-revalidate'; readonly sessionId: SessionId; readonly timeoutMs: number }
  | { readonly type: 'q-revalidate-reply'; readonly sessionId: SessionId; readonly valid: boolean }
  | { readonly type: 'q-sync'; readonly sessionId: SessionId; readonly cxid: number }
  | ForwardedRequest;

// ---------------------------------------------------------------------------------------------
// Fast leader election

/** A peer's role (QuorumPeer.ServerState). */
export type PeerState = 'looking' | 'following' | 'leading' | 'observing';

/** An FLE notification: the sender's current vote and state. */
export interface ElectionNotification {
  readonly type: 'e-notification';
  readonly sid: ServerId;
  readonly leader: ServerId;
  readonly zxid: Zxid;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly state: PeerState;
}

/** Every message zksim's network carries. */
export type ZkMessage = ClientMessage | QuorumMessage | ElectionNotification;
