/**
 * The WebAssembly SIMD backend of the kernel interface (assembly/*.ts, built into
 * build/kernels.wasm by `npm install` / `npm run build`).
 *
 * Tensors live in the module's memory: `allocate` hands out views into it (wasm-heap.ts),
 * and the parameters, gradients, optimizer moments and step-arena buffers are made there,
 * so a kernel reads and writes them in place (their byteOffset is their address). An
 * operand from elsewhere (a plain Float32Array) is copied into a borrowed block first by
 * the compute-heavy kernels; the O(n) ones hand such calls to the TypeScript kernels.
 * Matmul packs B into column panels of 8 (panel p = op(B)[0..k, 8p..8p+8], zero-padded
 * past n) and transposes a stored Aᵀ, in borrowed blocks, at a cost of O(mk + kn) against
 * the kernel's O(mkn); matmuls below SMALL_WORK go to the TypeScript kernel instead.
 *
 * With two threads, a worker (wasm-worker.mjs) instantiates the same module on the same
 * shared memory and runs the shared kernels alongside the main thread: for matmuls of at
 * least THREADED_WORK both threads take blocks of rows of C from an atomic counter, and
 * attention's threads take (b, h) slices the same way, so neither waits long for the
 * other and nothing is copied for the worker. Each element is computed by the same code in
 * the same order whichever thread takes it, so one and two threads give identical results.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../errors.js";
import type { AdamWUpdate } from "../optim/adamw-update.js";
import { matmulBlocked, typescriptKernels, type Kernels, type MatmulOptions, type SwapDims } from "./kernels.js";
import { createWasmHeap } from "./wasm-heap.js";

/** Where the build puts the module. */
export const WASM_KERNELS_PATH = fileURLToPath(new URL("../../build/kernels.wasm", import.meta.url));

/** Below this many multiply-adds (m·k·n) the copies cost more than SIMD saves. */
export const SMALL_WORK = 16 * 16 * 16;
/** Rows a thread takes at a time from a shared matmul (a multiple of the kernel's 4). */
const ROW_CHUNK = 16;

/**
 * From this many multiply-adds on, a second thread shares the rows. Measured here
 * (npm run bench -- matmul): two threads lose at 128³ (the hand-off and the serial copies
 * cost more than half the kernel) and win from about 256³ on.
 */
export const THREADED_WORK = 1 << 22;

const PANEL = 8;
/** 1 GiB, the module's declared maximum (scripts/build-wasm.mjs). */
const MAXIMUM_PAGES = 16384;

interface KernelExports {
  matmulPanels(c: number, a: number, aRow: number, aCol: number, bPanels: number, m: number, k: number, n: number, rowStart: number, rowEnd: number, accumulate: number): void;
  matmulShared(c: number, a: number, aRow: number, aCol: number, bPanels: number, m: number, k: number, n: number, counter: number, chunk: number, accumulate: number): void;
  attentionForward(out: number, weights: number, q: number, k: number, v: number, heads: number, T: number, D: number, counter: number, scratch: number): void;
  attentionBackward(dq: number, dk: number, dv: number, dOut: number, weights: number, q: number, k: number, v: number, heads: number, T: number, D: number, counter: number, scratch: number): void;
  attentionScratchBytes(T: number, D: number): number;
  packPanels(src: number, k: number, n: number, transB: number, dst: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  geluForward(x: number, n: number, y: number, t: number): void;
  geluBackward(dx: number, dy: number, x: number, t: number, n: number): void;
  layerNormForward(y: number, xhat: number, rstds: number, x: number, w: number, b: number, rows: number, width: number, eps: number): void;
  layerNormBackward(dx: number, dw: number, db: number, dy: number, xhat: number, rstds: number, w: number, rows: number, width: number): void;
  heapBase(): number;
  add(out: number, a: number, b: number, n: number): void;
  accumulate(into: number, from: number, n: number): void;
  swapAxes(from: number, to: number, outer: number, p: number, mid: number, q: number, inner: number, accumulate: number): void;
  addBias(c: number, bias: number, rows: number, n: number): void;
  sumRows(dBias: number, dy: number, rows: number, n: number): void;
  zero(at: number, n: number): void;
  adamwUpdate(theta: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, decayFactor: number, correction1: number, correction2: number): void;
}

/** The WebAssembly kernels and the shared memory they work in. */
export interface WasmKernels extends Kernels {
  readonly memory: WebAssembly.Memory;
  /** Whether `array` lives in this backend's memory (from `allocate`), so kernels use it in place. */
  owns(array: Float32Array): boolean;
  /** 1, or 2 with a worker thread. */
  readonly threads: number;
  /** Stops the worker thread, if any; the kernels must not be used afterwards. */
  close(): Promise<void>;
}

// The control block shared with wasm-worker.mjs: state, which kernel, how many arguments, the arguments.
const STATE = 0;
const REQUEST = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = -1;
const MAX_ARGUMENTS = 16;
/** The kernels the worker runs (by index in this list). */
const WORKER_KERNELS = ["matmulShared", "attentionForward", "attentionBackward"] as const;
type WorkerKernel = (typeof WORKER_KERNELS)[number];

/** Whether the built module exists (the backend can be used). */
export function wasmKernelsAvailable(path = WASM_KERNELS_PATH): boolean {
  return existsSync(path);
}

/**
 * Instantiates the WebAssembly kernels from `path`, on `threads` threads (1 or 2).
 * InputError when the module has not been built.
 *
 * @example const wasm = createWasmKernels({ threads: 2 }); setKernels(wasm); ...; await wasm.close();
 */
export function createWasmKernels(options: { threads?: number; path?: string } = {}): WasmKernels {
  const { threads = 1, path = WASM_KERNELS_PATH } = options;
  if (!existsSync(path)) throw new InputError(`${path}: the WebAssembly kernels are not built`, "run npm run build (npm install runs it too)");
  const memory = new WebAssembly.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared: true });
  const module = new WebAssembly.Module(readFileSync(path));
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: wasmAbort } });
  const wasm = instance.exports as unknown as KernelExports;
  const heap = createWasmHeap(memory, wasm.heapBase(), MAXIMUM_PAGES);
  const counterAt = heap.borrow(1); // the row counter two threads take blocks from

  function matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
    if (m * k * n < SMALL_WORK) return matmulBlocked(out, a, b, m, k, n, options);
    const { transA = false, transB = false, accumulate = false } = options;
    const call = kernelCall();
    let aAt = call.input(a.subarray(0, m * k));
    if (transA) {
      const stored = aAt;
      aAt = call.scratch(m * k);
      wasm.transpose(stored, k, m, aAt); // stored [k, m] → op(A) [m, k]
    }
    const bAt = call.scratch(Math.ceil(n / PANEL) * PANEL * k);
    wasm.packPanels(call.input(b.subarray(0, k * n)), k, n, transB ? 1 : 0, bAt);
    const cAt = call.output(out.subarray(0, m * n), accumulate);
    const flag = accumulate ? 1 : 0;
    if (worker && m * k * n >= THREADED_WORK && m >= 8) {
      // Both threads take blocks of ROW_CHUNK rows from a shared counter until none are left.
      runShared("matmulShared", [cAt, aAt, k * 4, 4, bAt, m, k, n, counterAt, ROW_CHUNK, flag]);
    } else {
      wasm.matmulPanels(cAt, aAt, k * 4, 4, bAt, m, k, n, 0, m, flag);
    }
    call.finish();
  }

  /**
   * The addresses of one kernel call's operands. An array that lives in this memory (from
   * `allocate`) is used in place; any other is copied into a borrowed block (and, for an
   * output, copied back by `finish`). `padTo4` marks kernels that run whole vectors of 4:
   * an array whose length is not a multiple of 4 is then copied into a padded block, so
   * the padding lanes never touch memory past its end.
   */
  function kernelCall(padTo4 = false) {
    const borrowed: number[] = [];
    const copyBack: Array<{ at: number; into: Float32Array }> = [];
    const scratch = (length: number): number => {
      const at = heap.borrow(padTo4 ? (length + 3) & ~3 : length);
      borrowed.push(at);
      return at;
    };
    const inPlace = (array: Float32Array) => heap.owns(array) && (!padTo4 || array.length % 4 === 0);
    const copyIn = (array: Float32Array): number => {
      const at = scratch(array.length);
      new Float32Array(memory.buffer, at, array.length).set(array);
      return at;
    };
    return {
      scratch,
      input: (array: Float32Array): number => (inPlace(array) ? array.byteOffset : copyIn(array)),
      /** An output; `readFirst` when the kernel reads it too (accumulates into it). */
      output(array: Float32Array, readFirst: boolean): number {
        if (inPlace(array)) return array.byteOffset;
        const at = readFirst ? copyIn(array) : scratch(array.length);
        copyBack.push({ at, into: array });
        return at;
      },
      finish(): void {
        for (const { at, into } of copyBack) into.set(new Float32Array(memory.buffer, at, into.length));
        for (const at of borrowed) heap.release(at);
      },
    };
  }

  // GELU in float32 SIMD (assembly/gelu.ts), 4 values a step.
  function geluForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void {
    const call = kernelCall(true);
    const xAt = call.input(x);
    wasm.geluForward(xAt, (x.length + 3) & ~3, call.output(y, false), tanhU ? call.output(tanhU, false) : 0);
    call.finish();
  }

  function geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void {
    const call = kernelCall(true);
    wasm.geluBackward(call.output(dx, true), call.input(dy), call.input(x), call.input(tanhU), (x.length + 3) & ~3);
    call.finish();
  }

  // LayerNorm in float32 SIMD (assembly/layernorm.ts) when rows split into whole vectors.
  function layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void {
    if (width % 4 !== 0) return typescriptKernels.layerNormForward(y, xhat, rstds, x, w, b, width, eps);
    const call = kernelCall();
    wasm.layerNormForward(call.output(y, false), call.output(xhat, false), call.output(rstds, false), call.input(x), call.input(w), b ? call.input(b) : 0, rstds.length, width, eps);
    call.finish();
  }

  function layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void {
    if (width % 4 !== 0) return typescriptKernels.layerNormBackward(dx, dw, db, dy, xhat, rstds, w, width);
    const call = kernelCall();
    const at = (array: Float32Array | null) => (array ? call.output(array, true) : 0);
    wasm.layerNormBackward(at(dx), at(dw), at(db), call.input(dy), call.input(xhat), call.input(rstds), call.input(w), rstds.length, width);
    call.finish();
  }

  // The O(n) kernels run in place only: copying operands in and out would cost as much as
  // the loop itself, so any operand outside this memory sends the call to the TypeScript kernel.
  const allOwned = (...arrays: Float32Array[]) => arrays.every((array) => heap.owns(array));

  function add(out: Float32Array, a: Float32Array, b: Float32Array): void {
    if (!allOwned(out, a, b)) return typescriptKernels.add(out, a, b);
    const call = kernelCall();
    wasm.add(call.output(out, false), call.input(a), call.input(b), out.length);
    call.finish();
  }

  function accumulate(into: Float32Array, from: Float32Array): void {
    if (!allOwned(into, from)) return typescriptKernels.accumulate(into, from);
    const call = kernelCall();
    wasm.accumulate(call.output(into, true), call.input(from), into.length);
    call.finish();
  }

  function swapAxes(to: Float32Array, from: Float32Array, dims: SwapDims, accumulate: boolean): void {
    if (!allOwned(to, from)) return typescriptKernels.swapAxes(to, from, dims, accumulate);
    const { outer, p, mid, q, inner } = dims;
    const call = kernelCall();
    wasm.swapAxes(call.input(from), call.output(to, accumulate), outer, p, mid, q, inner, accumulate ? 1 : 0);
    call.finish();
  }

  function addBias(out: Float32Array, bias: Float32Array): void {
    if (!allOwned(out, bias)) return typescriptKernels.addBias(out, bias);
    const call = kernelCall();
    wasm.addBias(call.output(out, true), call.input(bias), out.length / bias.length, bias.length);
    call.finish();
  }

  function sumRows(dBias: Float32Array, dOut: Float32Array): void {
    if (!allOwned(dBias, dOut)) return typescriptKernels.sumRows(dBias, dOut);
    const call = kernelCall();
    wasm.sumRows(call.output(dBias, true), call.input(dOut), dOut.length / dBias.length, dBias.length);
    call.finish();
  }

  function adamwUpdate(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, u: AdamWUpdate): void {
    const call = kernelCall();
    const [thetaAt, mAt, vAt] = [call.output(theta, true), call.output(m, true), call.output(v, true)];
    wasm.adamwUpdate(thetaAt, call.input(grad), mAt, vAt, theta.length, u.lr, u.beta1, u.beta2, u.eps, u.decayFactor, u.correction1, u.correction2);
    call.finish();
  }

  // Attention: both threads take (b, h) slices from the counter, each with its own scratch.
  function attentionForward(out: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void {
    const call = kernelCall();
    const args = [call.output(out, false), call.output(weights, false), call.input(q), call.input(k), call.input(v), q.length / (T * D), T, D, counterAt];
    runShared("attentionForward", args, [call.scratch(wasm.attentionScratchBytes(T, D) / 4)], [worker ? call.scratch(wasm.attentionScratchBytes(T, D) / 4) : 0]);
    call.finish();
  }

  function attentionBackward(dq: Float32Array | null, dk: Float32Array | null, dv: Float32Array | null, dOut: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void {
    const call = kernelCall();
    const at = (array: Float32Array | null) => (array ? call.output(array, true) : 0);
    const args = [at(dq), at(dk), at(dv), call.input(dOut), call.input(weights), call.input(q), call.input(k), call.input(v), q.length / (T * D), T, D, counterAt];
    runShared("attentionBackward", args, [call.scratch(wasm.attentionScratchBytes(T, D) / 4)], [worker ? call.scratch(wasm.attentionScratchBytes(T, D) / 4) : 0]);
    call.finish();
  }

  /**
   * Runs a kernel that takes its work from the shared counter, on both threads when there
   * is a worker (else this thread does all): `args`, then each thread's own arguments.
   */
  function runShared(kernel: WorkerKernel, args: readonly number[], own: readonly number[] = [], workerOwn: readonly number[] = []): void {
    Atomics.store(new Int32Array(memory.buffer, counterAt, 1), 0, 0);
    worker?.run(kernel, [...args, ...workerOwn]);
    (wasm[kernel] as (...values: number[]) => void)(...args, ...own);
    worker?.wait();
  }

  const fillZero = (array: Float32Array) => (heap.owns(array) ? wasm.zero(array.byteOffset, array.length) : void array.fill(0));

  const worker = threads > 1 ? startWorker(module, memory) : null;
  return {
    allocate: (length) => heap.allocate(length),
    release: (buffer) => heap.free(buffer),
    fillZero,
    matmul,
    geluForward,
    geluBackward,
    layerNormForward,
    layerNormBackward,
    add,
    accumulate,
    swapAxes,
    addBias,
    sumRows,
    attentionForward,
    attentionBackward,
    adamwUpdate,
    memory,
    owns: (array) => heap.owns(array),
    threads: worker ? 2 : 1,
    close: async () => void (await worker?.close()),
  };
}

/** The second thread: posts a kernel call and waits for it, through the control block. */
function startWorker(module: WebAssembly.Module, memory: WebAssembly.Memory) {
  const controlBuffer = new SharedArrayBuffer((3 + MAX_ARGUMENTS) * 4);
  const control = new Int32Array(controlBuffer);
  const thread = new Worker(new URL("./wasm-worker.mjs", import.meta.url), { workerData: { control: controlBuffer, module, memory, kernels: WORKER_KERNELS } });
  thread.unref(); // an idle worker must not keep the process alive
  // Wait (at most 30 s) until it has instantiated the module on our memory.
  Atomics.wait(control, STATE, 0, 30_000);
  if (Atomics.load(control, STATE) !== DONE) {
    void thread.terminate();
    throw new Error(`WebAssembly worker did not start (state ${Atomics.load(control, STATE) === FAILED ? "failed" : "no answer"})`);
  }
  return {
    /** Starts `kernel(...args)` on the worker (int32 arguments: addresses and sizes). */
    run(kernel: WorkerKernel, args: readonly number[]): void {
      control[1] = WORKER_KERNELS.indexOf(kernel);
      control[2] = args.length;
      control.set(args, 3);
      Atomics.store(control, STATE, REQUEST);
      Atomics.notify(control, STATE);
    },
    wait(): void {
      while (Atomics.load(control, STATE) === REQUEST) Atomics.wait(control, STATE, REQUEST);
    },
    async close(): Promise<void> {
      Atomics.store(control, STATE, EXIT);
      Atomics.notify(control, STATE);
      await thread.terminate();
    },
  };
}

/** AssemblyScript's abort hook; the kernels never call it (--noAssert), but the import must exist. */
function wasmAbort(): never {
  throw new Error("WebAssembly kernel aborted");
}
