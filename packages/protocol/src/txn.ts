// Transactions: what the leader's prep stage produces, what ZAB proposes and commits, what every server's
// final stage applies and what the txn log stores. Mirrors ZooKeeper's TxnHeader + txn bodies (CreateTxn,
// DeleteTxn, SetDataTxn, CreateSessionTxn, CloseSessionTxn, ErrorTxn); paths are absolute, data is a string.
import type { ErrorCode } from './error-codes.ts';
import type { SessionId, Zxid } from './ids.ts';

/** Creation modes of a znode. */
export type CreateMode = 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential';

/** Body of a transaction. */
export type TxnBody =
  | { readonly type: 'create'; readonly path: string; readonly data: string; readonly ephemeralOwner: SessionId | null; readonly parentCVersion: number }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'set-data'; readonly path: string; readonly data: string; readonly version: number }
  | { readonly type: 'create-session'; readonly timeoutMs: number }
  | { readonly type: 'close-session'; readonly paths2Delete: readonly string[] }
  | { readonly type: 'error'; readonly code: ErrorCode };

/** A transaction with its header (TxnHeader: clientId = sessionId, cxid, zxid, time, type). */
export interface Txn {
  readonly zxid: Zxid;
  readonly sessionId: SessionId;
  readonly cxid: number;
  /** The leader's wall-clock time when the txn was prepped (ms since the Unix epoch). */
  readonly time: number;
  readonly body: TxnBody;
}

/** Stat of a znode (the fields zksim models). */
export interface Stat {
  readonly czxid: Zxid;
  readonly mzxid: Zxid;
  readonly pzxid: Zxid;
  readonly ctime: number;
  readonly mtime: number;
  readonly version: number;
  readonly cversion: number;
  /** Owner session of an ephemeral node, or NO_SESSION ('0x0000000000000000') for a persistent one. */
  readonly ephemeralOwner: SessionId;
  readonly dataLength: number;
  readonly numChildren: number;
}
