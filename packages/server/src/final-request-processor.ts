// The final stage (FinalRequestProcessor) of every server: apply the txn to the database (session events
// first, then the tree, R55), drop the leader's outstanding change records, fire watches on this server's
// connections (R59, R60), and answer the request — or, for a closeSession applied without a local
// connection, close this server's connection of that session (R57). A SESSIONMOVED outcome closes the
// connection without a reply (R28).
import type { ErrorCode, OpResult, Txn, Zxid } from '@zksim/protocol';
import { zxidHex } from '@zksim/protocol';
import type { CnxnRef, Request } from './request.ts';
import type { SessionEventSink, ZkDatabase } from './zk-database.ts';
import type { FinalStage } from './commit-processor.ts';
import type { WatchFire } from './data-tree.ts';

/** What the final stage needs from its server. */
export interface FinalHost {
  readonly db: ZkDatabase;
  /** The session tracker in use (leader or learner), for commitSession/removeSession (R55). */
  readonly sessionSink: SessionEventSink;
  /** Leader only: drop change records up to the applied zxid. */
  onApplied(zxid: Zxid): void;
  reply(cnxn: CnxnRef, xid: number, err: ErrorCode, result: OpResult | null): void;
  notify(fires: readonly WatchFire[]): void;
  closeCnxn(cnxn: CnxnRef, reason: string): void;
  closeSessionCnxns(sessionId: string, reason: string): void;
  finishSessionInit(cnxn: CnxnRef, valid: boolean): void;
  trace(type: string, fields: Record<string, unknown>): void;
  traceEnabled(): boolean;
}

/** Applies committed txns and answers local requests. */
export class FinalRequestProcessor implements FinalStage {
  private readonly host: FinalHost;

  constructor(host: FinalHost) {
    this.host = host;
  }

  finishRemote(txn: Txn): void {
    this.apply(txn);
    // R57: a closeSession applied here without a local request kicks the session's client off this server.
    if (txn.body.type === 'close-session') this.host.closeSessionCnxns(txn.sessionId, 'CLIENT_CLOSED_SESSION');
  }

  finishLocal(req: Request): void {
    const h = this.host;
    const txn = req.txn;
    if (txn !== null) this.apply(txn);
    const cnxn = req.cnxn;
    if (cnxn === null) {
      if (txn !== null && txn.body.type === 'close-session') h.closeSessionCnxns(txn.sessionId, 'CLIENT_CLOSED_SESSION');
      return;
    }
    const op = req.op;
    const err: ErrorCode = txn !== null && txn.body.type === 'error' ? txn.body.code : req.err;
    if (err === 'session-moved') {
      // R28: no reply; the client sees the connection drop (CONNECTIONLOSS).
      h.trace('session-moved', { sessionId: req.sessionId, cxid: req.cxid, op: op.op });
      h.closeCnxn(cnxn, 'SESSION_MOVED');
      return;
    }
    if (op.op === 'create-session') {
      h.finishSessionInit(cnxn, err === 'ok');
      return;
    }
    if (err !== 'ok') {
      h.reply(cnxn, req.cxid, err, null);
      return;
    }
    const result = this.resultOf(req);
    if (result === null) return;
    if ('err' in result) h.reply(cnxn, req.cxid, result.err, null);
    else h.reply(cnxn, req.cxid, 'ok', result);
    if (op.op === 'close-session') h.closeCnxn(cnxn, 'CLIENT_CLOSED_SESSION'); // R57: reply, then close
  }

  private apply(txn: Txn): void {
    const h = this.host;
    const result = h.db.processTxn(txn, h.sessionSink);
    h.onApplied(txn.zxid);
    if (h.traceEnabled()) h.trace('txn-applied', { zxid: zxidHex(txn.zxid), txn: txn.body.type, sessionId: txn.sessionId, ...(result.path !== null ? { path: result.path } : {}), ...(txn.body.type === 'error' ? { code: txn.body.code } : {}) });
    if (txn.body.type === 'close-session') {
      for (const path of result.deleted) h.trace('ephemeral-deleted', { path, owner: txn.sessionId, zxid: zxidHex(txn.zxid) });
      h.trace('session-removed', { sessionId: txn.sessionId, zxid: zxidHex(txn.zxid) });
    } else if (txn.body.type === 'create-session') {
      h.trace('session-committed', { sessionId: txn.sessionId, zxid: zxidHex(txn.zxid), timeoutMs: txn.body.timeoutMs });
    }
    if (result.fires.length > 0) h.notify(result.fires);
  }

  /** The reply to a successful local request, read from this server's own tree (R48). */
  private resultOf(req: Request): OpResult | { err: ErrorCode } | null {
    const op = req.op;
    const tree = this.host.db.tree;
    const token = req.cnxn?.token ?? '';
    switch (op.op) {
      case 'create': {
        const body = req.txn?.body;
        return { op: 'create', path: body !== undefined && body.type === 'create' ? body.path : op.path };
      }
      case 'delete':
        return { op: 'delete' };
      case 'set-data': {
        const node = tree.getNode(op.path);
        return node === undefined ? { err: 'no-node' } : { op: 'set-data', stat: node.stat };
      }
      case 'close-session':
        return { op: 'close-session' };
      case 'exists': {
        if (op.watch) tree.addDataWatch(op.path, token); // statNode registers even for a missing node
        const node = tree.getNode(op.path);
        // A missing node is NONODE in the reply header; the client's exists() turns it into null.
        return node === undefined ? { err: 'no-node' } : { op: 'exists', stat: node.stat };
      }
      case 'get-data': {
        const node = tree.getNode(op.path);
        if (node === undefined) return { err: 'no-node' };
        if (op.watch) tree.addDataWatch(op.path, token);
        return { op: 'get-data', data: node.data, stat: node.stat };
      }
      case 'get-children': {
        const node = tree.getNode(op.path);
        if (node === undefined) return { err: 'no-node' };
        if (op.watch) tree.addChildWatch(op.path, token);
        return { op: 'get-children', children: node.children };
      }
      case 'sync':
        return { op: 'sync', path: op.path };
      case 'ping':
        return { op: 'ping' };
      case 'set-watches': {
        const fires = tree.setWatches(op.relativeZxid, op.dataWatches, op.existWatches, op.childWatches, token); // R61
        if (fires.length > 0) this.host.notify(fires);
        return { op: 'set-watches' };
      }
      default:
        return null;
    }
  }
}
