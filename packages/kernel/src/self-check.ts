// Determinism self-check: run the same setup twice and compare the traces record by record. The first
// record that differs (or the first missing one) is reported with both versions, which is where to look
// when a seed does not replay.
import type { TraceRecord, TraceSink } from './trace.ts';

/** Where two runs of the same setup first differ. */
export interface Divergence {
  /** Index of the first differing record (0-based). */
  readonly index: number;
  /** That record in the first run (undefined if the first run ended earlier). */
  readonly first: TraceRecord | undefined;
  /** That record in the second run (undefined if the second run ended earlier). */
  readonly second: TraceRecord | undefined;
}

/** Result of a determinism self-check. */
export interface SelfCheckResult {
  readonly identical: boolean;
  readonly records: number;
  readonly divergence: Divergence | null;
}

class CollectingSink implements TraceSink {
  readonly json: string[] = [];
  readonly records: TraceRecord[] = [];
  write(record: TraceRecord, json: string): void {
    this.records.push(record);
    this.json.push(json);
  }
}

/**
 * Runs `runOnce` twice, each time with a fresh sink that it must pass to its kernel, and compares the
 * records. `runOnce` must build everything anew from its inputs (same seed, same scenario).
 */
export function selfCheck(runOnce: (sink: TraceSink) => void): SelfCheckResult {
  const a = new CollectingSink();
  runOnce(a);
  const b = new CollectingSink();
  runOnce(b);
  const n = Math.max(a.json.length, b.json.length);
  for (let i = 0; i < n; i++) {
    if (a.json[i] !== b.json[i]) {
      return { identical: false, records: n, divergence: { index: i, first: a.records[i], second: b.records[i] } };
    }
  }
  return { identical: true, records: n, divergence: null };
}
