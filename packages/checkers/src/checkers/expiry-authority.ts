// Only a leader expires sessions (R20, R37): a `session-expire` must come from a server that is leading and
// serving (possibly a deposed leader that has not noticed yet); followers only collect touches. And every closeSession the leader proposes has a cause: its own
// expiry of that session in the same event, or the session's client asking to close (R52, R81). Reads
// `session-expire`, `zab-propose`, `client-request`, and the roles of the cluster view.
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';
import { shortId, str, type TraceRecord } from '../trace-record.ts';

/** Expiry happens at the leader only, and each closeSession is an expiry or a client's close. */
export const expiryAuthority: CheckerFactory = (ctx: CheckContext): Checker => {
  let lastExpire: TraceRecord | null = null;
  const closeRequested = new Set<string>();
  return {
    name: 'expiry-authority',
    kind: 'safety',
    description: 'only the serving leader expires sessions, and every closeSession proposal follows an expiry or a client close (session-expire, zab-propose, client-request)',
    onRecord(r, report) {
      switch (r.type) {
        case 'session-expire': {
          lastExpire = r;
          // A deposed leader that has not noticed yet (frozen, cut off) still runs its expiry queue, as in
          // ZooKeeper; its closeSessions cannot commit. What must never happen is expiry on a non-leader.
          const s = ctx.view.servers.get(r.node);
          if (s === undefined || s.role !== 'leading' || !s.isServing) {
            const id = str(r, 'sessionId') ?? '?';
            report({ at: r, message: `${r.node} expires session ${shortId(id)} while ${s === undefined ? 'not a server' : s.role}: only a serving leader runs the expiry queue (R20, R37)`, evidence: [r] });
          }
          return;
        }
        case 'client-request':
          if (str(r, 'op') === 'close-session') closeRequested.add(r.node);
          return;
        case 'zab-propose': {
          if (str(r, 'txn') !== 'close-session') return;
          const id = str(r, 'sessionId');
          if (id === undefined) return;
          const e = lastExpire;
          if (e !== null && e.node === r.node && e.time === r.time && e.seq === r.seq && str(e, 'sessionId') === id) return;
          const client = ctx.view.sessions.get(id)?.client ?? null;
          if (client === null || closeRequested.has(client)) return;
          report({ at: r, message: `leader ${r.node} proposes closeSession of ${shortId(id)} (client ${client}) although it did not expire it and ${client} never asked to close (R52)`, evidence: [r] });
          return;
        }
        default:
      }
    },
    finish() {},
  };
};
