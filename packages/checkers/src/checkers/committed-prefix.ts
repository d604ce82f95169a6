// Committed prefixes agree: every server applies a gap-free prefix of one committed history, and a new
// leader starts from all of it. The model (facts/replicas.ts) explains which sequence is compared; this
// checker reports what it finds. Reads `zab-propose`, `zab-logged`, `zab-commit`, `txn-applied`,
// `db-fast-forward`, `zab-sync`, `zab-sync-received`, `zab-newleader`, `leader-established`, `serving`,
// `server-start`.
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';

/** Reports the anomalies of the replicated-state model. */
export const committedPrefix: CheckerFactory = (ctx: CheckContext): Checker => ({
  name: 'committed-prefix',
  kind: 'safety',
  description: 'each server applies a gap-free prefix of one committed history (zxid → txn), and a new leader holds all of it',
  onRecord(_r, report) {
    for (const a of ctx.replicas.drainAnomalies()) report({ at: a.record, message: a.message, evidence: a.evidence });
  },
  finish() {},
});
