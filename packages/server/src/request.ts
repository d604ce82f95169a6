// The request object that flows through a server's pipeline (ZooKeeper's Request): who sent it (the
// session and the local connection, if any), the operation, the owner token for session checks (R24), and
// what the prep stage made of it (a txn, or an error for a non-txn op).
import type { ErrorCode, Op, SessionId, Txn } from '@zksim/protocol';

/** The create-session operation, built by the server itself from a ConnectRequest (R31). */
export interface CreateSessionOp {
  readonly op: 'create-session';
  readonly timeoutMs: number;
}

/** Any operation a request can carry. */
export type RequestOp = Op | CreateSessionOp;

/** A client connection on a server, as far as the pipeline needs it. */
export interface CnxnRef {
  readonly id: number;
  /** Watcher token of this connection (R36). */
  readonly token: string;
}

/** A request in the pipeline. */
export interface Request {
  readonly sessionId: SessionId;
  readonly cxid: number;
  readonly op: RequestOp;
  /** The connection on this server the reply goes to; null for expiry-generated and remote requests. */
  readonly cnxn: CnxnRef | null;
  /** Owner token for checkSession (R24); null for the leader's own createSession and for expiry. */
  readonly owner: string | null;
  /** For a sync forwarded by a learner: that learner's sid (Leader.processSync). */
  readonly learnerSid: number | null;
  /** Set by prep: the txn to propose (txn ops), or null. */
  txn: Txn | null;
  /** Set by prep for non-txn ops that failed a session check. */
  err: ErrorCode;
}

/** Builds a request. */
export function makeRequest(
  sessionId: SessionId, cxid: number, op: RequestOp, cnxn: CnxnRef | null, owner: string | null, learnerSid: number | null = null,
): Request {
  return { sessionId, cxid, op, cnxn, owner, learnerSid, txn: null, err: 'ok' };
}

/** Operations that become transactions (and wait for a commit on the server they arrived at). */
export function needsTxn(op: RequestOp['op']): boolean {
  return op === 'create' || op === 'delete' || op === 'set-data' || op === 'close-session' || op === 'create-session';
}

/** Path an operation names, for traces ('' when none). */
export function pathOf(op: RequestOp): string {
  return 'path' in op ? op.path : '';
}
