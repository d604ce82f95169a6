// One seed of a sweep: draw the scenario the seed stands for (profile, optional bug), run it with every
// checker attached, and — when something fails — shrink it with fast-check to a smaller scenario that still
// fails the same way (same checker), then cut it short after a safety violation. Runs in a worker thread or
// in the main process; everything it returns is plain data that crosses the thread boundary.
import { runScenario } from '@zksim/sim';
import {
  CheckerSuite, SOMETIMES_GOALS, checkerOptionsFor, profileNamed, scenarioArb, scenarioSize, scenarioToYaml, testSeed, trimScenario,
  type CheckReport, type ScenarioShape, type ScenarioSize, type Violation,
} from '@zksim/checkers';

/** What a worker is asked to do. */
export interface SweepJob {
  readonly profile: string;
  readonly bug: string | null;
  readonly seed: number;
  /** Most runs spent shrinking a failure (0: keep it as drawn). */
  readonly shrinkRunsMax: number;
}

/** A violation, flattened for the thread boundary. */
export interface ViolationSummary {
  readonly checker: string;
  readonly kind: 'safety' | 'liveness';
  readonly time: number;
  readonly message: string;
}

/** The shrunk failure of a seed. */
export interface ShrunkFailure {
  readonly yaml: string;
  readonly size: ScenarioSize;
  /** Shrinking steps that kept the failure, and runs spent. */
  readonly steps: number;
  readonly runs: number;
  readonly violations: readonly ViolationSummary[];
}

/** Everything a sweep learns from one seed. */
export interface SeedResult {
  readonly seed: number;
  readonly ms: number;
  readonly events: number;
  /** The simulator stopped with an error (an assertion in server or client code). */
  readonly crash: string | null;
  readonly violations: readonly ViolationSummary[];
  readonly sometimes: readonly string[];
  readonly drawnSize: ScenarioSize;
  readonly shrunk: ShrunkFailure | null;
}

/** A checked run of one scenario. */
export interface CheckedRun {
  readonly report: CheckReport;
  readonly events: number;
  readonly crash: string | null;
}

/** Runs a scenario with every checker attached as its trace sink. */
export function checkScenario(s: ScenarioShape): CheckedRun {
  const suite = new CheckerSuite(checkerOptionsFor(s));
  let events = 0;
  let crash: string | null = null;
  try {
    events = runScenario(s, { traceSink: suite, traceHash: false }).events;
  } catch (e) {
    crash = (e as Error).message;
  }
  return { report: suite.finish(s.untilMs), events, crash };
}

const summary = (v: Violation): ViolationSummary => ({ checker: v.checker, kind: v.kind, time: v.time, message: v.message });

function failingCheckers(r: CheckedRun): string[] {
  const safety = r.report.safety.map((v) => v.checker);
  const names = safety.length > 0 ? safety : r.report.liveness.map((v) => v.checker);
  return [...new Set([...(r.crash === null ? [] : ['crash']), ...names])];
}

const isFailure = (r: CheckedRun): boolean => r.crash !== null || r.report.safety.length > 0 || r.report.liveness.length > 0;

/** Same failure: the candidate fails through one of the checkers the original failed through. */
function isSameFailure(original: CheckedRun, candidate: CheckedRun): boolean {
  const want = failingCheckers(original);
  return failingCheckers(candidate).some((c) => want.includes(c));
}

/** Tests one seed (and shrinks its failure). */
export function runSeed(job: SweepJob): SeedResult {
  const profile = profileNamed(job.profile);
  if (profile === undefined) throw new RangeError(`unknown profile ${job.profile}`);
  const arb = scenarioArb(profile, { bugs: job.bug === null ? [] : [job.bug] });
  const t0 = performance.now();
  const o = testSeed(arb, job.seed, checkScenario, isFailure, { shrinkRunsMax: job.shrinkRunsMax }, isSameFailure);
  const ms = performance.now() - t0;
  const r = o.result;
  const reached = SOMETIMES_GOALS.filter((g) => r.report.sometimes[g] > 0);
  let shrunk: ShrunkFailure | null = null;
  if (o.shrunk !== null) {
    const best = cutShort(o.shrunk.value, o.shrunk.result, r);
    shrunk = {
      yaml: scenarioToYaml(withReplayCheck(best.value)),
      size: scenarioSize(best.value),
      steps: o.shrunk.steps,
      runs: o.shrunk.runs,
      violations: [...best.result.report.safety, ...best.result.report.liveness].map(summary),
    };
  }
  return {
    seed: job.seed, ms, events: r.events, crash: r.crash,
    violations: [...r.report.safety, ...r.report.liveness].map(summary),
    sometimes: reached, drawnSize: scenarioSize(o.value), shrunk,
  };
}

/**
 * A safety violation is found when it happens, so the repro can end a second after it; liveness is judged
 * at the end and keeps its length. The shorter scenario is kept only if it still fails the same way.
 */
function cutShort(s: ScenarioShape, result: CheckedRun, original: CheckedRun): { value: ScenarioShape; result: CheckedRun } {
  const first = result.report.safety[0];
  if (first === undefined) return { value: s, result };
  const until = Math.min(s.untilMs, Math.ceil(first.time / 1000) * 1000 + 1000);
  const trimmed = trimScenario(s, until);
  const again = checkScenario(trimmed);
  return isSameFailure(original, again) ? { value: trimmed, result: again } : { value: s, result };
}

/** Adds `no-violations` so `zksim run` of the file fails exactly when a checker does. */
function withReplayCheck(s: ScenarioShape): ScenarioShape {
  if (s.expect.some((e) => e.kind === 'no-violations')) return s;
  return { ...s, expect: [...s.expect, { atEnd: true, line: 0, kind: 'no-violations' }] };
}
