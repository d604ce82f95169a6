// Benchmark `kernel-hold`: the hold model through the real Kernel API. One channel is registered; its
// handler posts the next event for the same node at now + an increment from the table; `Kernel.run` is
// the loop, exactly as a simulation drives it (guards, crash/freeze checks and dispatch included, tracing
// off). The target: at 1e5 pending events, at least half the yardstick's typed-array heap rate.
import { Kernel } from '../packages/kernel/src/index.ts';
import { type Benchmark, type CaseParams, numberParam } from './benchmark.ts';
import { HOLD_SIZES, INCREMENT_MASK, measureHold, type HoldSubject } from './hold-model.ts';
import { type RatioTarget, compareLine } from './yardstick.ts';

/** Nodes the events are spread over (the yardstick's `dst = i & 7`). */
const NODE_COUNT = 8;

/** Events per `run` call, roughly: enough to amortise the call, small against a timed run. */
const EVENTS_PER_RUN_CALL = 2048;

/** Mean of the increments table, 500.5 ms, rounded. */
const MEAN_INCREMENT_MS = 500;

/** The benchmark issue's target, at 1e5 pending events only. */
export const KERNEL_HOLD_TARGET: RatioTarget = {
  description: 'kernel hold model at 1e5 pending >= 0.5 x the yardstick typed-array heap, same run',
  ratioMin: 0.5,
};
const TARGET_N = 100_000;

function buildKernelHold(n: number, increments: Float64Array): HoldSubject {
  const kernel = new Kernel({
    seed: 'bench/kernel-hold',
    maxEvents: Number.MAX_SAFE_INTEGER,
    maxTimeMs: Number.MAX_SAFE_INTEGER,
  });
  for (let i = 0; i < NODE_COUNT; i++) kernel.addNode(`n${i}`, 'other');
  let k = 0;
  const channel = kernel.registerChannel('hold', (node, arg) => {
    kernel.post(kernel.now + (increments[k] as number), node, channel, arg, undefined);
    k = (k + 1) & INCREMENT_MASK;
  });
  for (let i = 0; i < n; i++) {
    kernel.post(increments[k] as number, i % NODE_COUNT, channel, i, undefined);
    k = (k + 1) & INCREMENT_MASK;
  }
  const spanMs = Math.max(1, Math.round((EVENTS_PER_RUN_CALL * MEAN_INCREMENT_MS) / n));
  return {
    hold(ops: number): number {
      let done = 0;
      while (done < ops) done += kernel.run(kernel.now + spanMs).events;
      return done;
    },
    pendingCount: () => kernel.pendingCount,
  };
}

/** The `kernel-hold` benchmark. */
export const kernelHold: Benchmark = {
  name: 'kernel-hold',
  description: 'hold model through Kernel.registerChannel/post/run at N pending events, integer increments',
  cases: (selection) => (selection.sizes ?? HOLD_SIZES).map((n) => ({ label: `n=${n}`, params: { n } })),
  measureCase: (params, options) => ({
    bench: 'kernel-hold',
    api: 'Kernel.run + post',
    ...measureHold(numberParam(params, 'n'), options, buildKernelHold),
  }),
  compare(params: CaseParams, result, context): void {
    if (context.yardstick === null) return;
    const n = numberParam(params, 'n');
    const theirs = context.yardstick.typedHeapHold(n, context.emit);
    context.emit(compareLine('kernel-hold', n, result, theirs, n === TARGET_N ? KERNEL_HOLD_TARGET : null));
  },
};
