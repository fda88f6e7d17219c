/**
 * The second thread of the WebAssembly backend: a worker (wasm-worker.mjs) that
 * instantiates the same module on the same shared memory and runs, on request, one of the
 * shared kernels (they take their work from an atomic counter in that memory, alongside
 * the main thread). The main thread posts a request through a control block and blocks in
 * Atomics.wait until the worker is done: the ops call kernels synchronously, so there is
 * no event loop and no promise per call.
 *
 * Control block (an Int32Array over a SharedArrayBuffer; keep in sync with wasm-worker.mjs):
 *   [0] state: 0 starting, 1 request, 2 done (also "ready"), 3 exit, -1 failed
 *   [1] which kernel (an index into SHARED_KERNELS), [2] how many arguments, [3..] the arguments
 */
import { Worker } from "node:worker_threads";
import { packagePath } from "../package-root.js";

/** The kernels the worker runs (by index in this list). */
export const SHARED_KERNELS = ["matmulShared", "attentionForward", "attentionBackward"] as const;
export type SharedKernel = (typeof SHARED_KERNELS)[number];

const STATE = 0;
const REQUEST = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = -1;
const MAX_ARGUMENTS = 16;

export interface WasmThread {
  /** Starts `kernel(...args)` on the worker (int32 arguments: addresses and sizes). */
  run(kernel: SharedKernel, args: readonly number[]): void;
  /** Blocks until the worker has finished the request; throws if it failed. */
  wait(): void;
  /** Stops the worker. */
  close(): Promise<void>;
}

/** Starts the worker on `module` and `memory`, and waits (at most 30 s) until it is ready. */
export function startWasmThread(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmThread {
  const controlBuffer = new SharedArrayBuffer((3 + MAX_ARGUMENTS) * 4);
  const control = new Int32Array(controlBuffer);
  const thread = new Worker(packagePath("src", "tensor", "wasm-worker.mjs"), { workerData: { control: controlBuffer, module, memory, kernels: SHARED_KERNELS } });
  thread.unref(); // an idle worker must not keep the process alive
  Atomics.wait(control, STATE, 0, 30_000);
  if (Atomics.load(control, STATE) !== DONE) {
    void thread.terminate();
    throw new Error(`WebAssembly worker did not start (state ${Atomics.load(control, STATE) === FAILED ? "failed" : "no answer"})`);
  }
  const failed = () => new Error("the WebAssembly worker thread failed (its error is printed above); the kernels cannot be used any more");
  let closed = false;
  return {
    run(kernel, args) {
      if (closed) throw new Error("the WebAssembly kernels were closed; create new ones");
      if (Atomics.load(control, STATE) === FAILED) throw failed();
      control[1] = SHARED_KERNELS.indexOf(kernel);
      control[2] = args.length;
      control.set(args, 3);
      Atomics.store(control, STATE, REQUEST);
      Atomics.notify(control, STATE);
    },
    wait() {
      while (Atomics.load(control, STATE) === REQUEST) Atomics.wait(control, STATE, REQUEST);
      if (Atomics.load(control, STATE) === FAILED) throw failed();
    },
    async close() {
      closed = true;
      Atomics.store(control, STATE, EXIT);
      Atomics.notify(control, STATE);
      await thread.terminate();
    },
  };
}
