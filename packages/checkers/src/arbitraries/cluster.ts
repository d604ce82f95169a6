// Arbitraries for the ensemble and its clocks: sizes, tickTime, limits, the committed-log length (a short
// one forces SNAP syncs), and per-node clock drift and origins (mostly perfect clocks, sometimes drifting).
import fc from 'fast-check';
import type { ClockShape, ClusterShape } from '../scenario-shape.ts';

/** An ensemble of one of `sizes` servers with tickTime from `tickTimesMs`. */
export function clusterArb(sizes: readonly number[] = [3], tickTimesMs: readonly number[] = [1000, 2000]): fc.Arbitrary<ClusterShape> {
  return fc.record({
    servers: fc.constantFrom(...sizes),
    tickTimeMs: fc.constantFrom(...tickTimesMs),
    initLimit: fc.constantFrom(10, 5),
    syncLimit: fc.constantFrom(5, 2, 3),
    commitLogCount: fc.constantFrom(500, 3),
  }).map((c): ClusterShape => ({ ...c, minSessionTimeoutMs: -1, maxSessionTimeoutMs: -1 }));
}

/** One clock: usually perfect; sometimes drifting by up to ±300 ppm or with a shifted monotonic origin. */
export function clockArb(): fc.Arbitrary<ClockShape | null> {
  return fc.option(
    fc.record({ driftPpm: fc.integer({ min: -300, max: 300 }), monotonicOriginMs: fc.constantFrom(0, 0, 12_345, 1_000_000) }),
    { freq: 3, nil: null },
  );
}

/** Clocks for the named nodes (only the non-perfect ones are listed). */
export function clocksArb(nodes: readonly string[]): fc.Arbitrary<Record<string, ClockShape>> {
  return fc.tuple(...nodes.map(() => clockArb())).map((cs) => {
    const out: Record<string, ClockShape> = {};
    cs.forEach((c, i) => {
      if (c !== null) out[nodes[i] as string] = c;
    });
    return out;
  });
}
