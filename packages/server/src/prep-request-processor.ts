// The leader's prep stage (PrepRequestProcessor): session and owner checks (R26, R21), validation
// against committed state corrected by the changes still in flight (`outstandingChanges`), and the txn
// each write becomes, with the next zxid. A failed check on a txn op becomes an `error` txn that is
// proposed and committed like any other (R27). closeSession collects the session's ephemerals, corrected
// by in-flight creates and deletes (R53, R58), and marks the session closing.
import type { ErrorCode, SessionId, Txn, TxnBody, Zxid } from '@zksim/protocol';
import { NO_SESSION } from '@zksim/protocol';
import type { DataTree } from './data-tree.ts';
import type { Request } from './request.ts';
import type { SessionTrackerImpl } from './session-tracker.ts';
import { sequentialName } from './data-tree.ts';

/** A pending change to one path, as later requests in the pipeline must see it. */
export interface ChangeRecord {
  readonly zxid: Zxid;
  readonly path: string;
  /** False for a pending delete (ZooKeeper's `stat == null`). */
  readonly exists: boolean;
  readonly version: number;
  readonly cversion: number;
  readonly numChildren: number;
  readonly ephemeralOwner: SessionId;
}

/** What prep needs from its server. */
export interface PrepHost {
  readonly tree: DataTree;
  readonly tracker: SessionTrackerImpl;
  nextZxid(): Zxid;
  /** The leader's monotonic clock (session deadlines). */
  localNow(): number;
  /** The leader's wall clock (txn header time). */
  wallNow(): number;
  readonly ignoreInFlightChanges: boolean;
  trace(type: string, fields: Record<string, unknown>): void;
}

/** The leader's prep stage and its outstanding changes. */
export class PrepRequestProcessor {
  readonly outstandingChanges: ChangeRecord[] = [];
  private readonly byPath = new Map<string, ChangeRecord>();
  private readonly host: PrepHost;

  constructor(host: PrepHost) {
    this.host = host;
  }

  /** Preps a request: sets `req.txn` (txn ops) or `req.err` (failed non-txn checks). */
  prep(req: Request): void {
    const h = this.host;
    const op = req.op;
    switch (op.op) {
      case 'create-session': {
        // R49: the leader's expiry clock for the session starts here; R25a: owner from the request.
        h.tracker.trackSession(req.sessionId, op.timeoutMs, h.localNow());
        const owned = h.tracker.setOwner(req.sessionId, req.owner);
        req.txn = this.txn(req, owned === 'ok' ? { type: 'create-session', timeoutMs: op.timeoutMs } : { type: 'error', code: owned });
        return;
      }
      case 'close-session': {
        req.txn = this.txn(req, { type: 'close-session', paths2Delete: this.closeSessionPaths(req.sessionId) });
        h.tracker.setSessionClosing(req.sessionId); // R53.5
        return;
      }
      case 'create':
      case 'delete':
      case 'set-data': {
        const isEphemeral = op.op === 'create' && (op.mode === 'ephemeral' || op.mode === 'ephemeral-sequential');
        const check = isEphemeral ? h.tracker.checkGlobalSession(req.sessionId, req.owner) : h.tracker.checkSession(req.sessionId, req.owner);
        const code = sessionCheckCode(check);
        if (code !== 'ok') {
          req.txn = this.txn(req, { type: 'error', code }); // R27
          return;
        }
        const body = op.op === 'create' ? this.prepCreate(req.sessionId, op.path, op.data, op.mode)
          : op.op === 'delete' ? this.prepDelete(op.path, op.version)
          : this.prepSetData(op.path, op.data, op.version);
        req.txn = this.txn(req, body);
        if (body.type !== 'error') this.addChanges(req.txn);
        return;
      }
      default: {
        // Non-txn ops that pass through prep are owner-checked too (R26), pings included.
        if (op.op === 'set-watches' || op.op === 'ping' || op.op === 'exists' || op.op === 'get-data' || op.op === 'get-children' || op.op === 'sync') {
          req.err = sessionCheckCode(h.tracker.checkSession(req.sessionId, req.owner));
        }
      }
    }
  }

  /** Drops the change records of applied txns (FinalRequestProcessor, zxid ≤ applied). */
  onApplied(zxid: Zxid): void {
    while (this.outstandingChanges.length > 0 && (this.outstandingChanges[0] as ChangeRecord).zxid <= zxid) {
      const rec = this.outstandingChanges.shift() as ChangeRecord;
      if (this.byPath.get(rec.path) === rec) this.byPath.delete(rec.path);
    }
  }

  /** The record for a path: the latest outstanding change, else the committed node (or null if absent). */
  recordFor(path: string): ChangeRecord | null {
    const rec = this.byPath.get(path);
    if (rec !== undefined) return rec.exists ? rec : null;
    const node = this.host.tree.getNode(path);
    if (node === undefined) return null;
    return {
      zxid: node.stat.mzxid, path, exists: true, version: node.stat.version, cversion: node.persistedCversion,
      numChildren: node.stat.numChildren, ephemeralOwner: node.stat.ephemeralOwner,
    };
  }

  /** R53 steps 1–3 (and R58): the session's ephemerals, corrected by in-flight changes. */
  private closeSessionPaths(sessionId: SessionId): string[] {
    const es = new Set(this.host.tree.getEphemerals(sessionId));
    if (!this.host.ignoreInFlightChanges) {
      for (const rec of this.outstandingChanges) {
        if (!rec.exists) es.delete(rec.path);
        else if (rec.ephemeralOwner === sessionId) es.add(rec.path);
      }
    }
    const paths = [...es].sort();
    for (const path of paths) this.addRecord({ zxid: 0, path, exists: false, version: -1, cversion: 0, numChildren: 0, ephemeralOwner: NO_SESSION });
    return paths;
  }

  private prepCreate(sessionId: SessionId, path: string, data: string, mode: string): TxnBody {
    if (!validPath(path) || path === '/') return { type: 'error', code: 'bad-arguments' };
    const parentPath = parentOf(path);
    const parent = this.recordFor(parentPath);
    if (parent === null) return { type: 'error', code: 'no-node' };
    if (parent.ephemeralOwner !== NO_SESSION) return { type: 'error', code: 'no-children-for-ephemerals' };
    const sequential = mode === 'persistent-sequential' || mode === 'ephemeral-sequential';
    const finalPath = sequential ? sequentialName(path, parent.cversion) : path;
    if (this.recordFor(finalPath) !== null) return { type: 'error', code: 'node-exists' };
    const ephemeral = mode === 'ephemeral' || mode === 'ephemeral-sequential';
    return { type: 'create', path: finalPath, data, ephemeralOwner: ephemeral ? sessionId : null, parentCVersion: parent.cversion + 1 };
  }

  private prepDelete(path: string, version: number): TxnBody {
    if (!validPath(path) || path === '/') return { type: 'error', code: 'bad-arguments' };
    const rec = this.recordFor(path);
    if (rec === null) return { type: 'error', code: 'no-node' };
    if (version !== -1 && version !== rec.version) return { type: 'error', code: 'bad-version' };
    if (rec.numChildren > 0) return { type: 'error', code: 'not-empty' };
    return { type: 'delete', path };
  }

  private prepSetData(path: string, data: string, version: number): TxnBody {
    if (!validPath(path)) return { type: 'error', code: 'bad-arguments' };
    const rec = this.recordFor(path);
    if (rec === null) return { type: 'error', code: 'no-node' };
    if (version !== -1 && version !== rec.version) return { type: 'error', code: 'bad-version' };
    return { type: 'set-data', path, data, version: rec.version + 1 };
  }

  private addChanges(txn: Txn): void {
    const b = txn.body;
    if (b.type === 'create') {
      const parent = this.recordFor(parentOf(b.path)) as ChangeRecord;
      this.addRecord({ ...parent, zxid: txn.zxid, cversion: b.parentCVersion, numChildren: parent.numChildren + 1 });
      this.addRecord({ zxid: txn.zxid, path: b.path, exists: true, version: 0, cversion: 0, numChildren: 0, ephemeralOwner: b.ephemeralOwner ?? NO_SESSION });
    } else if (b.type === 'delete') {
      const parent = this.recordFor(parentOf(b.path));
      if (parent !== null) this.addRecord({ ...parent, zxid: txn.zxid, numChildren: Math.max(0, parent.numChildren - 1) });
      this.addRecord({ zxid: txn.zxid, path: b.path, exists: false, version: -1, cversion: 0, numChildren: 0, ephemeralOwner: NO_SESSION });
    } else if (b.type === 'set-data') {
      const rec = this.recordFor(b.path) as ChangeRecord;
      this.addRecord({ ...rec, zxid: txn.zxid, version: b.version });
    }
  }

  private addRecord(rec: ChangeRecord): void {
    this.outstandingChanges.push(rec);
    this.byPath.set(rec.path, rec);
  }

  private txn(req: Request, body: TxnBody): Txn {
    const zxid = this.host.nextZxid();
    // Close-session deletes are recorded with zxid 0 before the zxid is known; give them the real one.
    for (let i = this.outstandingChanges.length - 1; i >= 0 && (this.outstandingChanges[i] as ChangeRecord).zxid === 0; i--) {
      const rec = { ...(this.outstandingChanges[i] as ChangeRecord), zxid };
      this.outstandingChanges[i] = rec;
      this.byPath.set(rec.path, rec);
    }
    return { zxid, sessionId: req.sessionId, cxid: req.cxid, time: this.host.wallNow(), body };
  }
}

/** Maps a tracker check result to the error code a request carries. */
function sessionCheckCode(check: 'ok' | 'unknown-session' | 'session-expired' | 'session-moved'): ErrorCode {
  // R40 with local sessions disabled: an unknown session is an expired one.
  return check === 'unknown-session' ? 'session-expired' : check;
}

/** The parent of an absolute path ('/' for a top-level node). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** ZooKeeper's basic path rules: absolute, no empty segment, no trailing slash (except "/"). */
export function validPath(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/') || path.endsWith('/')) return false;
  return !path.slice(1).split('/').some((s) => s === '' || s === '.' || s === '..');
}
