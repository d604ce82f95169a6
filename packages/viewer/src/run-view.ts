// One run as the viewer shows it: the finished run's records and index, a cursor that re-creates the
// simulation at any position, and the recorded view-model history. Asking for the panels at a position
// looks in the history first, steps forward when the cursor is behind, and otherwise replays from the
// start and records a short stretch before the target, so the next steps back are lookups.
import { SimCursor, type RunData } from './sim-run.ts';
import { readViewModel, type ViewModel } from './view-model.ts';
import { VmHistory } from './vm-history.ts';

/** Positions recorded before a target reached by replaying from the start. */
export const BACKFILL = 64;

/** A finished run with time travel. */
export class RunView {
  readonly data: RunData;
  readonly history: VmHistory;
  private readonly cursor: SimCursor;

  constructor(data: RunData, historyCapacity?: number) {
    this.data = data;
    this.cursor = new SimCursor(data);
    this.history = new VmHistory(historyCapacity);
  }

  /** First and last positions. */
  get first(): number {
    return this.data.firstPosition;
  }

  get last(): number {
    return this.data.index.groupCount;
  }

  /** How many times the cursor replayed from the start. */
  get replays(): number {
    return this.cursor.rebuilds;
  }

  /** Clamps a position into [first, last]. */
  clamp(position: number): number {
    return Math.max(this.first, Math.min(this.last, Math.round(position)));
  }

  /** The panels at `position` (after that many events). */
  viewModelAt(position: number): ViewModel {
    const p = this.clamp(position);
    const kept = this.history.get(p);
    if (kept !== undefined) return kept;
    if (this.cursor.position >= 0 && this.cursor.position <= p) {
      return this.history.record(readViewModel(this.cursor.seek(p), p));
    }
    const start = Math.max(this.first, p - BACKFILL);
    let vm: ViewModel | null = null;
    for (let q = start; q <= p; q++) {
      const hit = this.history.get(q);
      vm = hit ?? this.history.record(readViewModel(this.cursor.seek(q), q));
    }
    return vm as ViewModel;
  }
}
