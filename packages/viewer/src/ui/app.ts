// The viewer page: one immer store holds what is on screen; the page's address, the runs (Runs), the
// diagram, the panels and the side boxes follow it. Opening a scenario, a file or a link goes through the
// address, so every view has a link. Everything shown is computed by the pure modules one folder up.
import { DiagramModel, type DiagramFilter } from '../diagram-model.ts';
import type { EventIndex } from '../event-index.ts';
import { formatTime } from '../format.ts';
import { RunView } from '../run-view.ts';
import { Store } from '../store.ts';
import { touchTableAt } from '../touch-table.ts';
import { looksLikeTrace, parseTraceFile } from '@zksim/sim';
import { INITIAL_STATE, hashOf, stateOfHash, type ViewerState } from '../viewer-state.ts';
import type { ViewModel } from '../view-model.ts';
import { addWhatIfSteps, type WhatIfAction } from '../what-if.ts';
import { BUNDLED } from './bundled.ts';
import { wireChrome, type ChromeHost } from './chrome.ts';
import { DiagramView } from './diagram-view.ts';
import { $, showErrors } from './dom.ts';
import { drawControls, drawSide, type Moment } from './frame.ts';
import { renderPanels } from './panels-view.ts';
import { Player } from './player.ts';
import { Runs } from './runs.ts';
import { forkAtMs, onPanelClick, onWhatIfClick, stepGroupAt, type WhatIfHost } from './what-if-actions.ts';

/** The running page. */
export class App implements ChromeHost, WhatIfHost {
  readonly store = new Store<ViewerState>(INITIAL_STATE);
  private readonly runs = new Runs((text) => {
    $('#progress').textContent = text;
  });
  private readonly diagram: DiagramView;
  private readonly player: Player;
  private model: DiagramModel | null = null;
  private modelKey: { readonly ix: EventIndex; readonly filter: DiagramFilter } | null = null;
  private hashTimer = 0;

  constructor() {
    this.diagram = new DiagramView($('#diagram'), (p) => this.seek(p));
    this.player = new Player({
      store: this.store,
      timeAt: (p) => {
        const ix = this.shownIndex();
        return ix === null || p <= 0 ? 0 : ix.timeOf(Math.min(p, ix.groupCount) - 1);
      },
      lastPosition: () => this.lastPosition(),
      model: () => this.model,
      redraw: () => this.render(false),
    });
    wireChrome(this);
    $('#panels').addEventListener('click', (e) => onPanelClick(e, this));
    $('#whatif').addEventListener('click', (e) => onWhatIfClick(e, $('#whatif'), this));
    $('#banner').addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('[data-goto-whatif]') !== null) $('#whatif').scrollIntoView({ behavior: 'smooth' });
    });
    this.store.subscribe((s, prev) => this.onState(s, prev));
    window.addEventListener('hashchange', () => this.fromAddress());
  }

  /** Opens what the address asks for (or the first bundled scenario). */
  start(): void {
    this.fromAddress();
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  private fromAddress(): void {
    if (location.hash === hashOf(this.store.state) && this.runs.original !== null) return;
    const r = stateOfHash(location.hash);
    if (!r.ok) {
      showErrors(r.problems.map((p) => `address: ${p}`));
      return;
    }
    const first = BUNDLED[0];
    const state = r.state.source === null && first !== undefined ? { ...r.state, source: { kind: 'bundled' as const, name: first.name } } : r.state;
    this.runs.clear(); // so the store change below does not start a what-if run of its own
    this.store.update((d) => {
      Object.assign(d, { ...INITIAL_STATE, ...state, filter: d.filter, speed: d.speed, showFuture: d.showFuture });
    });
    void this.load();
  }

  private async load(): Promise<void> {
    document.body.dataset['status'] = 'loading';
    showErrors([]);
    const problems = await this.runs.load(this.store.state);
    if (problems === null) return; // a newer load took over
    $('#description').textContent = this.runs.description;
    showErrors(problems);
    const run = this.runs.display(this.store.state.show);
    if (run === null) {
      document.body.dataset['status'] = 'error';
      return;
    }
    const first = run instanceof RunView ? run.first : 0;
    this.store.update((d) => {
      d.position = Math.max(first, Math.min(this.lastPosition(), d.position === 0 ? first : d.position));
    });
    document.body.dataset['status'] = 'ready';
    this.render(true);
  }

  openBundled(name: string): void {
    if (name === '') return;
    this.runs.traceFile = null;
    location.hash = hashOf({ ...INITIAL_STATE, source: { kind: 'bundled', name } });
  }

  /** Opens a scenario or trace file's text (from "open file…" or a dropped file). */
  openText(name: string, text: string): void {
    if (!looksLikeTrace(text)) {
      this.runs.traceFile = null;
      location.hash = hashOf({ ...INITIAL_STATE, source: { kind: 'text', name, text } });
      return;
    }
    const r = parseTraceFile(text);
    if (!r.ok) {
      showErrors(r.problems.map((p) => `${name}: ${p}`));
      return;
    }
    this.runs.traceFile = r.trace;
    const h = r.trace.header;
    location.hash = hashOf({
      ...INITIAL_STATE, source: { kind: 'text', name: h.scenarioFile, text: h.scenarioText }, seed: h.seed, untilMs: h.untilMs,
      ...(r.trace.footer !== null ? { expectHash: r.trace.footer.traceHash } : {}),
    });
  }

  scenarioToSave(): { readonly text: string; readonly fileName: string } | null {
    const o = this.runs.original;
    if (o === null) return null;
    const actions = this.store.state.actions;
    const base = o.data.spec.file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
    return { text: addWhatIfSteps(o.data.spec.text, actions), fileName: `${base}${actions.length > 0 ? '-what-if' : ''}.yaml` };
  }

  // ---------------------------------------------------------------------------------------------
  // Moving

  seek(position: number): void {
    this.store.update((d) => {
      d.position = position;
      d.jumpMs = null;
      d.playing = false;
    });
  }

  step(dir: 1 | -1): void {
    if (this.model !== null) this.seek(this.model.stepPosition(this.store.state.position, dir));
  }

  togglePlay(): void {
    const last = this.lastPosition();
    this.store.update((d) => {
      if (!d.playing && d.position >= last) d.position = 0;
      d.playing = !d.playing;
    });
  }

  jumpTo(text: string): void {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
    const ix = this.shownIndex();
    if (m === null || ix === null) {
      showErrors([`jump to: '${text}' is not a time (examples: 10s, 9.5s, 1500ms)`]);
      return;
    }
    showErrors([]);
    const unit = m[2] ?? 's';
    const ms = Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
    const g = ix.lastGroupAtOrBefore(ms);
    this.store.update((d) => {
      d.position = g + 1;
      d.jumpMs = ms;
      d.playing = false;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // What-ifs (WhatIfHost)

  shownIndex(): EventIndex | null {
    const run = this.runs.display(this.store.state.show);
    return run === null ? null : run instanceof RunView ? run.data.index : run;
  }

  currentVm(): ViewModel | null {
    const run = this.runs.display(this.store.state.show);
    return run instanceof RunView ? run.viewModelAt(this.store.state.position) : null;
  }

  original(): RunView | null {
    return this.runs.original;
  }

  whatIf(): RunView | null {
    return this.runs.whatIf;
  }

  addAction(action: WhatIfAction): void {
    const o = this.runs.original;
    if (o === null) return;
    if (action.atMs > o.data.untilMs) {
      this.problem(`what-if: ${formatTime(action.atMs)} is after the end of the run (${formatTime(o.data.untilMs)})`);
      return;
    }
    this.store.update((d) => {
      (d.actions as WhatIfAction[]).push(action);
      d.show = 'what-if';
      d.playing = false;
    }, { undoable: true });
  }

  problem(text: string): void {
    this.runs.whatIfProblems = [text];
    this.render(false);
  }

  // ---------------------------------------------------------------------------------------------
  // State changes

  private onState(s: ViewerState, prev: ViewerState): void {
    if (s.actions !== prev.actions && s.source === prev.source && this.runs.original !== null) void this.rerunWhatIf();
    if (s.playing && !prev.playing) this.player.start();
    this.scheduleHash();
    this.render(s.position !== prev.position || s.show !== prev.show);
  }

  /** Runs the what-if again and shows it at the moment its newest step acts. */
  private async rerunWhatIf(): Promise<void> {
    const current = await this.runs.loadWhatIf(this.store.state.actions, () => this.render(false));
    if (!current) return;
    const w = this.runs.whatIf;
    const s = this.store.state;
    const newest = s.actions[s.actions.length - 1];
    if (w !== null && newest !== undefined && s.show === 'what-if') {
      const g = stepGroupAt(w.data.index, newest.atMs) ?? w.data.index.lastGroupAtOrBefore(newest.atMs);
      this.store.update((d) => {
        d.position = w.clamp(g + 1);
        d.jumpMs = null;
      });
    }
    this.render(true);
  }

  private lastPosition(): number {
    const run = this.runs.display(this.store.state.show);
    return run === null ? 0 : run instanceof RunView ? run.last : run.groupCount;
  }

  private scheduleHash(): void {
    window.clearTimeout(this.hashTimer);
    this.hashTimer = window.setTimeout(() => {
      const h = hashOf(this.store.state);
      if (h !== location.hash) history.replaceState(null, '', h === '' ? location.pathname + location.search : h);
    }, 150);
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing

  private render(follow: boolean): void {
    const s = this.store.state;
    const run = this.runs.display(s.show);
    if (run === null) return;
    const ix = run instanceof RunView ? run.data.index : run;
    if (this.model === null || this.modelKey?.ix !== ix || this.modelKey.filter !== s.filter) {
      this.model = new DiagramModel(ix, s.filter);
      this.modelKey = { ix, filter: s.filter };
      this.diagram.setModel(this.model);
    }
    let vm: ViewModel | null = null;
    if (run instanceof RunView) {
      try {
        vm = run.viewModelAt(s.position);
      } catch (e) {
        showErrors([(e as Error).message]);
      }
    }
    const sinceMs = vm === null ? 0 : s.playing ? Math.max(0, this.player.clockMs - vm.timeMs) : s.jumpMs !== null ? Math.max(0, s.jumpMs - vm.timeMs) : 0;
    const moment: Moment = { state: s, run, ix, vm, sinceMs };
    this.diagram.setCursor(s.position, vm, s.showFuture, follow);
    renderPanels($('#panels'), vm, { sinceMs, canAct: run instanceof RunView, touchesOf: (server) => touchTableAt(ix, s.position, server) });
    drawControls(moment, this.runs.whatIf !== null && run === this.runs.whatIf, this.runs.notice);
    drawSide(moment, {
      original: this.runs.original, whatIf: this.runs.whatIf, changes: this.runs.changes, problems: this.runs.whatIfProblems,
      isRunning: this.runs.isRunningWhatIf, forkAtMs: forkAtMs(s, ix, vm),
    }, this.store);
  }
}
