// The hold model (pop the earliest event, push one later, with N events pending) shared by the hold
// benchmarks: a precomputed table of time increments, uniform integers in [1, 1000] ms, so drawing one
// costs an array read, and the driver that builds, warms up, calibrates and times a case. It mirrors the
// yardstick's `queue-bench.mjs --dist=int` (same generator, seed and table size, same warm-up rule), so
// both sides schedule the same increments and see the same ties at equal integer times.
import type { ResultLine } from './benchmark.ts';
import {
  type CaseOptions, calibrate, canCollectGarbage, collectGarbage, measure, runCountFor, runTargetMsFor, timingFields, usedBytes,
} from './harness.ts';

/** Table size minus one; the index wraps with `& INCREMENT_MASK`. */
export const INCREMENT_MASK = (1 << 16) - 1;

/** A tiny xorshift32 stream of floats in [0, 1), for filling input tables (not a benchmark subject). */
function xorshift32(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** The increments table: `INCREMENT_MASK + 1` integers uniform in [1, 1000]. */
export function intIncrements(seed = 12345): Float64Array {
  const next = xorshift32(seed);
  const table = new Float64Array(INCREMENT_MASK + 1);
  for (let i = 0; i <= INCREMENT_MASK; i++) table[i] = 1 + Math.floor(next() * 1000);
  return table;
}

/** Pending-event counts measured by the hold benchmarks, as in the yardstick's README. */
export const HOLD_SIZES: readonly number[] = [1_000, 100_000, 1_000_000];

/** A hold model built around some queue: `hold(ops)` handles at least `ops` events and says how many. */
export interface HoldSubject {
  hold(ops: number): number;
  /** Pending events now; must still be N after the timed runs. */
  pendingCount(): number;
}

/**
 * Builds the subject with `n` pending events (measuring the bytes it retains per pending event), warms
 * it up to steady state (at least 2N holds), calibrates the events per run and times the runs.
 */
export function measureHold(n: number, options: CaseOptions, build: (n: number, increments: Float64Array) => HoldSubject): ResultLine {
  const increments = intIncrements(); // before the memory baseline: the table is input, not queue state
  collectGarbage();
  const before = usedBytes();
  const subject = build(n, increments);
  collectGarbage();
  const bytesPerPendingEvent = canCollectGarbage() ? Math.round((usedBytes() - before) / n) : null;
  subject.hold(Math.max(2 * n, options.isQuick ? 200_000 : 1_000_000));
  const opsPerRun = calibrate((ops) => subject.hold(ops), runTargetMsFor(options));
  const m = measure((ops) => subject.hold(ops), opsPerRun, runCountFor(options));
  const pending = subject.pendingCount();
  if (pending !== n) throw new Error(`hold model drifted: ${pending} pending events, expected ${n}`);
  return { n, dist: 'int', ...timingFields(m), bytesPerPendingEvent };
}
