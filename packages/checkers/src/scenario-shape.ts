// The normalised scenario, declared structurally so that this package (which may import only
// @zksim/protocol) can generate, shrink and serialise scenarios that `@zksim/sim` runs. It mirrors
// `Scenario` of packages/sim/src/scenario/scenario-types.ts field for field; a test assigns each to the
// other so the two cannot drift apart.
import type { CreateMode, ErrorCode } from '@zksim/protocol';

/** A delay distribution (the kernel's `DelayDistribution`). */
export type DelayShape =
  | { readonly type: 'constant'; readonly ms: number }
  | { readonly type: 'uniform'; readonly floorMs: number; readonly spreadMs: number }
  | { readonly type: 'exponential'; readonly floorMs: number; readonly meanMs: number }
  | { readonly type: 'lognormal'; readonly floorMs: number; readonly medianMs: number; readonly sigma: number };

/** A whole scenario (sim's `Scenario`). */
export interface ScenarioShape {
  readonly version: 1;
  readonly description: string;
  readonly seed: string | number;
  readonly untilMs: number;
  readonly cluster: ClusterShape;
  readonly clocks: Readonly<Record<string, ClockShape>>;
  readonly network: NetworkShape;
  readonly clients: readonly ClientShape[];
  readonly timeline: readonly StepShape[];
  readonly expect: readonly ExpectationShape[];
  readonly bugs: readonly string[];
}

/** The ensemble (sim's `ClusterSpec`). */
export interface ClusterShape {
  readonly servers: number;
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly commitLogCount: number;
  readonly groups?: readonly (readonly string[])[];
  readonly weights?: Readonly<Record<string, number>>;
}

/** A node's clocks (sim's `ClockSpec`). */
export interface ClockShape {
  readonly driftPpm: number;
  readonly monotonicOriginMs: number;
  readonly wallOriginMs?: number;
}

/** Datagram settings. */
export interface DatagramShape {
  readonly drop: number;
  readonly duplicate: number;
}

/** Network settings (sim's `NetworkSpec`). */
export interface NetworkShape {
  readonly latency: DelayShape;
  readonly links: readonly LinkShape[];
  readonly loss: number;
  readonly datagram: DatagramShape | null;
}

/** Per-link settings (sim's `LinkSpec`). */
export interface LinkShape {
  readonly from: string;
  readonly to: string;
  readonly bothWays: boolean;
  readonly latency?: DelayShape;
  readonly loss?: number;
  readonly datagram?: DatagramShape;
}

/** A client (sim's `ClientSpec`). */
export interface ClientShape {
  readonly id: string;
  readonly connect: string;
  readonly timeoutMs: number;
  readonly version: '3.8' | '3.9';
  readonly startMs: number | null;
  readonly clock?: ClockShape;
}

/** One timeline step (sim's `TimelineStep`). */
export type StepShape = { readonly atMs: number; readonly line: number } & ActionShape;

/** What a step does (sim's `TimelineAction`). */
export type ActionShape =
  | { readonly do: 'create'; readonly client: string; readonly path: string; readonly data: string; readonly mode: CreateMode; readonly id?: string }
  | { readonly do: 'delete'; readonly client: string; readonly path: string; readonly version: number; readonly id?: string }
  | { readonly do: 'set-data'; readonly client: string; readonly path: string; readonly data: string; readonly version: number; readonly id?: string }
  | { readonly do: 'get-data' | 'exists' | 'get-children'; readonly client: string; readonly path: string; readonly watch: boolean; readonly id?: string }
  | { readonly do: 'sync'; readonly client: string; readonly path: string; readonly id?: string }
  | { readonly do: 'client-start' | 'client-silent' | 'client-resume' | 'client-crash' | 'client-close'; readonly client: string }
  | { readonly do: 'server-crash' | 'server-restart' | 'server-freeze' | 'server-resume'; readonly server: string }
  | {
      readonly do: 'partition';
      readonly name: string;
      readonly groups: readonly (readonly string[])[];
      readonly direction: 'both' | 'a-to-b';
      readonly scope: 'all' | 'server-server' | 'client-server';
    }
  | { readonly do: 'heal'; readonly name: string | null }
  | { readonly do: 'hold' | 'release'; readonly from: string; readonly to: string; readonly bothWays: boolean }
  | { readonly do: 'latency'; readonly from: string | null; readonly to: string | null; readonly bothWays: boolean; readonly latency: DelayShape }
  | { readonly do: 'drift'; readonly node: string; readonly ppm: number }
  | { readonly do: 'wall-jump'; readonly node: string; readonly deltaMs: number };

/** When a check runs. */
export type CheckTimeShape = { readonly atMs: number } | { readonly atEnd: true };

/** One expectation (sim's `Expectation`). */
export type ExpectationShape = CheckTimeShape & { readonly line: number } & (
  | { readonly kind: 'leader'; readonly server: string | null }
  | { readonly kind: 'session-at-leader'; readonly client: string; readonly state: 'alive' | 'closing' | 'gone' }
  | { readonly kind: 'client-state'; readonly client: string; readonly state: 'CONNECTING' | 'CONNECTED' | 'CLOSED' | 'AUTH_FAILED' }
  | { readonly kind: 'znode'; readonly path: string; readonly present: boolean; readonly servers: readonly string[] | null }
  | { readonly kind: 'client-events'; readonly client: string; readonly events: readonly string[]; readonly exact: boolean }
  | { readonly kind: 'result'; readonly id: string; readonly code: ErrorCode }
  | { readonly kind: 'no-violations' }
  | { readonly kind: 'violation'; readonly checker: string }
  | { readonly kind: 'same-session'; readonly client: string }
);

/** Bugs the simulator can re-introduce (the bug zoo): `ServerBug` in @zksim/server, `ClientBug` in @zksim/client. */
export const ZOO_BUGS = [
  'zk-2355-follower-loses-close-session',
  'prep-ignores-in-flight-changes',
  'follower-expires-sessions',
  'apply-close-before-commit',
  'new-leader-keeps-old-deadlines',
  'leader-ignores-ping-touches',
  'client-ignores-expired-response',
] as const;

/** One bug-zoo name. */
export type ZooBug = (typeof ZOO_BUGS)[number];

/** Actions that are server or network faults (liveness is judged once the last of them is past). */
export const FAULT_ACTIONS: readonly string[] = [
  'server-crash', 'server-restart', 'server-freeze', 'server-resume', 'partition', 'heal', 'hold', 'release', 'latency', 'drift', 'wall-jump',
];
