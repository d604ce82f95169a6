// Entry point of a sweep worker thread. The packages are TypeScript sources, so the worker registers tsx
// before importing them (as bin/zksim.mjs does for the main thread). A failure to load is reported through
// the result port, since the main thread waits on that port and the shared signal, not on worker events.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  await import('./worker-main.ts');
} catch (e) {
  workerData.port.postMessage({ type: 'fatal', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  const flag = new Int32Array(workerData.signal);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}
