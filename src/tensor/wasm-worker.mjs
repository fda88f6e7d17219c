// The worker thread of the two-thread WebAssembly matmul (src/tensor/wasm-kernels.ts).
// Plain JavaScript: it needs no TypeScript, only the compiled module and the shared memory,
// both passed in workerData. It waits on the control block for a request, takes blocks of
// rows of C from the shared counter alongside the main thread, and reports DONE.
//
// Control block (Int32Array over a SharedArrayBuffer; keep in sync with wasm-kernels.ts):
//   [0] state: 0 starting, 1 request, 2 done (also "ready"), 3 exit, -1 failed
//   [1..9] c, a, bPanels, m, k, n, counter, chunk, accumulate (the arguments of matmulShared)
import { workerData } from "node:worker_threads";

const { control: controlBuffer, module, memory } = workerData;
const control = new Int32Array(controlBuffer);
const REQUEST = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = -1;

let kernel;
try {
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error("WebAssembly kernel aborted"); } } });
  kernel = instance.exports.matmulShared;
  Atomics.store(control, 0, DONE); // ready
} catch (error) {
  Atomics.store(control, 0, FAILED);
  console.error(error);
}
Atomics.notify(control, 0);

while (kernel) {
  // Sleep until the main thread posts a request (or asks us to exit).
  let state;
  while ((state = Atomics.load(control, 0)) !== REQUEST && state !== EXIT) Atomics.wait(control, 0, state);
  if (state === EXIT) break;
  kernel(control[1], control[2], control[3], control[4], control[5], control[6], control[7], control[8], control[9]);
  Atomics.store(control, 0, DONE);
  Atomics.notify(control, 0);
}
