// Draws everything around the diagram for one moment: the transport's clock, event number and slider,
// the run's seed and trace hash, the notice, the narration, the what-if banner and box, the
// expectations. Called after every state change; each part is rewritten only from its inputs.
import type { EventIndex } from '../event-index.ts';
import { esc, formatTime } from '../format.ts';
import type { OutcomeChange } from '../outcome.ts';
import { RunView } from '../run-view.ts';
import type { Store } from '../store.ts';
import type { ViewerState } from '../viewer-state.ts';
import type { ViewModel } from '../view-model.ts';
import { $ } from './dom.ts';
import { bannerHtml, expectationsHtml, momentFacts, narrationHtml, whatIfHtml } from './side-views.ts';

/** The moment to draw. */
export interface Moment {
  readonly state: ViewerState;
  readonly run: RunView | EventIndex;
  readonly ix: EventIndex;
  readonly vm: ViewModel | null;
  /** How far the play clock (or "jump to" time) is past the current event. */
  readonly sinceMs: number;
}

/** The clock, the slider, the run's facts and the narration. */
export function drawControls(m: Moment, isWhatIf: boolean, notice: string): void {
  const { state: s, run, ix, vm } = m;
  const first = run instanceof RunView ? run.first : 0;
  const last = run instanceof RunView ? run.last : ix.groupCount;
  const slider = $<HTMLInputElement>('#slider');
  slider.min = String(first);
  slider.max = String(last);
  slider.value = String(s.position);
  const now = (vm?.timeMs ?? (s.position > 0 ? ix.timeOf(Math.min(s.position, ix.groupCount) - 1) : 0)) + m.sinceMs;
  const end = run instanceof RunView ? run.data.untilMs : ix.groupCount > 0 ? ix.timeOf(ix.groupCount - 1) : 0;
  $('#clock').textContent = `${formatTime(Math.round(now))} / ${formatTime(end)}`;
  $('#eventno').textContent = `event ${s.position} of ${last}`;
  $('#play').textContent = s.playing ? '❚❚ pause' : '▶ play';
  $('#narration').innerHTML = narrationHtml(ix, s.position);
  $('#runinfo').innerHTML = run instanceof RunView
    ? `seed ${esc(String(run.data.seed))} · ${run.data.events} events · trace hash <code data-testid="trace-hash">${esc(run.data.traceHash)}</code>${isWhatIf ? ' · <b class="whatif-tag">what-if</b>' : ''}`
    : `trace file: ${ix.records.length} records`;
  const n = $('#notice');
  n.textContent = notice;
  n.hidden = notice === '';
}

/** What the what-if box and banner show. */
export interface WhatIfState {
  readonly original: RunView | null;
  readonly whatIf: RunView | null;
  readonly changes: readonly OutcomeChange[] | null;
  readonly problems: readonly string[];
  readonly isRunning: boolean;
  readonly forkAtMs: number;
}

let lastWhatIfHtml = '';

/** The banner, the what-if box and the expectations. */
export function drawSide(m: Moment, w: WhatIfState, store: Store<ViewerState>): void {
  const { state: s, run, vm } = m;
  const box = $('#whatif');
  const isWhatIf = w.whatIf !== null && run === w.whatIf;
  if (!(run instanceof RunView) || w.original === null) {
    box.innerHTML = '<p class="muted">What-ifs need the simulation.</p>';
    lastWhatIfHtml = '';
  } else {
    const nodes = [...run.data.index.lanes];
    const html = whatIfHtml({
      actions: s.actions, nodes, forkAtMs: w.forkAtMs,
      canUndo: store.canUndo, canRedo: store.canRedo, show: s.show, hasWhatIf: w.whatIf !== null,
      running: w.isRunning, changes: w.changes, now: compareNow(w, run, vm), problems: w.problems,
    });
    if (html !== lastWhatIfHtml) {
      lastWhatIfHtml = html;
      replaceKeepingInputs(box, html);
    }
  }
  const banner = $('#banner');
  banner.innerHTML = bannerHtml(s.actions, w.changes, w.isRunning, isWhatIf ? 'what-if' : 'original');
  banner.hidden = s.actions.length === 0;
  $('#expect').innerHTML = run instanceof RunView ? expectationsHtml(run.data.expectations, run.data.violations) : '';
}

/** Both runs at the same virtual time, side by side. */
function compareNow(w: WhatIfState, run: RunView, vm: ViewModel | null): { what: string; original: string; whatIf: string }[] | null {
  if (w.whatIf === null || w.original === null || vm === null) return null;
  const other = run === w.whatIf ? w.original : w.whatIf;
  const otherVm = other.viewModelAt(other.data.index.lastGroupAtOrBefore(vm.timeMs) + 1);
  const a = momentFacts(run === w.whatIf ? otherVm : vm);
  const b = momentFacts(run === w.whatIf ? vm : otherVm);
  return [...new Set([...a.keys(), ...b.keys()])].map((k) => ({ what: k, original: a.get(k) ?? '—', whatIf: b.get(k) ?? '—' }));
}

/** Replaces `box`'s content, keeping what the learner chose in its selects and checkboxes. */
function replaceKeepingInputs(box: HTMLElement, html: string): void {
  const kept = new Map<string, string | boolean>();
  const key = (el: HTMLSelectElement | HTMLInputElement, i: number): string => `${el.tagName}${i}:${el instanceof HTMLInputElement ? el.value : ''}`;
  box.querySelectorAll<HTMLSelectElement | HTMLInputElement>('select, input').forEach((el, i) => {
    kept.set(key(el, i), el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value);
  });
  box.innerHTML = html;
  box.querySelectorAll<HTMLSelectElement | HTMLInputElement>('select, input').forEach((el, i) => {
    const v = kept.get(key(el, i));
    if (v === undefined) return;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = v === true;
    else if (typeof v === 'string' && [...(el as HTMLSelectElement).options].some((o) => o.value === v)) el.value = v;
  });
}
