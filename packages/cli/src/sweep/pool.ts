// Runs sweep jobs on worker threads, synchronously: the command waits with Atomics.wait on a shared signal
// that workers bump after each answer, and reads answers with receiveMessageOnPort, so `zksim sweep` stays a
// plain synchronous command like the others. Jobs are handed out one at a time as workers finish, so a
// slow seed never holds up the rest. With one worker everything runs in this thread.
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { runSeed, type SeedResult, type SweepJob } from './run-seed.ts';

/** What the pool reports for each job. */
export type JobOutcome = { readonly ok: true; readonly result: SeedResult } | { readonly ok: false; readonly seed: number; readonly error: string };

/** Default worker count: one per core but one, at least one. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** How long a worker may stay silent (loading, or one very long seed) before the sweep gives up on it. */
const SILENCE_LIMIT_MS = 10 * 60_000;

interface Slot {
  readonly worker: Worker;
  readonly port: MessagePort;
  busy: SweepJob | null;
  isReady: boolean;
}

/**
 * Runs `jobs` on `workers` threads and calls `onOutcome` for each as it completes; `shouldStop` is asked
 * after each outcome and, when true, no further job is started (running ones finish).
 */
export function runPool(jobs: readonly SweepJob[], workers: number, onOutcome: (o: JobOutcome) => void, shouldStop: () => boolean = () => false): void {
  if (workers <= 1 || jobs.length <= 1) {
    for (const job of jobs) {
      if (shouldStop()) return;
      onOutcome(runInline(job));
    }
    return;
  }
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const slots: Slot[] = [];
  for (let i = 0; i < Math.min(workers, jobs.length); i++) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { port: port2, signal }, transferList: [port2] });
    worker.unref();
    slots.push({ worker, port: port1, busy: null, isReady: false });
  }
  let next = 0;
  let running = 0;
  let lastNews = performance.now();
  const startOn = (slot: Slot): void => {
    if (next >= jobs.length || shouldStop()) return;
    const job = jobs[next++] as SweepJob;
    slot.busy = job;
    running++;
    slot.worker.postMessage(job);
  };
  try {
    for (;;) {
      const seen = Atomics.load(flag, 0);
      for (const slot of slots) {
        for (let m = receiveMessageOnPort(slot.port); m !== undefined; m = receiveMessageOnPort(slot.port)) {
          lastNews = performance.now();
          const msg = m.message as { type: string; result?: SeedResult; seed?: number; error?: string };
          if (msg.type === 'fatal') throw new Error(`a sweep worker failed to start: ${msg.error ?? ''}`);
          if (msg.type === 'ready') slot.isReady = true;
          else {
            running--;
            slot.busy = null;
            onOutcome(msg.type === 'result' ? { ok: true, result: msg.result as SeedResult } : { ok: false, seed: msg.seed ?? -1, error: msg.error ?? '' });
          }
          if (slot.busy === null) startOn(slot);
        }
      }
      if (running === 0 && (next >= jobs.length || shouldStop())) break;
      if (performance.now() - lastNews > SILENCE_LIMIT_MS) throw new Error(`no sweep worker answered for ${SILENCE_LIMIT_MS / 1000} s`);
      Atomics.wait(flag, 0, seen, 250);
    }
  } finally {
    for (const slot of slots) {
      slot.worker.postMessage(null);
      void slot.worker.terminate();
    }
  }
}

function runInline(job: SweepJob): JobOutcome {
  try {
    return { ok: true, result: runSeed(job) };
  } catch (e) {
    return { ok: false, seed: job.seed, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
