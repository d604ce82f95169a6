// Arbitrary fault episodes. Each episode is one fault with its own end — a crash and its restart, a freeze
// and its resume, a partition and its heal, a hold and its release, a latency spike and the way back — so
// shrinking removes whole episodes and a scenario never has a heal without its partition. Client deaths
// (crash, close, a silence that never ends) are episodes too. Episode starts may snap to a tick boundary
// plus a few ms, or be anchored to the expiry bucket of a client an earlier episode killed: the leader's
// expiry buckets fall on tick boundaries of its clock, so faults land in the few milliseconds between a
// closeSession proposal and its commit far more often than at random.
import fc from 'fast-check';
import type { DelayShape } from '../scenario-shape.ts';
import { slowLatencyArb } from './network.ts';
import type { FaultKind } from './profiles.ts';

/**
 * One fault episode before names are known. `expiry-race` kills a client (crash) and hits a server — crash,
 * freeze or isolation, by `wide`/`bothWays` — at the tick boundary where the leader should expire that
 * client's session, a few ms after the closeSession proposal: leader failover with a close in flight, or a
 * follower that logged the close and misses its commit (ZOOKEEPER-2355).
 */
export interface FaultDraft {
  readonly kind: FaultKind;
  /** Server pick (see `pickServer`) or client index. */
  readonly a: number;
  /** Second server pick (one-way cuts, holds, spikes). */
  readonly b: number;
  readonly startMs: number;
  readonly align: boolean;
  readonly offsetMs: number;
  readonly durationMs: number;
  /** Partitions: all links (true) or server links only; holds: include a client link. */
  readonly wide: boolean;
  /** Holds: both directions. */
  readonly bothWays: boolean;
  /** Client silences: never resume (the client is dead). */
  readonly isPermanent: boolean;
  readonly latency: DelayShape;
  readonly ppm: number;
  /**
   * Anchor the start to the expiry of a client killed by an earlier episode: the leader's expiry bucket
   * of that session, plus `anchorShift` ticks (the exact bucket depends on the last touch).
   */
  readonly isAnchored: boolean;
  readonly anchorShift: number;
}

/** A fault episode of one of `kinds`, starting inside [fromMs, toMs]. */
export function faultDraftArb(kinds: readonly FaultKind[], fromMs: number, toMs: number): fc.Arbitrary<FaultDraft> {
  return fc.record({
    // expiry-race is the one kind aimed at a few-ms window, so it is drawn three times as often.
    kind: fc.oneof(...kinds.map((k) => ({ weight: k === 'expiry-race' ? 3 : 1, arbitrary: fc.constant(k) }))),
    a: fc.nat({ max: 9 }),
    b: fc.nat({ max: 9 }),
    startMs: fc.integer({ min: fromMs, max: toMs }),
    align: fc.boolean(),
    offsetMs: fc.nat({ max: 6 }),
    durationMs: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 4000 }), fc.integer({ min: 4000, max: 25_000 })),
    wide: fc.boolean(),
    bothWays: fc.boolean(),
    isPermanent: fc.boolean(),
    latency: slowLatencyArb(),
    ppm: fc.integer({ min: -500, max: 500 }),
    isAnchored: fc.boolean(),
    anchorShift: fc.nat({ max: 5 }),
  });
}

/** Which kinds a swarm scenario enables: each allowed kind on or off (at least the draw decides). */
export function enabledKindsArb(kinds: readonly FaultKind[]): fc.Arbitrary<readonly FaultKind[]> {
  return fc.tuple(...kinds.map(() => fc.boolean())).map((on) => kinds.filter((_, i) => on[i] === true));
}
