// Single leader per epoch (ZAB): two servers may never both be established as leader of the same epoch.
// Reads `leader-established { epoch }`.
import type { Checker, CheckerFactory } from '../checker.ts';
import { num, type TraceRecord } from '../trace-record.ts';

/** At most one server establishes itself as leader of each epoch. */
export const singleLeader: CheckerFactory = (): Checker => {
  const byEpoch = new Map<number, TraceRecord>();
  return {
    name: 'single-leader',
    kind: 'safety',
    description: 'at most one server is established as leader of each epoch (leader-established)',
    onRecord(r, report) {
      if (r.type !== 'leader-established') return;
      const epoch = num(r, 'epoch');
      if (epoch === undefined) return;
      const first = byEpoch.get(epoch);
      if (first === undefined) byEpoch.set(epoch, r);
      else if (first.node !== r.node) {
        report({ at: r, message: `${r.node} is established as leader of epoch ${epoch}, which ${first.node} already leads`, evidence: [first, r] });
      }
    },
    finish() {},
  };
};
