// Draws the space-time (Lamport) diagram as SVG: one vertical lane per server and client, one row per
// event (time runs down), messages as labelled arrows from the sending event to the receiving one, and
// each event's narration beside the lanes. Only the rows in the scroll window are drawn. Clicking a row
// moves the cursor there; rows after the cursor are the run's future, drawn faded (or hidden).
import { formatSpan, formatTime, esc } from '../format.ts';
import type { DiagramModel } from '../diagram-model.ts';
import type { ViewModel } from '../view-model.ts';

const ROW_H = 22;
const HEAD_H = 46;
const GUTTER = 64;
/** Rows drawn above and below the visible window. */
const OVERSCAN = 12;

const KIND_CLASS: Record<string, string> = {
  election: 'k-election', zab: 'k-zab', heartbeat: 'k-heartbeat', touches: 'k-touches', session: 'k-session', client: 'k-client', signal: 'k-signal',
};

/** The diagram widget. */
export class DiagramView {
  private readonly root: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly head: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly svgHost: HTMLElement;
  private model: DiagramModel | null = null;
  private position = 0;
  private vm: ViewModel | null = null;
  private showFuture = true;
  private frame = 0;
  private laneW = 96;
  private follow = false;

  constructor(root: HTMLElement, onPick: (position: number) => void) {
    this.root = root;
    root.classList.add('diagram');
    root.innerHTML = '<div class="diagram-head" data-testid="lane-heads"></div><div class="diagram-scroll" data-testid="diagram"><div class="diagram-spacer"><div class="diagram-svg"></div></div></div>';
    this.head = root.querySelector('.diagram-head') as HTMLElement;
    this.scroller = root.querySelector('.diagram-scroll') as HTMLElement;
    this.spacer = root.querySelector('.diagram-spacer') as HTMLElement;
    this.svgHost = root.querySelector('.diagram-svg') as HTMLElement;
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('click', (e) => {
      if (this.model === null) return;
      const rect = this.spacer.getBoundingClientRect();
      const row = Math.floor((e.clientY - rect.top) / ROW_H);
      if (row >= 0 && row < this.model.rowCount) onPick(this.model.positionOfRow(row));
    });
    new ResizeObserver(() => {
      this.follow = true; // a new size: bring the cursor back into view
      this.schedule();
    }).observe(this.scroller);
  }

  /** Sets the rows and arrows (after a load or a filter change). */
  setModel(model: DiagramModel): void {
    this.model = model;
    this.schedule();
  }

  /** Moves the cursor; `follow` scrolls it into view. */
  setCursor(position: number, vm: ViewModel | null, showFuture: boolean, follow: boolean): void {
    this.position = position;
    this.vm = vm;
    this.showFuture = showFuture;
    if (follow) this.follow = true;
    this.schedule();
  }

  /** Scrolls so the cursor's row is in view (after the spacer has its height). */
  private scrollToCursor(m: DiagramModel): void {
    const row = m.rowAtPosition(this.position);
    const top = row * ROW_H;
    const view = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop + ROW_H * 2 || top > this.scroller.scrollTop + view - ROW_H * 3) {
      this.scroller.scrollTop = Math.max(0, top - view * 0.6);
    }
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private laneX(lane: number): number {
    return GUTTER + lane * this.laneW + this.laneW / 2;
  }

  private draw(): void {
    const m = this.model;
    if (m === null) return;
    const ix = m.index;
    const lanes = ix.lanes;
    const width = this.scroller.clientWidth;
    // Lanes share about half the width; the narration column keeps the rest, however many nodes there are.
    this.laneW = Math.max(30, Math.min(110, Math.floor((width * 0.45 - GUTTER) / Math.max(1, lanes.length))));
    const textX = GUTTER + lanes.length * this.laneW + 14;
    const cursorRow = m.rowAtPosition(this.position);
    const lastRow = this.showFuture ? m.rowCount - 1 : cursorRow;
    this.spacer.style.height = `${(lastRow + 1) * ROW_H + ROW_H * 4}px`;
    if (this.follow) {
      this.follow = false;
      this.scrollToCursor(m);
    }
    this.drawHead(lanes);
    const r0 = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_H) - OVERSCAN);
    const r1 = Math.min(lastRow, Math.ceil((this.scroller.scrollTop + this.scroller.clientHeight) / ROW_H) + OVERSCAN);
    const top = r0 * ROW_H;
    const h = Math.max(0, (r1 - r0 + 1) * ROW_H);
    const y = (row: number): number => row * ROW_H - top + ROW_H / 2;
    const parts: string[] = [];
    // Lanes, with frozen and crashed stretches.
    lanes.forEach((name, i) => {
      const x = this.laneX(i);
      parts.push(`<line class="lane ${name.startsWith('s') && /^s\d+$/.test(name) ? 'lane-server' : 'lane-client'}" x1="${x}" y1="0" x2="${x}" y2="${h}"/>`);
    });
    for (const s of m.stretches) {
      if (s.toRow < r0 || s.fromRow > r1) continue;
      const a = Math.max(s.fromRow, r0);
      const b = Math.min(s.toRow, r1 + 1);
      parts.push(`<line class="stretch stretch-${s.kind}" x1="${this.laneX(s.lane)}" y1="${y(a) - ROW_H / 2}" x2="${this.laneX(s.lane)}" y2="${y(b) - ROW_H / 2}"><title>${s.kind}</title></line>`);
    }
    if (cursorRow >= r0 && cursorRow <= r1) parts.push(`<rect class="cursor-row" x="0" y="${y(cursorRow) - ROW_H / 2}" width="100%" height="${ROW_H}"/>`);
    // Rows: time gutter, event dot, narration.
    let prevTime = r0 > 0 ? ix.timeOf(m.rowGroups[r0 - 1] as number) : -1;
    for (let r = r0; r <= r1; r++) {
      const g = m.rowGroups[r] as number;
      const t = ix.timeOf(g);
      const yy = y(r);
      const future = r > cursorRow ? ' future' : '';
      if (prevTime >= 0 && t - prevTime >= 500) {
        parts.push(`<line class="gap" x1="0" y1="${yy - ROW_H / 2}" x2="${width}" y2="${yy - ROW_H / 2}"/>`);
        parts.push(`<text class="gap-text" x="${width - 8}" y="${yy - ROW_H / 2 + 4}" text-anchor="end">${esc(`… ${formatSpan(t - prevTime)} pass`)}</text>`);
      }
      if (t !== prevTime) parts.push(`<text class="time${future}" x="4" y="${yy + 4}">${esc(formatTime(t))}</text>`);
      prevTime = t;
      const head = ix.headline(g);
      const lane = laneOfEvent(ix.lanes, head.node, ix.recordsOf(g));
      if (lane >= 0) {
        const isFault = head.layer === 'faults';
        parts.push(isFault
          ? `<path class="dot dot-faults${future}" d="M${this.laneX(lane)},${yy - 6} l6,6 l-6,6 l-6,-6 z"/>`
          : `<circle class="dot dot-${esc(head.layer)}${future}" cx="${this.laneX(lane)}" cy="${yy}" r="4"/>`);
      }
      const more = ix.narrationsOf(g).length - 1;
      parts.push(`<text class="narr l-${esc(head.layer)}${future}" x="${textX}" y="${yy + 4}" data-row="${r}"><title>${esc(ix.narrationsOf(g).map((n) => n.narration.text).join('\n'))}</title>${esc(head.text)}${more > 0 ? `<tspan class="more"> +${more}</tspan>` : ''}</text>`);
    }
    // Arrows that cross the window.
    const drawn = m.arrowsIn(r0, r1);
    for (const i of drawn) {
      const a = m.arrows[i] as (typeof m.arrows)[number];
      if (!this.showFuture && a.toRow > cursorRow && a.fromRow > cursorRow) continue;
      const fl = lanes.indexOf(a.from);
      const tl = lanes.indexOf(a.to);
      if (fl < 0 || tl < 0) continue;
      const x1 = this.laneX(fl);
      const x2 = this.laneX(tl);
      const y1 = a.sendGroup >= 0 ? y(a.fromRow) : y(a.toRow) - ROW_H * 0.7;
      const y2 = y(a.toRow);
      const inFlight = a.fromRow <= cursorRow && a.toRow > cursorRow;
      const future = a.fromRow > cursorRow ? ' future' : '';
      const cls = `arrow ${KIND_CLASS[a.kind] ?? ''}${a.isDropped ? ' dropped' : ''}${inFlight ? ' inflight' : ''}${future}`;
      parts.push(`<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#${a.isDropped ? 'xmark' : 'ahead'})"><title>${esc(`${a.from} → ${a.to}: ${a.label}`)}</title></line>`);
      if (this.laneW >= 64 || a.kind === 'zab' || a.kind === 'touches') {
        const lx = (x1 + x2) / 2 + (x2 >= x1 ? 4 : -4);
        const ly = (y1 + y2) / 2 - 2;
        parts.push(`<text class="alabel ${KIND_CLASS[a.kind] ?? ''}${future}" x="${lx}" y="${ly}" text-anchor="middle">${esc(a.label)}</text>`);
      }
    }
    this.svgHost.style.transform = `translateY(${top}px)`;
    this.svgHost.innerHTML = `<svg width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg">${DEFS}${parts.join('')}</svg>`;
  }

  private drawHead(lanes: readonly string[]): void {
    const vm = this.vm;
    const cells = lanes.map((name, i) => {
      const s = vm?.servers.find((x) => x.name === name);
      const c = vm?.clients.find((x) => x.name === name);
      const state = s !== undefined ? (s.process !== 'up' ? s.process : s.state) : c !== undefined ? (c.process !== 'up' ? c.process : c.state) : '';
      const lead = vm?.leader === name ? ' ★' : '';
      const small = this.laneW >= 60 ? esc(state.toLowerCase()) : esc(abbreviate(state));
      return `<div class="lane-head ${s !== undefined ? 'server' : 'client'} st-${esc(state.toLowerCase())}" style="left:${this.laneX(i) - this.laneW / 2}px;width:${this.laneW}px" data-node="${esc(name)}" title="${esc(`${name}: ${state.toLowerCase()}`)}"><b>${esc(name)}${lead}</b><small>${small}</small></div>`;
    });
    const textX = GUTTER + lanes.length * this.laneW + 14;
    this.head.style.height = `${HEAD_H}px`;
    this.head.innerHTML = `<div class="lane-head gutter" style="left:0;width:${GUTTER}px"><b>time</b><small>virtual</small></div>${cells.join('')}<div class="lane-head narr-head" style="left:${textX}px"><b>what happens</b><small>same words as zksim run</small></div>`;
  }
}

const DEFS = '<defs><marker id="ahead" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker>'
  + '<marker id="xmark" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11"><path d="M1,1 L9,9 M9,1 L1,9" stroke="#c62828" stroke-width="2"/></marker></defs>';

/** The lane where an event is drawn: its headline node, or for a scenario step the node it acts on. */
function laneOfEvent(lanes: readonly string[], node: string, records: readonly { readonly node: string; readonly [k: string]: unknown }[]): number {
  const direct = lanes.indexOf(node);
  if (direct >= 0) return direct;
  for (const r of records) {
    const i = lanes.indexOf(r.node);
    if (i >= 0) return i;
    for (const key of ['client', 'server']) {
      const v = r[key];
      if (typeof v === 'string' && lanes.includes(v)) return lanes.indexOf(v);
    }
  }
  return -1;
}

/** A state in a few letters, for narrow lanes: "following" → "foll". */
function abbreviate(state: string): string {
  const short: Record<string, string> = { following: 'foll', leading: 'lead', looking: 'look', connected: 'conn', connecting: 'conn…', frozen: 'frz', crashed: 'down', closed: 'closed' };
  return short[state.toLowerCase()] ?? state.toLowerCase().slice(0, 5);
}
