// Benchmark `swarm`: small swarm scenarios — 3 servers, 5 clients, 60 s of virtual time, faults on (the
// `bench` profile of @zksim/checkers, whose seed also picks the enabled fault kinds) — drawn, simulated and
// checked per second on one core, with every safety checker consuming the trace as it is produced (case
// `safety`), or with the liveness checkers too (case `all`). The target: ≥ 100 scenarios/s/core.
// Register it in run.ts: `import { swarm } from './swarm.ts';` and add `swarm` to BENCHMARKS.
// Run alone: `npx tsx bench/swarm.ts [--quick]` prints the result lines.
import { fileURLToPath } from 'node:url';
import {
  CheckerSuite, PROFILES, checkerCatalog, checkerOptionsFor, drawForSeed, scenarioArb,
} from '../packages/checkers/src/index.ts';
import { runScenario } from '../packages/sim/src/index.ts';
import type { Benchmark, CaseParams, ResultLine } from './benchmark.ts';
import { type CaseOptions, calibrate, measure, round, runCountFor, runTargetMsFor } from './harness.ts';

/** The target, per core. */
export const SWARM_TARGET_PER_CORE = 100;

const SAFETY = checkerCatalog().filter((c) => c.kind === 'safety').map((c) => c.name);

/** Simulates and checks scenarios of seeds from `firstSeed` on; returns how many it did. */
function swarmWork(checkers: 'safety' | 'all', firstSeed: number): { run: (ops: number) => number; events: () => number } {
  const arb = scenarioArb(PROFILES.bench);
  let seed = firstSeed;
  let events = 0;
  let violations = 0;
  return {
    run(ops: number): number {
      for (let i = 0; i < ops; i++) {
        const s = drawForSeed(arb, seed++);
        const suite = new CheckerSuite(checkerOptionsFor(s, checkers === 'safety' ? { only: SAFETY } : {}));
        events += runScenario(s, { traceSink: suite, traceHash: false }).events;
        const report = suite.finish(s.untilMs);
        violations += report.safety.length + report.liveness.length;
      }
      if (violations < 0) throw new Error('unreachable');
      return ops;
    },
    events: () => events,
  };
}

function measureSwarm(params: CaseParams, options: CaseOptions): ResultLine {
  const checkers = params['checkers'] === 'all' ? 'all' : 'safety';
  const work = swarmWork(checkers, 1);
  const perRun = calibrate(work.run, runTargetMsFor(options), 20, 20);
  const eventsBefore = work.events();
  const m = measure(work.run, perRun, runCountFor(options));
  const runs = perRun * (m.runCount + 1);
  return {
    bench: 'swarm',
    checkers,
    profile: 'bench: 3 servers, 5 clients, 60 s virtual, swarm faults',
    scenariosPerSec: round(m.opsPerSec, 1),
    best: round(m.bestOpsPerSec, 1),
    cpuRate: Number.isFinite(m.cpuOpsPerSec) ? round(m.cpuOpsPerSec, 1) : null,
    msPerScenario: round(1000 / m.opsPerSec, 2),
    eventsPerScenario: Math.round((work.events() - eventsBefore) / runs),
    scenariosPerRun: perRun,
    runs: m.runCount,
    spread: round(m.spread, 3),
    maxWaitPct: Number.isFinite(m.maxWaitPct) ? round(m.maxWaitPct, 1) : null,
    // Per core: scenarios per second of this thread's on-CPU time (Linux), which other processes taking the
    // core do not distort; the wall-clock median where that is not available.
    target: { perCoreMin: SWARM_TARGET_PER_CORE, isMet: (Number.isFinite(m.cpuOpsPerSec) ? m.cpuOpsPerSec : m.opsPerSec) >= SWARM_TARGET_PER_CORE },
  };
}

/** The `swarm` benchmark. */
export const swarm: Benchmark = {
  name: 'swarm',
  description: 'small swarm scenarios (3 servers, 5 clients, 60 s virtual, faults on) drawn, simulated and checked per second on one core',
  cases: () => [{ label: 'safety checkers', params: { checkers: 'safety' } }, { label: 'all checkers', params: { checkers: 'all' } }],
  measureCase: measureSwarm,
};

// Standalone (`tsx bench/swarm.ts`), but not when bundled into the benchmark runner.
if (process.argv[1] === fileURLToPath(import.meta.url) && /swarm\.ts$/.test(process.argv[1])) {
  const isQuick = process.argv.includes('--quick');
  for (const c of swarm.cases({ sizes: null })) process.stdout.write(JSON.stringify(swarm.measureCase(c.params, { isQuick })) + '\n');
}
