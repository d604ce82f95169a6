// The shape every checker has: it consumes trace records one at a time (`onRecord`) and reports what it
// finds through `report`, never by throwing; liveness checkers judge at `finish`, once the run is over.
// Checkers share a read-only picture of the cluster (`ClusterView`) and of the replicated state
// (`ReplicaModel`) and of faults and delays (`FaultBook`) that the suite updates before each record reaches them.
import type { ClusterView } from './facts/cluster-view.ts';
import type { FaultBook } from './facts/faults.ts';
import type { ReplicaModel } from './facts/replicas.ts';
import type { CheckerOptions } from './options.ts';
import type { TraceRecord } from './trace-record.ts';
import type { CheckerKind } from './violation.ts';

/** What a checker reports: the record it happened at (or a time, for liveness), a sentence, the evidence. */
export interface Finding {
  readonly at: TraceRecord | { readonly time: number; readonly seq: number };
  readonly message: string;
  readonly evidence: readonly TraceRecord[];
}

/** Called by a checker for each finding. */
export type Report = (f: Finding) => void;

/** What a checker may read besides the records. */
export interface CheckContext {
  readonly view: ClusterView;
  readonly replicas: ReplicaModel;
  readonly faults: FaultBook;
  readonly options: CheckerOptions;
}

/** One invariant over a trace. */
export interface Checker {
  readonly name: string;
  readonly kind: CheckerKind;
  /** One sentence: the property and the trace records it reads. */
  readonly description: string;
  onRecord(r: TraceRecord, report: Report): void;
  /** End of the trace at virtual time `endMs`: liveness judges here; safety usually has nothing to add. */
  finish(endMs: number, report: Report): void;
}

/** Makes a checker for one run. */
export type CheckerFactory = (ctx: CheckContext) => Checker;
