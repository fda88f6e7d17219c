// The worker thread of the two-thread WebAssembly backend (src/tensor/wasm-kernels.ts).
// Plain JavaScript: it needs no TypeScript, only the compiled module, the shared memory and
// the names of the kernels it may run, all passed in workerData. It waits on the control
// block for a request, runs that kernel export alongside the main thread (the kernels
// share their work through atomic counters or take the half they are given), and reports DONE.
//
// Control block (Int32Array over a SharedArrayBuffer; keep in sync with wasm-kernels.ts):
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

let kernels;
try {
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error("WebAssembly kernel aborted"); } } });
  kernels = names.map((name) => instance.exports[name]);
  Atomics.store(control, 0, DONE); // ready
} catch (error) {
  Atomics.store(control, 0, FAILED);
  console.error(error);
}
Atomics.notify(control, 0);

while (kernels) {
  // Sleep until the main thread posts a request (or asks us to exit).
  let state;
  while ((state = Atomics.load(control, 0)) !== REQUEST && state !== EXIT) Atomics.wait(control, 0, state);
  if (state === EXIT) break;
  kernels[control[1]](...control.subarray(3, 3 + control[2]));
  Atomics.store(control, 0, DONE);
  Atomics.notify(control, 0);
}
