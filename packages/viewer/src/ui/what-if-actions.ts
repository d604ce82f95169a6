// Turning clicks into what-if steps: the buttons on the server and client cards, and the what-if box
// (cut a link, isolate nodes, heal, remove a step, undo/redo, switch between the original and the
// what-if run). Also the rule for when a step added now acts.
import type { EventIndex } from '../event-index.ts';
import type { RunView } from '../run-view.ts';
import type { Store } from '../store.ts';
import type { ViewerState } from '../viewer-state.ts';
import type { ViewModel } from '../view-model.ts';
import type { WhatIfAction } from '../what-if.ts';

/** What the handlers need from the page. */
export interface WhatIfHost {
  readonly store: Store<ViewerState>;
  /** Index of the run on screen. */
  shownIndex(): EventIndex | null;
  currentVm(): ViewModel | null;
  original(): RunView | null;
  whatIf(): RunView | null;
  addAction(action: WhatIfAction): void;
  problem(text: string): void;
}

/**
 * The virtual time a what-if step added now acts at: just after the current event (or at the "jump to"
 * time). When the current event is itself a timeline step, the new step acts at the same time: steps of
 * one time run first, in file order, so it still comes before everything else at that time.
 */
export function forkAtMs(s: ViewerState, ix: EventIndex | null, vm: ViewModel | null): number {
  if (vm === null || ix === null) return s.jumpMs ?? 0;
  const g = s.position - 1;
  const isStep = g >= 0 && g < ix.groupCount && ix.recordsOf(g).some((r) => r.type === 'scenario-step');
  return Math.max(isStep ? vm.timeMs : vm.timeMs + 1, s.jumpMs ?? 0);
}

/** The last event at `timeMs` that is a timeline step (a what-if step is the last of its time), if any. */
export function stepGroupAt(ix: EventIndex, timeMs: number): number | null {
  for (let g = ix.lastGroupAtOrBefore(timeMs); g >= 0 && ix.timeOf(g) === timeMs; g--) {
    if (ix.recordsOf(g).some((r) => r.type === 'scenario-step')) return g;
  }
  return null;
}

/** A click in the panels: the freeze/resume/crash/restart/close buttons of a card. */
export function onPanelClick(e: Event, host: WhatIfHost): void {
  const b = (e.target as HTMLElement).closest<HTMLElement>('button[data-act]');
  if (b === null) return;
  const kind = b.dataset['act'] as 'crash' | 'restart' | 'freeze' | 'resume' | 'close';
  const node = b.dataset['node'] as string;
  host.addAction({ atMs: forkAtMs(host.store.state, host.shownIndex(), host.currentVm()), kind, node });
}

/** A click in the what-if box. */
export function onWhatIfClick(e: Event, box: HTMLElement, host: WhatIfHost): void {
  const t = (e.target as HTMLElement).closest<HTMLElement>('button');
  if (t === null) return;
  const { store } = host;
  const at = forkAtMs(store.state, host.shownIndex(), host.currentVm());
  const d = t.dataset;
  if (d['undo'] !== undefined) store.undo();
  else if (d['redo'] !== undefined) store.redo();
  else if (d['clear'] !== undefined) {
    store.update((x) => {
      x.actions = [];
    }, { undoable: true });
  } else if (d['remove'] !== undefined) {
    const i = Number(d['remove']);
    store.update((x) => {
      (x.actions as WhatIfAction[]).splice(i, 1);
    }, { undoable: true });
  } else if (d['show'] !== undefined) showRun(d['show'] as 'original' | 'what-if', host);
  else if (d['add'] === 'cut') {
    const a = (box.querySelector('[data-cut-a]') as HTMLSelectElement).value;
    const b = (box.querySelector('[data-cut-b]') as HTMLSelectElement).value;
    if (a === b || (!/^s\d+$/.test(a) && !/^s\d+$/.test(b))) host.problem('what-if: a cut needs two different nodes, at least one of them a server');
    else host.addAction({ atMs: at, kind: 'cut', nodes: [a, b] });
  } else if (d['add'] === 'isolate') {
    const nodes = [...box.querySelectorAll<HTMLInputElement>('input[data-iso]:checked')].map((x) => x.value);
    if (nodes.length === 0) host.problem('what-if: tick the nodes to isolate first');
    else host.addAction({ atMs: at, kind: 'isolate', nodes });
  } else if (d['add'] === 'heal') {
    const v = (box.querySelector('[data-heal]') as HTMLSelectElement).value;
    host.addAction({ atMs: at, kind: 'heal', name: v === 'all' ? null : v });
  }
}

/** Switches between the original and the what-if run, staying at the same virtual time. */
function showRun(show: 'original' | 'what-if', host: WhatIfHost): void {
  const vm = host.currentVm();
  const target = show === 'original' ? host.original() : host.whatIf();
  host.store.update((x) => {
    x.show = show;
    if (vm !== null && target !== null) x.position = target.clamp(target.data.index.lastGroupAtOrBefore(vm.timeMs) + 1);
  });
}
