/**
 * An opt-in two-thread matmul backend: one worker thread computes the bottom part of the
 * output rows with the same `matmulBlocked` as the main thread, which computes the top part
 * meanwhile. Each output element is computed by the same code over the same k order, so the
 * result is bit-identical to `matmulBlocked`.
 *
 * Why synchronous: the ops call `kernels().matmul` synchronously, so the main thread hands
 * the worker its rows through SharedArrayBuffer scratch buffers and blocks in `Atomics.wait`
 * until the worker `Atomics.notify`s that they are done (no event loop, no promises per call).
 *
 * Usage (opt-in; the default backend stays the single-thread `typescriptKernels`):
 *   const threaded = createThreadedKernels();
 *   const previous = setKernels(threaded);
 *   ... train ...
 *   setKernels(previous);
 *   void threaded.close();
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { attentionBackward, attentionForward } from "./attention-kernel.js";
import { typescriptKernels, type Kernels, type MatmulOptions } from "./kernels.js";
import { matmulBlocked } from "./matmul-kernel.js";
import { packagePath } from "../package-root.js";

/** Below this many multiply-adds (m·k·n) a matmul runs on the main thread alone: the hand-off costs more than it saves. */
export const THREADED_MIN_WORK = 64 * 64 * 64;

/** A `Kernels` backend that owns a worker thread; `close()` terminates it. */
export interface ThreadedKernels extends Kernels {
  /**
   * Terminates the worker; the promise resolves once it has exited (callers may ignore it).
   * The backend must not be used afterwards (matmul throws).
   */
  close(): Promise<void>;
}

// The control block: an Int32Array over a SharedArrayBuffer, one slot per field.
const STATE = 0; // IDLE → REQUEST (main) → DONE (worker) → IDLE (main)
const OP = 1; // what REQUEST asks for
const M = 2;
const K = 3;
const N = 4;
const FLAGS = 5; // bit 0 transA, bit 1 transB, bit 2 accumulate
const FAILED = 6; // 1 when the worker threw; the message follows on the port
const CONTROL_SLOTS = 7;

const IDLE = 0;
const REQUEST = 1;
const DONE = 2; // also "ready" once, at start
const STARTUP_FAILED = -1; // set by matmul-worker.mjs when loading failed (keep the two in sync)

const OP_MATMUL = 0;
const OP_BUFFERS = 1; // new scratch buffers wait on the port
const OP_EXIT = 2;

/** What the worker receives at start (worker_threads `workerData`). */
export interface MatmulWorkerData {
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** The scratch operands shared with the worker: its rows of op(A), all of B, its rows of out. */
interface SharedScratch {
  a: Float32Array;
  b: Float32Array;
  out: Float32Array;
}

/**
 * Starts the worker (it loads TypeScript through tsx itself, see matmul-worker.mjs) and
 * returns once it is ready to take matmuls. Synchronous like the ops, so a synchronous
 * caller (the benches, a training loop) can switch backends: the main thread blocks in
 * `Atomics.wait` while the worker starts (about 0.2 s), up to `startTimeoutMs`.
 *
 * @example
 *   const threaded = createThreadedKernels();
 *   const previous = setKernels(threaded); // the ops now use both cores
 *   threaded.matmul(out, a, b, 768, 128, 384); // same bits as matmulBlocked
 *   setKernels(previous);
 *   void threaded.close();
 */
export function createThreadedKernels(startTimeoutMs = 60_000): ThreadedKernels {
  const controlBuffer = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const control = new Int32Array(controlBuffer);
  const { port1, port2 } = new MessageChannel();
  const data: MatmulWorkerData = { control: controlBuffer, port: port2 };
  const worker = new Worker(packagePath("src", "tensor", "matmul-worker.mjs"), { workerData: data, transferList: [port2] });
  worker.unref(); // an idle worker must not keep the process alive if close() is forgotten
  port1.unref();
  // The worker reports DONE when ready, or STARTUP_FAILED (with the error on the port).
  const deadline = performance.now() + startTimeoutMs;
  let state: number;
  while ((state = Atomics.load(control, STATE)) === IDLE && performance.now() < deadline) {
    Atomics.wait(control, STATE, IDLE, Math.max(1, deadline - performance.now()));
  }
  if (state !== DONE) {
    const reason = state === STARTUP_FAILED ? (receiveMessageOnPort(port1)?.message as string) : `no answer within ${startTimeoutMs} ms`;
    void worker.terminate();
    port1.close();
    throw new Error(`matmul worker did not start: ${reason}`);
  }
  Atomics.store(control, STATE, IDLE);

  let scratch: SharedScratch = { a: new Float32Array(0), b: new Float32Array(0), out: new Float32Array(0) };
  let ownA = new Float32Array(0); // the main thread's columns of a transposed A, gathered
  let closed = false;
  let exited: Promise<void> = Promise.resolve();

  /** Sends `op` and blocks until the worker reports DONE; rethrows a worker failure. */
  function request(op: number): void {
    control[OP] = op;
    Atomics.store(control, STATE, REQUEST);
    Atomics.notify(control, STATE);
    awaitDone();
  }

  function awaitDone(): void {
    while (Atomics.load(control, STATE) !== DONE) Atomics.wait(control, STATE, REQUEST);
    Atomics.store(control, STATE, IDLE);
    if (control[FAILED]) {
      control[FAILED] = 0;
      const message = receiveMessageOnPort(port1)?.message as string | undefined;
      throw new Error(`matmul worker failed: ${message ?? "unknown error"}`);
    }
  }

  /** Grows the shared scratch (×1.5 headroom) and hands the new buffers to the worker. */
  function ensureScratch(aLength: number, bLength: number, outLength: number): void {
    if (scratch.a.length >= aLength && scratch.b.length >= bLength && scratch.out.length >= outLength) return;
    const grow = (current: Float32Array, needed: number) =>
      current.length >= needed ? current : new Float32Array(new SharedArrayBuffer(Math.ceil(needed * 1.5) * Float32Array.BYTES_PER_ELEMENT));
    scratch = { a: grow(scratch.a, aLength), b: grow(scratch.b, bLength), out: grow(scratch.out, outLength) };
    port1.postMessage({ a: scratch.a.buffer, b: scratch.b.buffer, out: scratch.out.buffer });
    request(OP_BUFFERS);
  }

  function matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
    if (closed) throw new Error("threaded kernels: matmul after close()");
    // Fewer than 6 rows leaves one 3-row panel per thread at most: not worth a hand-off.
    if (m * k * n < THREADED_MIN_WORK || m < 6) {
      matmulBlocked(out, a, b, m, k, n, options);
      return;
    }
    const { transA = false, transB = false, accumulate = false } = options;
    // Rows [0, split) on the main thread, [split, m) on the worker; split is a multiple of the
    // micro-kernel's 3 rows so neither part pads a panel it does not need.
    const split = Math.ceil(m / 2 / 3) * 3;
    const workerRows = m - split;

    // The worker's inputs into shared memory: its rows of op(A) (stored the same way as A,
    // so for Aᵀ, stored [k, m], its columns [split, m) become a [k, workerRows] array), all
    // of B, and for accumulate its rows of out.
    ensureScratch(workerRows * k, k * n, workerRows * n);
    if (transA) {
      for (let p = 0; p < k; p++) scratch.a.set(a.subarray(p * m + split, (p + 1) * m), p * workerRows);
    } else {
      scratch.a.set(a.subarray(split * k, m * k));
    }
    scratch.b.set(b.subarray(0, k * n));
    if (accumulate) scratch.out.set(out.subarray(split * n, m * n));
    control[M] = workerRows;
    control[K] = k;
    control[N] = n;
    control[FLAGS] = (transA ? 1 : 0) | (transB ? 2 : 0) | (accumulate ? 4 : 0);
    control[OP] = OP_MATMUL;
    Atomics.store(control, STATE, REQUEST);
    Atomics.notify(control, STATE);

    // Meanwhile the main thread computes rows [0, split) straight into `out`.
    let mainA = a.subarray(0, split * k);
    if (transA) {
      if (ownA.length < split * k) ownA = new Float32Array(split * k);
      for (let p = 0; p < k; p++) ownA.set(a.subarray(p * m, p * m + split), p * split);
      mainA = ownA;
    }
    let mainError: unknown = null;
    try {
      matmulBlocked(out.subarray(0, split * n), mainA, b, split, k, n, options);
    } catch (error) {
      mainError = error; // still wait for the worker, so the control block stays consistent
    }
    awaitDone();
    if (mainError) throw mainError;
    out.set(scratch.out.subarray(0, workerRows * n), split * n);
  }

  return {
    ...typescriptKernels, // the elementwise kernels run on the main thread
    matmul,
    // Attention's products go through the threaded matmul too (large T shares them).
    attentionForward: (...args) => attentionForward(matmul, ...args),
    attentionBackward: (...args) => attentionBackward(matmul, ...args),
    close() {
      if (closed) return exited;
      closed = true;
      // Ask the loop to leave (it may be blocked in Atomics.wait), then terminate in any case.
      control[OP] = OP_EXIT;
      Atomics.store(control, STATE, REQUEST);
      Atomics.notify(control, STATE);
      port1.close();
      exited = worker.terminate().then(() => undefined);
      return exited;
    },
  };
}

/**
 * The worker's loop (run by matmul-worker.mjs): waits for a REQUEST, runs it, reports DONE.
 * Exported only for the worker entry; not part of the public API.
 */
export function runMatmulWorker({ control: controlBuffer, port }: MatmulWorkerData): void {
  const control = new Int32Array(controlBuffer);
  let scratch: SharedScratch = { a: new Float32Array(0), b: new Float32Array(0), out: new Float32Array(0) };
  Atomics.store(control, STATE, DONE); // ready
  Atomics.notify(control, STATE);
  for (;;) {
    let state: number;
    while ((state = Atomics.load(control, STATE)) !== REQUEST) Atomics.wait(control, STATE, state);
    const op = control[OP];
    if (op === OP_EXIT) break;
    try {
      if (op === OP_BUFFERS) {
        const message = receiveMessageOnPort(port)?.message as { a: SharedArrayBuffer; b: SharedArrayBuffer; out: SharedArrayBuffer };
        scratch = { a: new Float32Array(message.a), b: new Float32Array(message.b), out: new Float32Array(message.out) };
      } else {
        const m = control[M], k = control[K], n = control[N], flags = control[FLAGS];
        matmulBlocked(scratch.out.subarray(0, m * n), scratch.a.subarray(0, m * k), scratch.b.subarray(0, k * n), m, k, n, {
          transA: (flags & 1) !== 0,
          transB: (flags & 2) !== 0,
          accumulate: (flags & 4) !== 0,
        });
      }
    } catch (error) {
      control[FAILED] = 1;
      port.postMessage(error instanceof Error ? error.message : String(error));
    }
    Atomics.store(control, STATE, DONE);
    Atomics.notify(control, STATE);
  }
  port.close();
}
