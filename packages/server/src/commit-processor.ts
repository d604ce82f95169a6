// Per-session ordering on a server (CommitProcessor, R85): a session's local requests wait in its queue;
// a write waits for its commit, and reads queued behind it wait too; reads of a session with nothing
// pending go straight to the final stage. Commits are applied strictly in zxid order as they arrive; a
// commit that matches the head of its session's queue by (sessionId, cxid) completes that local request,
// any other is a remote write applied without a reply.
import type { SessionId, Txn } from '@zksim/protocol';
import type { Request } from './request.ts';

/** The final stage as the commit processor calls it. */
export interface FinalStage {
  /** A local request is ready: apply its txn if any, then reply. */
  finishLocal(req: Request): void;
  /** A committed txn with no local request here (cnxn null, R57). */
  finishRemote(txn: Txn): void;
}

interface Queued {
  readonly req: Request;
  /** True while it waits for a commit (writes) or a SYNC answer (follower syncs). */
  readonly waits: boolean;
}

/** Session queues and commit matching of one server. */
export class CommitProcessor {
  private readonly queues = new Map<SessionId, Queued[]>();
  private readonly final: FinalStage;

  constructor(final: FinalStage) {
    this.final = final;
  }

  /** Queues a local request; `waits` for writes (and a follower's sync). */
  submit(req: Request, waits: boolean): void {
    const q = this.queues.get(req.sessionId);
    if (!waits && q === undefined) {
      this.final.finishLocal(req);
      return;
    }
    if (q === undefined) this.queues.set(req.sessionId, [{ req, waits }]);
    else q.push({ req, waits });
  }

  /** A txn committed (in zxid order). */
  commit(txn: Txn): void {
    const q = this.queues.get(txn.sessionId);
    const head = q?.[0];
    if (q !== undefined && head !== undefined && head.waits && head.req.cxid === txn.cxid && head.req.op.op !== 'sync') {
      q.shift();
      head.req.txn = txn;
      this.final.finishLocal(head.req);
      this.drain(txn.sessionId, q);
      return;
    }
    this.final.finishRemote(txn);
  }

  /** A follower's sync was answered by the leader (Leader.SYNC). */
  syncDone(sessionId: SessionId, cxid: number): void {
    const q = this.queues.get(sessionId);
    const head = q?.[0];
    if (q === undefined || head === undefined || head.req.op.op !== 'sync' || head.req.cxid !== cxid) return;
    q.shift();
    this.final.finishLocal(head.req);
    this.drain(sessionId, q);
  }

  /** True while a session has local requests waiting here. */
  hasQueued(sessionId: SessionId): boolean {
    return this.queues.size !== 0 && this.queues.has(sessionId); // empty: the usual case of a ping
  }

  /** Number of local requests waiting, over all sessions (for panels). */
  get pendingCount(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Drops every queued request (the server stops serving; connections are closed anyway). */
  clear(): void {
    this.queues.clear();
  }

  private drain(sessionId: SessionId, q: Queued[]): void {
    while (q.length > 0 && !(q[0] as Queued).waits) this.final.finishLocal((q.shift() as Queued).req);
    if (q.length === 0) this.queues.delete(sessionId);
  }
}
