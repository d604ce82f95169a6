// Small pure helpers on scenarios for reports and shrinking: how big a scenario is (what the bug zoo
// records for a shrunk repro) and a copy cut short at a given time, so a repro of a safety violation does
// not run for a minute after the violation. Both keep the scenario valid (no step after `until`).
import type { ScenarioShape } from './scenario-shape.ts';

/** The size of a scenario, as the bug zoo reports it. */
export interface ScenarioSize {
  readonly servers: number;
  readonly clients: number;
  /** Timeline steps (client operations and faults). */
  readonly steps: number;
  readonly untilMs: number;
}

/** How big a scenario is. */
export function scenarioSize(s: ScenarioShape): ScenarioSize {
  return { servers: s.cluster.servers, clients: s.clients.length, steps: s.timeline.length, untilMs: s.untilMs };
}

/** One line: `3 servers, 2 clients, 5 steps, 12 s`. */
export function formatSize(z: ScenarioSize): string {
  return `${z.servers} servers, ${z.clients} client${z.clients === 1 ? '' : 's'}, ${z.steps} step${z.steps === 1 ? '' : 's'}, ${z.untilMs / 1000} s`;
}

/** The scenario ending at `untilMs` (steps and checks after it dropped; clients that start later never start). */
export function trimScenario(s: ScenarioShape, untilMs: number): ScenarioShape {
  if (untilMs >= s.untilMs) return s;
  return {
    ...s,
    untilMs,
    clients: s.clients.map((c) => (c.startMs !== null && c.startMs > untilMs ? { ...c, startMs: null } : c)),
    timeline: s.timeline.filter((t) => t.atMs <= untilMs),
    expect: s.expect.filter((e) => !('atMs' in e) || e.atMs <= untilMs),
  };
}
