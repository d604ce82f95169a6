// Benchmark `queue-hold`: the hold model on the bare EventQueue (push, pop, read the slot, release),
// without the kernel's dispatch. Set beside `kernel-hold`, it splits the gap to the yardstick into what
// the queue costs and what the kernel adds on top of it.
import { EventQueue } from '../packages/kernel/src/index.ts';
import { type Benchmark, numberParam } from './benchmark.ts';
import { HOLD_SIZES, INCREMENT_MASK, measureHold, type HoldSubject } from './hold-model.ts';
import { compareLine } from './yardstick.ts';

const NODE_COUNT = 8;
const CHANNEL = 2;

function buildQueueHold(n: number, increments: Float64Array): HoldSubject {
  const queue = new EventQueue(1024);
  let k = 0;
  for (let i = 0; i < n; i++) {
    queue.push(increments[k] as number, i % NODE_COUNT, CHANNEL, i, undefined, undefined, 0);
    k = (k + 1) & INCREMENT_MASK;
  }
  return {
    hold(ops: number): number {
      const q = queue;
      let kk = k;
      for (let i = 0; i < ops; i++) {
        const slot = q.pop();
        const time = q.poppedTime;
        const target = q.target[slot] as number;
        const channel = q.channel[slot] as number;
        const arg = q.arg[slot] as number;
        const payload = q.payload[slot];
        const aux = q.aux[slot];
        const incarnation = q.incarnation[slot] as number;
        q.release(slot);
        q.push(time + (increments[kk] as number), target, channel, arg, payload, aux, incarnation);
        kk = (kk + 1) & INCREMENT_MASK;
      }
      k = kk;
      return ops;
    },
    pendingCount: () => queue.size,
  };
}

/** The `queue-hold` benchmark. */
export const queueHold: Benchmark = {
  name: 'queue-hold',
  description: 'hold model on the bare EventQueue (push/pop/release) at N pending events, integer increments',
  cases: (selection) => (selection.sizes ?? HOLD_SIZES).map((n) => ({ label: `n=${n}`, params: { n } })),
  measureCase: (params, options) => ({
    bench: 'queue-hold',
    api: 'EventQueue.push/pop/release',
    ...measureHold(numberParam(params, 'n'), options, buildQueueHold),
  }),
  compare(params, result, context): void {
    if (context.yardstick === null) return;
    const n = numberParam(params, 'n');
    const theirs = context.yardstick.typedHeapHold(n, context.emit);
    context.emit(compareLine('queue-hold', n, result, theirs, null));
  },
};
