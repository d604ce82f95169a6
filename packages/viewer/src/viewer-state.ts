// The viewer's state (kept in an immer Store): what is loaded, the what-if actions, which run is on
// screen, the cursor, playback and the diagram filter. Also how that state maps to the page address and
// back, and the play clock's rule. Pure: no DOM.
import type { DiagramFilter } from './diagram-model.ts';
import { DEFAULT_FILTER } from './diagram-model.ts';
import { decodeHash, encodeHash, type SourceRef } from './url-state.ts';
import type { WhatIfAction } from './what-if.ts';

/** Everything the page shows, as data. */
export interface ViewerState {
  readonly source: SourceRef | null;
  readonly seed?: string | number;
  readonly untilMs?: number;
  readonly expectHash?: string;
  readonly actions: readonly WhatIfAction[];
  readonly show: 'original' | 'what-if';
  /** Events applied (the cursor). */
  readonly position: number;
  readonly playing: boolean;
  /** Play speed: virtual ms per real second / 1000 (1 = real time). */
  readonly speed: number;
  readonly filter: DiagramFilter;
  readonly showFuture: boolean;
  /** Virtual time chosen with "jump to", if later than the cursor's event (what-ifs act then). */
  readonly jumpMs: number | null;
}

/** Speeds offered, as factors of real time. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 50] as const;

/** The state of a freshly opened page. */
export const INITIAL_STATE: ViewerState = {
  source: null, actions: [], show: 'what-if', position: 0, playing: false, speed: 1,
  filter: DEFAULT_FILTER, showFuture: true, jumpMs: null,
};

/** The address (hash) for a state. */
export function hashOf(s: ViewerState): string {
  return encodeHash({
    source: s.source, actions: s.actions, position: s.position,
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.untilMs !== undefined ? { untilMs: s.untilMs } : {}),
    ...(s.expectHash !== undefined ? { expectHash: s.expectHash } : {}),
    ...(s.show === 'original' ? { show: 'original' as const } : {}),
  });
}

/** The state an address asks for (on top of the initial state), or the problems with it. */
export function stateOfHash(hash: string): { readonly ok: true; readonly state: ViewerState } | { readonly ok: false; readonly problems: readonly string[] } {
  const d = decodeHash(hash);
  if (!d.ok) return d;
  const u = d.state;
  return {
    ok: true,
    state: {
      ...INITIAL_STATE,
      source: u.source, actions: u.actions, position: u.position ?? 0, show: u.show ?? 'what-if',
      ...(u.seed !== undefined ? { seed: u.seed } : {}),
      ...(u.untilMs !== undefined ? { untilMs: u.untilMs } : {}),
      ...(u.expectHash !== undefined ? { expectHash: u.expectHash } : {}),
    },
  };
}

/** Real milliseconds each shown event stays on screen while playing at `speed`. */
export function dwellMs(speed: number): number {
  return Math.max(12, Math.min(900, 450 / Math.sqrt(speed)));
}

/**
 * One tick of the play clock: idle virtual time passes at `speed` × real time, but every shown event
 * holds the screen for `dwellMs(speed)`, so a burst of events 1 ms apart is still watchable.
 * Returns the new clock, the new position and the remaining dwell.
 */
export function playTick(
  clock: { readonly timeMs: number; readonly dwellLeftMs: number },
  realDtMs: number, speed: number, nextEventTimeMs: number | null,
): { readonly timeMs: number; readonly dwellLeftMs: number; readonly advance: boolean } {
  if (clock.dwellLeftMs > realDtMs) return { timeMs: clock.timeMs, dwellLeftMs: clock.dwellLeftMs - realDtMs, advance: false };
  const dt = realDtMs - Math.max(0, clock.dwellLeftMs);
  const t = clock.timeMs + dt * speed;
  if (nextEventTimeMs !== null && t >= nextEventTimeMs) return { timeMs: nextEventTimeMs, dwellLeftMs: dwellMs(speed), advance: true };
  return { timeMs: t, dwellLeftMs: 0, advance: false };
}
