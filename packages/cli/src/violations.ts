// The safety checks the CLI runs at the end of a scenario. A first set computed from the final state of
// the ensemble; the incremental trace checkers (packages/checkers) replace it as they land.
import type { ScenarioRunner } from '@zksim/sim';

/** Violations found in the final state of a run (empty when none). */
export function safetyViolations(runner: ScenarioRunner): string[] {
  const out: string[] = [];
  const c = runner.cluster;
  for (const s of c.servers.values()) {
    if (!c.kernel.isUp(s.node) || !s.isServing) continue;
    // No ephemeral whose owner session is gone from this server's applied state.
    for (const owner of s.db.tree.sessionsWithEphemerals()) {
      if (!s.db.sessions.has(owner)) out.push(`${s.name}: ephemerals of closed session ${owner}: ${s.db.tree.getEphemerals(owner).join(', ')}`);
    }
  }
  return out;
}
