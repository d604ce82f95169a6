// A closeSession removes exactly the session's ephemerals, on every server that applies it, at the same
// zxid, and only when it is applied (R53, R55, R58). On each server the `ephemeral-deleted` records between
// `txn-applied` (close-session) and `session-removed` must equal the paths the committed txn lists
// (`zab-commit` / `zab-propose` `paths`), and be the same set everywhere: a set larger than the txn's list
// means prep missed an ephemeral in flight (R58) and the apply step cleaned it up behind its back. An
// `ephemeral-deleted` outside such an apply deletes a node before the close is committed.
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';
import { hex, shortId, str, zxidField, type TraceRecord } from '../trace-record.ts';

interface OpenClose {
  readonly zxid: number;
  readonly sessionId: string;
  readonly applied: TraceRecord;
  readonly deleted: string[];
  readonly records: TraceRecord[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((p) => b.includes(p));
const list = (paths: readonly string[]): string => (paths.length === 0 ? 'nothing' : `[${[...paths].sort().join(', ')}]`);

/** Deletions of a closeSession match its txn and agree across servers; none happen outside its apply. */
export const closeDeletes: CheckerFactory = (ctx: CheckContext): Checker => {
  const open = new Map<string, OpenClose>();
  const firstDeletion = new Map<number, { server: string; deleted: string[]; record: TraceRecord }>();
  /** Paths a server deleted early for a close zxid: reported once, then counted as that close's deletions. */
  const early = new Map<string, string[]>();
  return {
    name: 'close-deletes',
    kind: 'safety',
    description: "a closeSession deletes exactly its txn's paths, the same on every server, and only when applied (txn-applied, ephemeral-deleted, session-removed, zab-commit)",
    onRecord(r, report) {
      switch (r.type) {
        case 'txn-applied': {
          if (str(r, 'txn') !== 'close-session') return;
          const zxid = zxidField(r, 'zxid');
          const sessionId = str(r, 'sessionId');
          if (zxid !== undefined && sessionId !== undefined) open.set(r.node, { zxid, sessionId, applied: r, deleted: [], records: [] });
          return;
        }
        case 'ephemeral-deleted': {
          const zxid = zxidField(r, 'zxid');
          const path = str(r, 'path') ?? '?';
          const o = open.get(r.node);
          if (o !== undefined && o.zxid === zxid) {
            o.deleted.push(path);
            o.records.push(r);
            return;
          }
          const owner = str(r, 'owner') ?? '?';
          if (zxid !== undefined) {
            const key = `${r.node}@${zxid}`;
            early.set(key, [...(early.get(key) ?? []), path]);
          }
          report({
            at: r,
            message: `${r.node} deletes ephemeral ${path} of session ${shortId(owner)} for closeSession ${zxid === undefined ? '?' : hex(zxid)} before applying that txn (it was only logged, not committed: R54, R55)`,
            evidence: [r],
          });
          return;
        }
        case 'session-removed': {
          const o = open.get(r.node);
          if (o === undefined) return;
          open.delete(r.node);
          o.deleted.push(...(early.get(`${r.node}@${o.zxid}`) ?? []));
          const txn = ctx.replicas.committed.get(o.zxid) ?? ctx.replicas.proposed.get(o.zxid);
          const paths = txn?.paths ?? null;
          const evidence = txn === undefined ? [o.applied, ...o.records, r] : [txn.record, o.applied, ...o.records, r];
          if (paths !== null && !sameSet(paths, o.deleted)) {
            const extra = o.deleted.filter((p) => !paths.includes(p));
            const why = extra.length > 0 ? `: ${list(extra)} belonged to the session but the txn did not list ${extra.length === 1 ? 'it' : 'them'} (an ephemeral create in flight missed by prep, R53, R58)` : ': the txn lists nodes that were not there';
            report({ at: r, message: `closeSession ${hex(o.zxid)} of ${shortId(o.sessionId)} lists ${list(paths)} but ${r.node} deletes ${list(o.deleted)}${why}`, evidence });
          }
          const first = firstDeletion.get(o.zxid);
          if (first === undefined) firstDeletion.set(o.zxid, { server: r.node, deleted: o.deleted, record: r });
          else if (!sameSet(first.deleted, o.deleted)) {
            report({ at: r, message: `closeSession ${hex(o.zxid)} of ${shortId(o.sessionId)} deletes ${list(first.deleted)} on ${first.server} but ${list(o.deleted)} on ${r.node} (R55: same txn, same effect everywhere)`, evidence: [first.record, ...evidence] });
          }
          return;
        }
        case 'node-crashed':
          open.delete(r.node);
          return;
        default:
      }
    },
    finish() {},
  };
};
