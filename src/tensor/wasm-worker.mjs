// The worker thread of the WebAssembly backend (src/tensor/wasm-thread.ts starts it).
// Plain JavaScript: it needs no TypeScript, only the compiled module, the shared memory and
// the names of the kernels it may run, all passed in workerData. It waits on the control
// block for a request, runs that kernel alongside the main thread (the shared kernels take
// their work from an atomic counter), and reports DONE, or FAILED (then stops) if it throws.
//
// Control block (Int32Array over a SharedArrayBuffer; keep in sync with wasm-thread.ts):
//   [0] state: 0 starting, 1 request, 2 done (also "ready"), 3 exit, -1 failed
//   [1] which kernel (an index into workerData.kernels), [2] how many arguments,
//   [3..] the arguments (all int32: addresses and sizes)
import { workerData } from "node:worker_threads";

const { control: controlBuffer, module, memory, kernels: names } = workerData;
const control = new Int32Array(controlBuffer);
const REQUEST = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = -1;

/** Reports `state` to the main thread. */
function report(state) {
  Atomics.store(control, 0, state);
  Atomics.notify(control, 0);
}

let kernels = null;
try {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  kernels = names.map((name) => instance.exports[name]);
  report(DONE); // ready
} catch (error) {
  console.error(error);
  report(FAILED);
}

while (kernels) {
  // Sleep until the main thread posts a request (or asks us to exit).
  let state;
  while ((state = Atomics.load(control, 0)) !== REQUEST && state !== EXIT) Atomics.wait(control, 0, state);
  if (state === EXIT) break;
  try {
    kernels[control[1]](...control.subarray(3, 3 + control[2]));
    report(DONE);
  } catch (error) {
    console.error("WebAssembly worker:", error);
    report(FAILED);
    break;
  }
}
