// The body of a sweep worker thread: takes jobs (seeds) from the main thread, runs each, and answers on its
// result port, then bumps the shared signal so the main thread, which waits synchronously, wakes up.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runSeed, type SweepJob } from './run-seed.ts';

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);

function answer(message: unknown): void {
  port.postMessage(message);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}

parentPort?.on('message', (job: SweepJob | null) => {
  if (job === null) {
    port.close();
    parentPort?.close();
    return;
  }
  try {
    answer({ type: 'result', result: runSeed(job) });
  } catch (e) {
    answer({ type: 'error', seed: job.seed, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
answer({ type: 'ready' });
