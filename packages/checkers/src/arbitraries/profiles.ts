// Scenario profiles: the size and shape of the random scenarios a property or a sweep draws. A profile
// fixes the ensemble sizes, client counts, run length, the window in which faults happen (all of them heal
// by its end, so liveness can be judged in the quiet time after) and which fault kinds are allowed; with
// `swarm`, each scenario's seed also draws which of those kinds are enabled (swarm testing).

/** Kinds of fault episodes the fault arbitrary can produce. */
export const FAULT_KINDS = [
  'server-crash', 'server-freeze', 'isolate-server', 'one-way-cut', 'isolate-client', 'hold-link', 'latency-spike',
  'clock-drift', 'client-silent', 'client-crash', 'client-close', 'expiry-race',
] as const;

/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The shape of the scenarios to draw. */
export interface ScenarioProfile {
  readonly name: string;
  /** Ensemble sizes to pick from. */
  readonly servers: readonly number[];
  readonly clientsMin: number;
  readonly clientsMax: number;
  /** Run length (virtual ms). */
  readonly untilMs: number;
  /**
   * Faults start and end inside [faultFromMs, faultToMs]; faults anchored to a session's expiry may run
   * until halfway between faultToMs and untilMs.
   */
  readonly faultFromMs: number;
  readonly faultToMs: number;
  readonly tickTimesMs: readonly number[];
  /** Operations per client, at most. */
  readonly opsMax: number;
  /** Fault episodes, at most. */
  readonly faultsMax: number;
  /** Fault kinds allowed. */
  readonly faultKinds: readonly FaultKind[];
  /** True: each scenario also draws which allowed kinds are enabled. */
  readonly swarm: boolean;
}

const ALL: readonly FaultKind[] = FAULT_KINDS;

/** Names of the built-in profiles. */
export type ProfileName = 'small' | 'bench' | 'large' | 'calm' | 'chaos';

/** Built-in profiles. `small` is the default of `zksim sweep` and of the test suite. */
export const PROFILES: Readonly<Record<ProfileName, ScenarioProfile>> = {
  small: {
    name: 'small', servers: [3], clientsMin: 1, clientsMax: 5, untilMs: 60_000, faultFromMs: 1000, faultToMs: 32_000,
    tickTimesMs: [1000, 2000], opsMax: 8, faultsMax: 8, faultKinds: ALL, swarm: true,
  },
  bench: {
    name: 'bench', servers: [3], clientsMin: 5, clientsMax: 5, untilMs: 60_000, faultFromMs: 1000, faultToMs: 32_000,
    tickTimesMs: [1000, 2000], opsMax: 8, faultsMax: 8, faultKinds: ALL, swarm: true,
  },
  large: {
    name: 'large', servers: [5], clientsMin: 3, clientsMax: 8, untilMs: 120_000, faultFromMs: 1000, faultToMs: 70_000,
    tickTimesMs: [1000, 2000], opsMax: 12, faultsMax: 16, faultKinds: ALL, swarm: true,
  },
  calm: {
    name: 'calm', servers: [3, 5], clientsMin: 1, clientsMax: 5, untilMs: 60_000, faultFromMs: 1000, faultToMs: 32_000,
    tickTimesMs: [1000, 2000], opsMax: 8, faultsMax: 0, faultKinds: [], swarm: false,
  },
  chaos: {
    name: 'chaos', servers: [3, 5], clientsMin: 2, clientsMax: 6, untilMs: 60_000, faultFromMs: 500, faultToMs: 35_000,
    tickTimesMs: [500, 1000, 2000], opsMax: 10, faultsMax: 14, faultKinds: ALL, swarm: false,
  },
};

/** The profile of that name, or undefined. */
export function profileNamed(name: string): ScenarioProfile | undefined {
  return Object.hasOwn(PROFILES, name) ? PROFILES[name as ProfileName] : undefined;
}
