// Playback: a requestAnimationFrame loop that moves the cursor to the next shown event when the play
// clock reaches it (`playTick`: idle time passes at the chosen speed, each event holds the screen for a
// moment). Between events it asks for a redraw a few times a second so the panels' clocks run.
import type { DiagramModel } from '../diagram-model.ts';
import type { Store } from '../store.ts';
import { playTick, type ViewerState } from '../viewer-state.ts';

/** What the player needs from the page. */
export interface PlayerHost {
  readonly store: Store<ViewerState>;
  /** Time of event `position - 1` and the last position, for the run on screen. */
  timeAt(position: number): number;
  lastPosition(): number;
  model(): DiagramModel | null;
  redraw(): void;
}

/** Redraws between events at most this often (ms). */
const REDRAW_MS = 90;

/** The play loop. */
export class Player {
  /** The play clock (virtual ms); the panels extrapolate their clocks to it. */
  clockMs = 0;
  private dwellLeftMs = 0;
  private frame = 0;
  private lastFrameAt = 0;
  private lastRedrawAt = 0;
  private readonly host: PlayerHost;

  constructor(host: PlayerHost) {
    this.host = host;
  }

  /** Starts from the current position. */
  start(): void {
    const p = this.host.store.state.position;
    this.clockMs = p > 0 ? this.host.timeAt(p) : 0;
    this.dwellLeftMs = 0;
    this.lastFrameAt = performance.now();
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  private tick(at: number): void {
    const { store } = this.host;
    const s = store.state;
    const model = this.host.model();
    if (!s.playing || model === null) return;
    const dt = Math.min(250, at - this.lastFrameAt);
    this.lastFrameAt = at;
    const last = this.host.lastPosition();
    const next = model.stepPosition(s.position, 1);
    const nextTime = next > s.position && next <= last ? this.host.timeAt(next) : null;
    const t = playTick({ timeMs: this.clockMs, dwellLeftMs: this.dwellLeftMs }, dt, s.speed, nextTime);
    this.clockMs = t.timeMs;
    this.dwellLeftMs = t.dwellLeftMs;
    if (t.advance) {
      store.update((d) => {
        d.position = next;
        d.jumpMs = null;
      });
    } else if (nextTime === null) {
      store.update((d) => {
        d.playing = false;
      });
      return;
    } else if (at - this.lastRedrawAt > REDRAW_MS) {
      this.lastRedrawAt = at;
      this.host.redraw();
    }
    this.frame = requestAnimationFrame((x) => this.tick(x));
  }
}
