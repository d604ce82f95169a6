// The space-time diagram's layout, without the DOM: which events get a row under the current filter,
// which arrows are drawn, the row of every event, each lane's frozen/crashed stretches, and the arrows
// that cross a window of rows (culling, so a 100k-event run draws only what is on screen).
import type { Layer } from '@zksim/sim';
import type { Arrow, EventIndex } from './event-index.ts';

/** What the learner chose to see. */
export interface DiagramFilter {
  readonly layers: Readonly<Record<Layer, boolean>>;
  /** Show PINGs without touches and client pings. */
  readonly heartbeats: boolean;
  /** Show events whose only narration is a detail (timers, ticks, plumbing). */
  readonly detail: boolean;
}

/** The default filter: every layer, no heartbeats, no plumbing. */
export const DEFAULT_FILTER: DiagramFilter = {
  layers: { election: true, zab: true, sessions: true, network: true, client: true, faults: true },
  heartbeats: false,
  detail: false,
};

/** A stretch of a lane in which the node was frozen or down. */
export interface LaneStretch {
  readonly lane: number;
  readonly fromRow: number;
  /** Exclusive; rowCount when it lasts to the end. */
  readonly toRow: number;
  readonly kind: 'frozen' | 'crashed';
}

/** Arrows longer than this many rows are kept apart and always tested (there are few). */
const SHORT_SPAN = 256;

/** The diagram's rows and arrows for one run and one filter. */
export class DiagramModel {
  readonly index: EventIndex;
  /** Group of each row, ascending. */
  readonly rowGroups: Int32Array;
  /** Row of each group, or −1 when hidden. */
  readonly groupRows: Int32Array;
  /** Visible arrows, sorted by their first row. */
  readonly arrows: readonly (Arrow & { readonly fromRow: number; readonly toRow: number })[];
  readonly stretches: readonly LaneStretch[];
  private readonly arrowMinRows: Int32Array;
  private readonly longArrows: readonly number[];

  constructor(index: EventIndex, filter: DiagramFilter) {
    this.index = index;
    const shown = index.arrows.filter((a) => arrowShown(a, filter));
    const visible = new Uint8Array(index.groupCount);
    for (let g = 0; g < index.groupCount; g++) if (groupShown(index, g, filter)) visible[g] = 1;
    for (const a of shown) {
      visible[a.endGroup] = 1;
      if (a.sendGroup >= 0) visible[a.sendGroup] = 1;
    }
    const rows: number[] = [];
    const groupRows = new Int32Array(index.groupCount).fill(-1);
    for (let g = 0; g < index.groupCount; g++) {
      if (visible[g] === 1) {
        groupRows[g] = rows.length;
        rows.push(g);
      }
    }
    this.rowGroups = Int32Array.from(rows);
    this.groupRows = groupRows;
    const placed = shown.map((a) => {
      const toRow = groupRows[a.endGroup] as number;
      const fromRow = a.sendGroup >= 0 ? (groupRows[a.sendGroup] as number) : toRow;
      return { ...a, fromRow, toRow };
    }).sort((a, b) => Math.min(a.fromRow, a.toRow) - Math.min(b.fromRow, b.toRow));
    this.arrows = placed;
    this.arrowMinRows = Int32Array.from(placed.map((a) => Math.min(a.fromRow, a.toRow)));
    this.longArrows = placed.flatMap((a, i) => (Math.abs(a.toRow - a.fromRow) > SHORT_SPAN ? [i] : []));
    this.stretches = laneStretches(index, groupRows, rows.length);
  }

  get rowCount(): number {
    return this.rowGroups.length;
  }

  /**
   * The row that stands for `position` (events applied): the last visible event at or before it, or
   * −1 when none is visible yet.
   */
  rowAtPosition(position: number): number {
    const g = position - 1;
    let lo = 0;
    let hi = this.rowGroups.length - 1;
    if (hi < 0 || (this.rowGroups[0] as number) > g) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.rowGroups[mid] as number) <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The position just after the event of `row`. */
  positionOfRow(row: number): number {
    return (this.rowGroups[Math.max(0, Math.min(row, this.rowGroups.length - 1))] as number) + 1;
  }

  /** Indices (into `arrows`) of the arrows that cross rows [fromRow, toRow]. */
  arrowsIn(fromRow: number, toRow: number): number[] {
    const out: number[] = [];
    // Short arrows start at most SHORT_SPAN rows above the window.
    let lo = 0;
    let hi = this.arrowMinRows.length;
    const low = fromRow - SHORT_SPAN;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.arrowMinRows[mid] as number) < low) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.arrows.length && (this.arrowMinRows[i] as number) <= toRow; i++) {
      const a = this.arrows[i] as { fromRow: number; toRow: number };
      if (Math.max(a.fromRow, a.toRow) >= fromRow && Math.abs(a.toRow - a.fromRow) <= SHORT_SPAN) out.push(i);
    }
    for (const i of this.longArrows) {
      const a = this.arrows[i] as { fromRow: number; toRow: number };
      if (Math.min(a.fromRow, a.toRow) <= toRow && Math.max(a.fromRow, a.toRow) >= fromRow) out.push(i);
    }
    return out;
  }

  /** The next (dir 1) or previous (dir −1) position with a visible event, from `position`. */
  stepPosition(position: number, dir: 1 | -1): number {
    const row = this.rowAtPosition(position);
    if (dir === 1) {
      const next = row + 1;
      return next < this.rowCount ? this.positionOfRow(next) : this.index.groupCount;
    }
    // The row at `position` is the current event; back means the event before it.
    const atRow = row >= 0 && this.positionOfRow(row) === position ? row - 1 : row;
    return atRow >= 0 ? this.positionOfRow(atRow) : 0;
  }
}

function arrowShown(a: Arrow, f: DiagramFilter): boolean {
  if (!f.layers.network) return false;
  if (a.kind === 'heartbeat' && !f.heartbeats) return false;
  if (a.kind === 'election' && !f.layers.election) return false;
  return true;
}

function groupShown(ix: EventIndex, g: number, f: DiagramFilter): boolean {
  for (const { narration } of ix.narrationsOf(g)) {
    if (narration.layer === 'network') continue; // deliveries are drawn as arrows
    if (!f.layers[narration.layer]) continue;
    if (narration.detail && !f.detail) continue;
    return true;
  }
  return false;
}

/** Frozen and crashed stretches of every lane, in rows. */
function laneStretches(ix: EventIndex, groupRows: Int32Array, rowCount: number): LaneStretch[] {
  const out: LaneStretch[] = [];
  const open = new Map<string, { kind: 'frozen' | 'crashed'; fromRow: number }>();
  const rowFor = (g: number): number => {
    for (let x = g; x < groupRows.length; x++) if ((groupRows[x] as number) >= 0) return groupRows[x] as number;
    return rowCount;
  };
  const close = (node: string, g: number): void => {
    const o = open.get(node);
    const lane = ix.lanes.indexOf(node);
    if (o !== undefined && lane >= 0) out.push({ lane, fromRow: o.fromRow, toRow: rowFor(g), kind: o.kind });
    open.delete(node);
  };
  for (let g = 0; g < ix.groupCount; g++) {
    for (const r of ix.recordsOf(g)) {
      if (r.type === 'node-frozen') open.set(r.node, { kind: 'frozen', fromRow: rowFor(g) });
      else if (r.type === 'node-crashed') {
        close(r.node, g);
        open.set(r.node, { kind: 'crashed', fromRow: rowFor(g) });
      } else if (r.type === 'node-resumed' || r.type === 'node-restarted') close(r.node, g);
    }
  }
  for (const node of [...open.keys()]) close(node, ix.groupCount);
  return out;
}
