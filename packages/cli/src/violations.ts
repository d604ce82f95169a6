// The invariant checks `zksim run` reports: every checker of @zksim/checkers over the run's trace. The
// runner's trace sink is fixed when it is built, so the checkers follow a shadow run of the same scenario
// and seed (same scenario + seed ⇒ same trace), advanced to the main run's current time at each call.
// Safety findings are reported as soon as they happen; liveness is judged once the run has reached its end.
import { CheckerSuite, checkerOptionsFor, formatViolation } from '@zksim/checkers';
import { ScenarioRunner } from '@zksim/sim';

interface Shadow {
  readonly runner: ScenarioRunner;
  readonly suite: CheckerSuite;
}

const shadows = new WeakMap<ScenarioRunner, Shadow>();

function shadowOf(runner: ScenarioRunner): Shadow {
  let s = shadows.get(runner);
  if (s === undefined) {
    const suite = new CheckerSuite(checkerOptionsFor(runner.scenario));
    const shadow = new ScenarioRunner(runner.scenario, { seed: runner.seed, untilMs: runner.untilMs, traceSink: suite, traceHash: false });
    s = { runner: shadow, suite };
    shadows.set(runner, s);
  }
  return s;
}

/**
 * Violations found so far in `runner`'s run, one line each (`12.003s [safety] checker: message`): safety up
 * to the current virtual time, and liveness too once the run has reached `until`.
 */
export function safetyViolations(runner: ScenarioRunner): string[] {
  const { runner: shadow, suite } = shadowOf(runner);
  const now = runner.cluster.kernel.now;
  shadow.cluster.runUntil(now);
  if (now < runner.untilMs) return suite.safetySoFar().map(formatViolation);
  const report = suite.finish(runner.untilMs);
  return [...report.safety, ...report.liveness].map(formatViolation);
}
