// Each node's clock rate over time, to turn global virtual time into the node's own monotonic time: the
// initial drift comes from the options (the trace does not record it), later changes from `clock-drift`
// records. A node whose drift the checker was not told is assumed to run fast by `unknownDriftPpm`, the
// side that makes its timers fire earlier in global time, so timing checks stay sound.
import { num, type TraceRecord } from '../trace-record.ts';
import type { CheckerOptions } from '../options.ts';

/** Drift segments per node: from `fromMs` on, the clock runs at (1 + ppm/1e6). */
export class DriftBook {
  private readonly segments = new Map<string, { fromMs: number; ppm: number }[]>();
  private readonly options: CheckerOptions;

  constructor(options: CheckerOptions) {
    this.options = options;
  }

  /** Notes a `clock-drift` record. */
  onRecord(r: TraceRecord): void {
    if (r.type !== 'clock-drift') return;
    const ppm = num(r, 'ppm');
    if (ppm !== undefined) this.of(r.node).push({ fromMs: r.time, ppm });
  }

  /** The largest drift (ppm, either sign) the node's clock had at any time. */
  maxAbsPpm(node: string): number {
    return Math.max(...this.of(node).map((s) => Math.abs(s.ppm)));
  }

  /**
   * Upper bound of the time the node's clock shows elapsing over global [t1, t2] (ms): ZooKeeper's timers
   * run on that clock, so a timeout of T local ms can end as early as when this reaches T.
   */
  localElapsedMax(node: string, t1: number, t2: number): number {
    const segs = this.of(node);
    let total = 0;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i] as { fromMs: number; ppm: number };
      const next = segs[i + 1];
      const a = Math.max(t1, s.fromMs);
      const b = Math.min(t2, next === undefined ? Infinity : next.fromMs);
      if (b > a) total += (b - a) * (1 + s.ppm / 1e6);
    }
    return total;
  }

  private of(node: string): { fromMs: number; ppm: number }[] {
    let segs = this.segments.get(node);
    if (segs === undefined) {
      const known = this.options.clockDriftPpm[node];
      segs = [{ fromMs: -Infinity, ppm: known ?? this.options.unknownDriftPpm }];
      this.segments.set(node, segs);
    }
    return segs;
  }
}
