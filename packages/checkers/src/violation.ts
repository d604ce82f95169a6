// Violation records: what a checker reports instead of throwing, so the CLI, the viewer and the tests can
// show all of them. Safety and liveness findings share the shape but are always reported apart.
import type { TraceRecord } from './trace-record.ts';

/** Safety: something bad happened. Liveness: something good did not happen within its bound. */
export type CheckerKind = 'safety' | 'liveness';

/** One finding of one checker. */
export interface Violation {
  /** Virtual time of the record at which the checker saw the problem (the end of the run for liveness). */
  readonly time: number;
  readonly seq: number;
  readonly checker: string;
  readonly kind: CheckerKind;
  /** One sentence: what went wrong, with node names, session ids, zxids and the rule it breaks. */
  readonly message: string;
  /** The records that show it, oldest first (a handful, not the whole trace). */
  readonly evidence: readonly TraceRecord[];
}

/** One line per violation: `12.003s [safety] close-session-deletes: …`. */
export function formatViolation(v: Violation): string {
  return `${(v.time / 1000).toFixed(3)}s [${v.kind}] ${v.checker}: ${v.message}`;
}

/** The evidence of a violation as compact JSON lines (for `--verbose` output and failure reports). */
export function formatEvidence(v: Violation): string[] {
  return v.evidence.map((r) => `    ${JSON.stringify(r)}`);
}
