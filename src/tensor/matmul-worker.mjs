// The worker thread of the two-thread matmul backend (src/tensor/threaded-kernels.ts).
// Plain JavaScript on purpose: a worker thread starts without the main thread's TypeScript
// loader (tsx under `npm run bench`, Vite under vitest), so it registers tsx itself, the way
// bin/*.js do, and then runs the typed worker loop from threaded-kernels.ts, which computes with
// the same `matmulBlocked` as the main thread.
import { workerData } from "node:worker_threads";

let runMatmulWorker;
try {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runMatmulWorker } = await import("./threaded-kernels.ts"));
} catch (error) {
  // The main thread blocks in Atomics.wait until we answer: tell it why we cannot start.
  // -1 is STARTUP_FAILED and slot 0 is STATE in threaded-kernels.ts's control block.
  workerData.port.postMessage(String(error?.stack ?? error));
  const control = new Int32Array(workerData.control);
  Atomics.store(control, 0, -1);
  Atomics.notify(control, 0);
}
if (runMatmulWorker) runMatmulWorker(workerData);
