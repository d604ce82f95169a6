// The validated, normalised form of a scenario file (what the runner consumes). Every time is an integer
// number of virtual milliseconds; every name refers to a declared server (s1..sN) or client. Files are
// parsed and validated into this shape by `parse-scenario.ts`; the runner never sees unvalidated data.
import type { DelayDistribution } from '@zksim/kernel';
import type { CreateMode, ErrorCode } from '@zksim/protocol';

/** Scenario format version this build reads. */
export const SCENARIO_VERSION = 1;

/** A whole scenario. */
export interface Scenario {
  readonly version: 1;
  readonly description: string;
  readonly seed: string | number;
  /** Virtual time at which the run ends (ms). */
  readonly untilMs: number;
  readonly cluster: ClusterSpec;
  readonly clocks: Readonly<Record<string, ClockSpec>>;
  readonly network: NetworkSpec;
  readonly clients: readonly ClientSpec[];
  readonly timeline: readonly TimelineStep[];
  readonly expect: readonly Expectation[];
  /** Re-introduced bugs (bug zoo), by name; empty normally. */
  readonly bugs: readonly string[];
}

/** The ensemble. Server names are s1..sN (myid 1..N). */
export interface ClusterSpec {
  readonly servers: number;
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** −1 ⇒ 2 × tickTime. */
  readonly minSessionTimeoutMs: number;
  /** −1 ⇒ 20 × tickTime. */
  readonly maxSessionTimeoutMs: number;
  readonly commitLogCount: number;
  /** Hierarchical quorums (R88): groups of server names and weights; absent ⇒ majority. */
  readonly groups?: readonly (readonly string[])[];
  readonly weights?: Readonly<Record<string, number>>;
}

/** A node's clocks. */
export interface ClockSpec {
  readonly driftPpm: number;
  readonly monotonicOriginMs: number;
  /** Wall-clock reading at time 0 (ms since the Unix epoch); absent ⇒ 2024-01-01T00:00:00Z. */
  readonly wallOriginMs?: number;
}

/** Network settings. */
export interface NetworkSpec {
  readonly latency: DelayDistribution;
  readonly links: readonly LinkSpec[];
  /** Probability per message that the connection is reset (all links). */
  readonly loss: number;
  /** Datagram mode on every link (teaching only): drop/duplicate probabilities. */
  readonly datagram: { readonly drop: number; readonly duplicate: number } | null;
}

/** Per-link settings (directed from → to, or both ways when `bothWays`). */
export interface LinkSpec {
  readonly from: string;
  readonly to: string;
  readonly bothWays: boolean;
  readonly latency?: DelayDistribution;
  readonly loss?: number;
  readonly datagram?: { readonly drop: number; readonly duplicate: number };
}

/** A client and how it connects. */
export interface ClientSpec {
  readonly id: string;
  /** Connect string: server names, comma separated, optional chroot suffix ("s1,s2,s3/app"). */
  readonly connect: string;
  /** Requested session timeout (clamped by the servers, R30.4). */
  readonly timeoutMs: number;
  readonly version: '3.8' | '3.9';
  /** When the client starts (ms); null ⇒ only on an explicit `client-start` step. */
  readonly startMs: number | null;
  readonly clock?: ClockSpec;
}

/** One step of the timeline. */
export type TimelineStep = { readonly atMs: number; readonly line: number } & TimelineAction;

/** What a step does. */
export type TimelineAction =
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
      /**
       * Two or more groups cut from each other; a single group is cut from everyone else. With
       * `direction: 'a-to-b'` there must be exactly two groups and only messages from the first to the
       * second are lost.
       */
      readonly groups: readonly (readonly string[])[];
      readonly direction: 'both' | 'a-to-b';
      readonly scope: 'all' | 'server-server' | 'client-server';
    }
  | { readonly do: 'heal'; readonly name: string | null }
  | { readonly do: 'hold' | 'release'; readonly from: string; readonly to: string; readonly bothWays: boolean }
  | { readonly do: 'latency'; readonly from: string | null; readonly to: string | null; readonly bothWays: boolean; readonly latency: DelayDistribution }
  | { readonly do: 'drift'; readonly node: string; readonly ppm: number }
  | { readonly do: 'wall-jump'; readonly node: string; readonly deltaMs: number };

/** When an expectation is checked: at a time, or at the end of the run. */
export type CheckTime = { readonly atMs: number } | { readonly atEnd: true };

/** A check. */
export type Expectation = CheckTime & { readonly line: number } & (
  | { readonly kind: 'leader'; readonly server: string | null }
  | { readonly kind: 'session-at-leader'; readonly client: string; readonly state: 'alive' | 'closing' | 'gone' }
  | { readonly kind: 'client-state'; readonly client: string; readonly state: 'CONNECTING' | 'CONNECTED' | 'CLOSED' | 'AUTH_FAILED' }
  | { readonly kind: 'znode'; readonly path: string; readonly present: boolean; readonly servers: readonly string[] | null }
  | { readonly kind: 'client-events'; readonly client: string; readonly events: readonly string[]; readonly exact: boolean }
  | { readonly kind: 'result'; readonly id: string; readonly code: ErrorCode }
  | { readonly kind: 'no-violations' }
  /** The named invariant checker must report a violation (teaching scenarios that break an assumption). */
  | { readonly kind: 'violation'; readonly checker: string }
  | { readonly kind: 'same-session'; readonly client: string }
);
