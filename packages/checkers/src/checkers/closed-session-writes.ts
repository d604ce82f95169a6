// Nothing of a closing or closed session commits: once a leader marked a session closing (its
// `session-expire`, or its closeSession proposal), that leader proposes no further write of it — later
// requests become error txns (R53.5, R58) — and once a closeSession commits, no later zxid carries a write
// of that session anywhere. Reads `session-expire`, `zab-propose`, `zab-commit`, `txn-applied` and role
// changes.
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';
import { hex, shortId, str, zxidField, type TraceRecord } from '../trace-record.ts';

const isWrite = (txn: string | undefined): boolean => txn !== undefined && txn !== 'error' && txn !== 'close-session';

/** No write of a session is proposed after its leader marked it closing, nor committed after its close. */
export const closedSessionWrites: CheckerFactory = (ctx: CheckContext): Checker => {
  /** Per leader: session → the record that marked it closing (cleared when the leadership ends). */
  const closing = new Map<string, Map<string, TraceRecord>>();
  const closingAt = (node: string): Map<string, TraceRecord> => {
    let m = closing.get(node);
    if (m === undefined) closing.set(node, (m = new Map()));
    return m;
  };
  return {
    name: 'closed-session-writes',
    kind: 'safety',
    description: 'no write of a session is proposed after its leader marked it closing, nor committed at a zxid after its closeSession (session-expire, zab-propose, zab-commit, txn-applied)',
    onRecord(r, report) {
      switch (r.type) {
        case 'peer-state':
        case 'node-crashed':
        case 'server-start':
          closing.delete(r.node);
          return;
        case 'session-expire': {
          const id = str(r, 'sessionId');
          if (id !== undefined && r['rogue'] !== true) closingAt(r.node).set(id, r);
          return;
        }
        case 'zab-propose': {
          const id = str(r, 'sessionId');
          const txn = str(r, 'txn');
          if (id === undefined) return;
          if (txn === 'close-session') {
            if (!closingAt(r.node).has(id)) closingAt(r.node).set(id, r);
            return;
          }
          const mark = closing.get(r.node)?.get(id);
          if (mark !== undefined && isWrite(txn)) {
            report({ at: r, message: `leader ${r.node} proposes ${txn} ${str(r, 'path') ?? ''} of session ${shortId(id)} after marking it closing: it should have become an error txn (R53, R58)`, evidence: [mark, r] });
          }
          return;
        }
        case 'zab-commit':
        case 'txn-applied': {
          const id = str(r, 'sessionId');
          const zxid = zxidField(r, 'zxid');
          if (id === undefined || zxid === undefined || !isWrite(str(r, 'txn'))) return;
          const closedAt = ctx.replicas.committedCloseOf.get(id);
          if (closedAt === undefined || zxid <= closedAt) return;
          const close = ctx.replicas.committed.get(closedAt);
          report({
            at: r,
            message: `${r.node} ${r.type === 'zab-commit' ? 'commits' : 'applies'} ${str(r, 'txn') ?? ''} ${str(r, 'path') ?? ''} of session ${shortId(id)} at ${hex(zxid)}, after the session's closeSession committed at ${hex(closedAt)}`,
            evidence: close === undefined ? [r] : [close.record, r],
          });
          return;
        }
        default:
      }
    },
    finish() {},
  };
};
