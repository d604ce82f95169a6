// The runs on screen and how they are made: the original run of the chosen scenario, the what-if run (the
// same text plus the what-if steps), or, for a trace file whose scenario this build cannot run, an index
// of its records alone. Runs happen in slices between animation frames with a progress line; a newer
// load makes an older one stop (tokens), so the page always ends up showing the latest request.
import { EventIndex } from '../event-index.ts';
import { formatTime } from '../format.ts';
import { diffOutcomes, type OutcomeChange } from '../outcome.ts';
import { RunView } from '../run-view.ts';
import { FullRun, parseSpec, type RunData, type RunSpec } from '../sim-run.ts';
import type { TraceFile } from '@zksim/sim';
import type { ViewerState } from '../viewer-state.ts';
import { addWhatIfSteps, type WhatIfAction } from '../what-if.ts';
import { BUNDLED } from './bundled.ts';

/** Events handled per slice of a run before the page gets a frame. */
const SLICE = 20_000;

class Superseded extends Error {}

/** The original run, the what-if run and what is known about them. */
export class Runs {
  original: RunView | null = null;
  whatIf: RunView | null = null;
  /** A trace file's records when its scenario cannot be run. */
  traceOnly: EventIndex | null = null;
  /** The trace file being opened, if any (for the records-only fallback). */
  traceFile: TraceFile | null = null;
  changes: OutcomeChange[] | null = null;
  whatIfProblems: string[] = [];
  notice = '';
  description = '';
  isRunningWhatIf = false;
  private loadToken = 0;
  private whatIfToken = 0;
  private readonly progress: (text: string) => void;

  constructor(progress: (text: string) => void) {
    this.progress = progress;
  }

  /** Forgets every run (a new scenario is being opened). */
  clear(): void {
    this.loadToken++;
    this.whatIfToken++;
    this.original = null;
    this.whatIf = null;
    this.traceOnly = null;
    this.changes = null;
    this.notice = '';
    this.description = '';
  }

  /** The run on screen for `show`. */
  display(show: ViewerState['show']): RunView | EventIndex | null {
    if (this.traceOnly !== null) return this.traceOnly;
    if (show === 'what-if' && this.whatIf !== null) return this.whatIf;
    return this.original;
  }

  /**
   * Runs the state's scenario (and its what-if). Resolves with the problems to show (none: all went
   * well), or null when a newer load took over.
   */
  async load(s: ViewerState): Promise<string[] | null> {
    this.clear();
    const token = this.loadToken;
    const src = resolveSource(s);
    if (typeof src === 'string') return [src];
    const spec: RunSpec = { text: src.text, file: src.file, ...(s.seed !== undefined ? { seed: s.seed } : {}), ...(s.untilMs !== undefined ? { untilMs: s.untilMs } : {}) };
    const parsed = parseSpec(spec);
    if (!parsed.ok) {
      if (this.traceFile !== null) {
        this.traceOnly = new EventIndex(this.traceFile.records);
        this.notice = 'This trace\'s scenario does not parse with this build, so only its records are shown (no panels).';
      }
      return [...parsed.issues];
    }
    this.description = parsed.scenario.description;
    let data: RunData;
    try {
      data = await this.runSliced(spec, parsed.scenario, () => token !== this.loadToken, 'running the scenario');
    } catch (e) {
      return e instanceof Superseded ? null : [`the run stopped: ${(e as Error).message}`];
    }
    this.original = new RunView(data);
    if (s.expectHash !== undefined) {
      this.notice = s.expectHash === data.traceHash
        ? `Trace reproduced: the run in this page has the trace's hash ${data.traceHash}.`
        : `This trace's hash is ${s.expectHash}, but the run in this page gives ${data.traceHash}: it was made by another build. Showing this build's run.`;
    }
    return (await this.loadWhatIf(s.actions, () => undefined)) ? [] : null;
  }

  /**
   * (Re)runs the what-if for `actions`; `started` is called once the run begins (to show "running…").
   * Resolves false when a newer load or what-if took over.
   */
  async loadWhatIf(actions: readonly WhatIfAction[], started: () => void): Promise<boolean> {
    const token = this.loadToken;
    const wToken = ++this.whatIfToken;
    const stale = (): boolean => token !== this.loadToken || wToken !== this.whatIfToken;
    const orig = this.original;
    this.whatIfProblems = [];
    this.whatIf = null;
    this.changes = null;
    if (orig === null || actions.length === 0) return true;
    const spec: RunSpec = { ...orig.data.spec, text: addWhatIfSteps(orig.data.spec.text, actions) };
    const parsed = parseSpec(spec);
    if (!parsed.ok) {
      this.whatIfProblems = parsed.issues.map((i) => `what-if: ${i}`);
      return true;
    }
    this.isRunningWhatIf = true;
    started();
    try {
      const data = await this.runSliced(spec, parsed.scenario, stale, 'running the what-if');
      this.whatIf = new RunView(data);
      this.changes = diffOutcomes(orig.data.outcome, data.outcome);
      return true;
    } catch (e) {
      if (e instanceof Superseded) return false;
      this.whatIfProblems = [`what-if: the run stopped: ${(e as Error).message}`];
      return true;
    } finally {
      if (!stale()) this.isRunningWhatIf = false;
    }
  }

  private async runSliced(spec: RunSpec, scenario: RunData['scenario'], stale: () => boolean, what: string): Promise<RunData> {
    const run = new FullRun(spec, scenario);
    try {
      for (;;) {
        const d = run.advance(SLICE);
        if (d !== null) return d;
        const p = run.progress;
        this.progress(`${what}: ${formatTime(p.timeMs)} of ${formatTime(p.untilMs)} (${p.records} records)`);
        await new Promise((r) => requestAnimationFrame(r));
        if (stale()) throw new Superseded('superseded');
      }
    } finally {
      this.progress('');
    }
  }
}

/** The text and file name of the state's scenario, or why there is none. */
function resolveSource(s: ViewerState): { text: string; file: string } | string {
  const src = s.source;
  if (src === null) return 'no scenario chosen';
  if (src.kind === 'text') return { text: src.text, file: src.name };
  const b = BUNDLED.find((x) => x.name === src.name);
  return b === undefined ? `no bundled scenario '${src.name}' (bundled: ${BUNDLED.map((x) => x.name).join(', ')})` : { text: b.text, file: b.file };
}
