// Settings the checkers need beyond the trace itself: the ensemble's timing (tickTime, initLimit,
// syncLimit), each node's initial clock drift (the trace records only later changes, as `clock-drift`) and
// the bounds liveness is measured against. `checkerOptionsFor(scenario)` derives them from a scenario;
// without a scenario the defaults are ZooKeeper's and drift is assumed up to `unknownDriftPpm`.
import type { ScenarioShape } from './scenario-shape.ts';

/** Everything a checker may be told about the run it checks. */
export interface CheckerOptions {
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** FLE finalize wait (R65), part of the election bound. */
  readonly finalizeWaitMs: number;
  /** Initial clock drift of each node, in ppm (nodes not listed: `unknownDriftPpm`). */
  readonly clockDriftPpm: Readonly<Record<string, number>>;
  /** Drift assumed for nodes whose clock the checker was not told about (either sign). */
  readonly unknownDriftPpm: number;
  /**
   * Virtual time after which no server or network fault happens (liveness is judged after it). Null: found
   * from the trace's `scenario-step` records.
   */
  readonly stableFromMs: number | null;
  /** Longest the connected core may take, after the faults heal, to have a serving leader and followers. */
  readonly electionBoundMs: number;
  /**
   * A message slower than this (delivery time − send time) makes the "pinging client is never expired"
   * check skip the windows it falls in: the property assumes bounded delays. Null: min(tick/4, 500 ms).
   */
  readonly delayBoundMs: number | null;
  /** Extra time allowed on top of every liveness bound (commit round trips, scheduling). */
  readonly livenessSlackMs: number;
  /** At most this many violations per checker are kept (the rest are counted). */
  readonly maxViolationsPerChecker: number;
  /** Run only these checkers (by name); null: all. */
  readonly only: readonly string[] | null;
}

/** Defaults: ZooKeeper's tick and limits as zksim sets them, no drift known. */
export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = {
  tickTimeMs: 2000,
  initLimit: 10,
  syncLimit: 5,
  finalizeWaitMs: 200,
  clockDriftPpm: {},
  unknownDriftPpm: 1000,
  stableFromMs: null,
  electionBoundMs: 90_000,
  delayBoundMs: null,
  livenessSlackMs: 1000,
  maxViolationsPerChecker: 20,
  only: null,
};

/** Fills in defaults. */
export function resolveOptions(o: Partial<CheckerOptions> = {}): CheckerOptions {
  return { ...DEFAULT_CHECKER_OPTIONS, ...o };
}

/**
 * Options for checking a run of `scenario`: its tick and limits, every node's initial drift (0 when not
 * listed, since the scenario says so), and the election bound scaled to its limits.
 * @example new CheckerSuite(checkerOptionsFor(scenario))
 */
export function checkerOptionsFor(scenario: ScenarioShape, extra: Partial<CheckerOptions> = {}): CheckerOptions {
  const c = scenario.cluster;
  const drift: Record<string, number> = {};
  for (const [name, clock] of Object.entries(scenario.clocks)) drift[name] = clock.driftPpm;
  for (const client of scenario.clients) if (client.clock !== undefined) drift[client.id] = client.clock.driftPpm;
  // FLE backs off up to 60 s between notification rounds when nobody answers (R65), so a core healed after
  // a long partition may wait that long before it even votes again; then epoch + sync take up to 2·initLimit ticks.
  const electionBoundMs = 60_000 + 2 * c.initLimit * c.tickTimeMs + 2 * c.syncLimit * c.tickTimeMs;
  return resolveOptions({
    tickTimeMs: c.tickTimeMs,
    initLimit: c.initLimit,
    syncLimit: c.syncLimit,
    clockDriftPpm: drift,
    unknownDriftPpm: 0,
    electionBoundMs,
    ...extra,
  });
}
