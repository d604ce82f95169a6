// Zxids grow: within one leadership a leader proposes strictly increasing zxids of its own epoch and commits
// strictly increasing zxids (R4, R54: commits in zxid order). Reads `zab-propose`, `zab-commit`,
// `leader-established` and the role changes that end a leadership.
import type { Checker, CheckerFactory } from '../checker.ts';
import { epochOfZxid, hex, num, zxidField, type TraceRecord } from '../trace-record.ts';

interface Leadership {
  epoch: number;
  lastProposed: TraceRecord | null;
  lastCommitted: TraceRecord | null;
}

/** Proposals and commits of each leadership grow, and proposals carry the leader's epoch. */
export const zxidsGrow: CheckerFactory = (): Checker => {
  const current = new Map<string, Leadership>();
  const check = (r: TraceRecord, prev: TraceRecord | null, what: string, report: Parameters<Checker['onRecord']>[1]): boolean => {
    const z = zxidField(r, 'zxid');
    const p = prev === null ? undefined : zxidField(prev, 'zxid');
    if (z === undefined || p === undefined || prev === null || z > p) return true;
    report({ at: r, message: `leader ${r.node} ${what} zxid ${hex(z)} after ${hex(p)}: zxids must grow (R54)`, evidence: [prev, r] });
    return false;
  };
  return {
    name: 'zxids-grow',
    kind: 'safety',
    description: 'each leadership proposes and commits strictly increasing zxids of its own epoch (zab-propose, zab-commit)',
    onRecord(r, report) {
      switch (r.type) {
        case 'leader-established':
          current.set(r.node, { epoch: num(r, 'epoch') ?? -1, lastProposed: null, lastCommitted: null });
          return;
        case 'peer-state':
        case 'node-crashed':
        case 'server-start':
          current.delete(r.node);
          return;
        case 'zab-propose': {
          const l = current.get(r.node);
          if (l === undefined) return;
          const z = zxidField(r, 'zxid');
          if (z !== undefined && l.epoch >= 0 && epochOfZxid(z) !== l.epoch) {
            report({ at: r, message: `leader ${r.node} of epoch ${l.epoch} proposes zxid ${hex(z)} of epoch ${epochOfZxid(z)} (R4)`, evidence: [r] });
          }
          check(r, l.lastProposed, 'proposes', report);
          l.lastProposed = r;
          return;
        }
        case 'zab-commit': {
          const l = current.get(r.node);
          if (l === undefined) return;
          check(r, l.lastCommitted, 'commits', report);
          l.lastCommitted = r;
          return;
        }
        default:
      }
    },
    finish() {},
  };
};
