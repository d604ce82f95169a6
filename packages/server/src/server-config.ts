// Configuration of one ZooKeeper server in the ensemble (zoo.cfg as zksim models it) and its defaults.
// Session-timeout bounds default to 2× and 20× tickTime (R29–R33, §1); initLimit and syncLimit are
// required in ZooKeeper and get zksim defaults (10 and 5) so small scenarios stay short.
import type { ServerId } from '@zksim/protocol';

/** Bugs that can be re-introduced on purpose (the bug zoo). Never on by default. */
export type ServerBug =
  | 'prep-ignores-in-flight-changes'
  | 'follower-expires-sessions'
  | 'apply-close-before-commit'
  | 'new-leader-keeps-old-deadlines'
  | 'leader-ignores-ping-touches'
  | 'zk-2355-follower-loses-close-session';

/** Ensemble-wide settings every server shares. */
export interface EnsembleConfig {
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** −1 ⇒ 2 × tickTime. */
  readonly minSessionTimeoutMs: number;
  /** −1 ⇒ 20 × tickTime. */
  readonly maxSessionTimeoutMs: number;
  /** Voting members (myid values). */
  readonly voters: readonly ServerId[];
  /** Optional hierarchical quorum: groups of server ids and per-server weights (R88). */
  readonly groups?: readonly { readonly id: number; readonly members: readonly ServerId[] }[];
  readonly weights?: ReadonlyMap<ServerId, number>;
  /** How many committed txns the leader keeps in memory for DIFF sync (ZooKeeper: 500). */
  readonly commitLogCount: number;
  /** NIO idle connection expiry interval, `zookeeper.nio.sessionlessCnxnTimeout` (R35). */
  readonly cnxnTimeoutMs: number;
  /** FLE finalize wait (R65). */
  readonly finalizeWaitMs: number;
  /** FLE maximum notification interval (R65). */
  readonly maxNotificationIntervalMs: number;
  /** Time a follower waits between attempts to connect to its leader. */
  readonly learnerConnectRetryMs: number;
  /** Re-introduced bugs (empty by default). */
  readonly bugs: ReadonlySet<ServerBug>;
}

/** Defaults matching ZooKeeper where it has them. */
export const DEFAULT_ENSEMBLE: Omit<EnsembleConfig, 'voters'> = {
  tickTimeMs: 2000,
  initLimit: 10,
  syncLimit: 5,
  minSessionTimeoutMs: -1,
  maxSessionTimeoutMs: -1,
  commitLogCount: 500,
  cnxnTimeoutMs: 10_000,
  finalizeWaitMs: 200,
  maxNotificationIntervalMs: 60_000,
  learnerConnectRetryMs: 1000,
  bugs: new Set(),
};

/** The effective minimum session timeout (R29–R33: −1 ⇒ 2 × tickTime). */
export function minSessionTimeout(c: EnsembleConfig): number {
  return c.minSessionTimeoutMs === -1 ? 2 * c.tickTimeMs : c.minSessionTimeoutMs;
}

/** The effective maximum session timeout (−1 ⇒ 20 × tickTime). */
export function maxSessionTimeout(c: EnsembleConfig): number {
  return c.maxSessionTimeoutMs === -1 ? 20 * c.tickTimeMs : c.maxSessionTimeoutMs;
}

/** R30.4: the negotiated timeout is the requested one clamped to [min, max]. */
export function negotiateTimeout(c: EnsembleConfig, requestedMs: number): number {
  return Math.min(maxSessionTimeout(c), Math.max(minSessionTimeout(c), requestedMs));
}
