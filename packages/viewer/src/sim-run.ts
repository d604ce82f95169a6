// Runs a scenario in the page with the same engine as the CLI. `FullRun` drives a ScenarioRunner event by
// event to the end (in slices, so the page stays responsive), keeping every trace record, evaluating the
// expectations at their times exactly as `ScenarioRunner.run` does and reading the outcome. `SimCursor`
// then re-creates the state at any position: forward by stepping a live runner, backward by a fresh
// runner replayed to the position (determinism makes that exact; it checks the records agree).
import { ZksimError, type TraceRecord } from '@zksim/kernel';
import { ScenarioRunner, parseScenario, formatIssue, type Expectation, type ExpectationOutcome, type Scenario } from '@zksim/sim';
import { EventIndex } from './event-index.ts';
import { readOutcome, type Outcome } from './outcome.ts';

/** What to run: scenario text (as in a file) plus optional overrides. */
export interface RunSpec {
  readonly text: string;
  readonly file: string;
  readonly seed?: string | number;
  readonly untilMs?: number;
}

/** A finished run: its records, their index, the trace hash, expectations and outcome. */
export interface RunData {
  readonly spec: RunSpec;
  readonly scenario: Scenario;
  readonly seed: string | number;
  readonly untilMs: number;
  readonly records: readonly TraceRecord[];
  readonly index: EventIndex;
  readonly traceHash: string;
  readonly events: number;
  readonly expectations: readonly ExpectationOutcome[];
  readonly violations: readonly string[];
  readonly outcome: Outcome;
  /** Groups already emitted when the runner was built (the servers' start records). */
  readonly firstPosition: number;
}

/** The scenario of a spec, or the issues that stop it (formatted one per line). */
export function parseSpec(spec: RunSpec): { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly issues: readonly string[] } {
  const r = parseScenario(spec.text, spec.file);
  return r.ok ? { ok: true, scenario: r.scenario } : { ok: false, issues: r.issues.map(formatIssue) };
}

/** The first safety check the CLI runs too: no ephemeral outlives its session on a serving server. */
export function safetyViolations(runner: ScenarioRunner): string[] {
  const out: string[] = [];
  const c = runner.cluster;
  for (const s of c.servers.values()) {
    if (!c.kernel.isUp(s.node) || !s.isServing) continue;
    for (const owner of s.db.tree.sessionsWithEphemerals()) {
      if (!s.db.sessions.has(owner)) out.push(`${s.name}: ephemerals of closed session ${owner}: ${s.db.tree.getEphemerals(owner).join(', ')}`);
    }
  }
  return out;
}

/** Builds a runner whose every trace record goes to `sink`. */
function buildRunner(spec: RunSpec, scenario: Scenario, sink: (r: TraceRecord) => void, hash: boolean): ScenarioRunner {
  let runner: ScenarioRunner | null = null;
  runner = new ScenarioRunner(scenario, {
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.untilMs !== undefined ? { untilMs: spec.untilMs } : {}),
    traceSink: { write: sink },
    traceHash: hash,
    violations: () => (runner === null ? [] : safetyViolations(runner)),
  });
  return runner;
}

/** Runs a scenario to its end, a slice at a time. */
export class FullRun {
  readonly spec: RunSpec;
  readonly scenario: Scenario;
  private readonly records: TraceRecord[] = [];
  private readonly runner: ScenarioRunner;
  private readonly timed: (Expectation & { atMs: number })[];
  private readonly outcomes: ExpectationOutcome[] = [];
  private nextCheck = 0;
  private readonly firstRecords: number;
  private data: RunData | null = null;

  constructor(spec: RunSpec, scenario: Scenario) {
    this.spec = spec;
    this.scenario = scenario;
    this.runner = buildRunner(spec, scenario, (r) => this.records.push(r), true);
    this.firstRecords = this.records.length;
    this.timed = scenario.expect
      .filter((e): e is Expectation & { atMs: number } => 'atMs' in e)
      .sort((a, b) => a.atMs - b.atMs)
      .filter((e) => e.atMs <= this.runner.untilMs);
  }

  /** Virtual time reached so far, and the run's end time (for a progress bar). */
  get progress(): { readonly timeMs: number; readonly untilMs: number; readonly records: number } {
    return { timeMs: this.runner.cluster.kernel.now, untilMs: this.runner.untilMs, records: this.records.length };
  }

  /** Handles up to `maxSteps` events; returns the finished run when the end is reached, else null. */
  advance(maxSteps: number): RunData | null {
    if (this.data !== null) return this.data;
    const k = this.runner.cluster.kernel;
    const until = this.runner.untilMs;
    for (let i = 0; i < maxSteps; i++) {
      const next = k.nextEventTime();
      // Checks run once every event up to and including their time is handled (runUntil(atMs) semantics).
      while (this.nextCheck < this.timed.length && (this.timed[this.nextCheck] as { atMs: number }).atMs < next) {
        const e = this.timed[this.nextCheck++] as Expectation & { atMs: number };
        this.outcomes.push(this.runner.check(e, e.atMs));
      }
      if (next > until) return this.finish();
      k.step();
    }
    return null;
  }

  /** Runs to the end in one go. */
  runToEnd(): RunData {
    for (;;) {
      const d = this.advance(100_000);
      if (d !== null) return d;
    }
  }

  private finish(): RunData {
    const r = this.runner;
    for (const e of r.scenario.expect) if (!('atMs' in e)) this.outcomes.push(r.check(e, null));
    this.outcomes.sort((a, b) => a.line - b.line);
    const violations = safetyViolations(r);
    const lanes = [...r.cluster.servers.values()].map((s) => s.name).concat([...r.clients.keys()]);
    const index = new EventIndex(this.records, lanes);
    const firstPosition = this.firstRecords === 0 ? 0 : index.groupOf(this.firstRecords - 1) + 1;
    this.data = {
      spec: this.spec, scenario: this.scenario, seed: r.seed, untilMs: r.untilMs, records: this.records, index,
      traceHash: r.cluster.kernel.trace.hashHex, events: r.cluster.kernel.eventCount,
      expectations: this.outcomes, violations, outcome: readOutcome(r, this.outcomes, violations), firstPosition,
    };
    return this.data;
  }
}

/** Thrown when a re-run does not reproduce the recorded run (a determinism bug). */
export class DivergenceError extends ZksimError {
  constructor(message: string) {
    super('ZKSIM_VIEWER_DIVERGED', message);
    this.name = 'DivergenceError';
  }
}

/** A runner positioned at a chosen event of a finished run. */
export class SimCursor {
  readonly run: RunData;
  private runner: ScenarioRunner | null = null;
  private emitted = 0;
  private last: TraceRecord | undefined;
  private pos = -1;
  /** How many fresh runners were built (each backward move builds one). */
  rebuilds = 0;

  constructor(run: RunData) {
    this.run = run;
  }

  /** Position of the live runner (−1 before the first seek). */
  get position(): number {
    return this.pos;
  }

  /**
   * Moves to `position` (events applied, from `run.firstPosition` to `run.index.groupCount`) and returns the
   * runner there. Forward moves step the live runner; backward moves replay a fresh one.
   */
  seek(position: number): ScenarioRunner {
    const ix = this.run.index;
    const p = Math.max(this.run.firstPosition, Math.min(position, ix.groupCount));
    if (this.runner === null || p < this.pos) {
      this.emitted = 0;
      this.last = undefined;
      // The constructor emits the servers' start records; the sink counts them.
      this.runner = buildRunner(this.run.spec, this.run.scenario, (r) => {
        this.emitted++;
        this.last = r;
      }, false);
      this.rebuilds++;
    }
    const target = ix.groupStart[p] as number;
    const k = this.runner.cluster.kernel;
    let guard = 0;
    while (this.emitted < target) {
      if (!k.step()) throw new DivergenceError(`the re-run ran out of events at record ${this.emitted} of ${target}`);
      if (++guard > 50_000_000) throw new DivergenceError('the re-run took too many steps');
    }
    const want = this.run.records[target - 1];
    if (this.emitted !== target || (want !== undefined && (this.last?.seq !== want.seq || this.last.type !== want.type || this.last.time !== want.time))) {
      throw new DivergenceError(`the re-run differs from the recorded run at record ${this.emitted}/${target} (expected ${JSON.stringify(want)} got ${JSON.stringify(this.last)})`);
    }
    this.pos = p;
    return this.runner;
  }
}
