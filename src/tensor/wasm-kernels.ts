/**
 * The WebAssembly SIMD backend of the kernel interface (assembly/*.ts, built into
 * build/kernels.wasm by `npm install` / `npm run build`).
 *
 * Tensors live in the module's memory: `allocate` hands out views into it (wasm-heap.ts),
 * and the parameters, gradients, optimizer moments and step-arena buffers are made there,
 * so a kernel reads and writes them in place (their byteOffset is their address). Past
 * TENSOR_BYTES `allocate` returns plain arrays, so a model too large for the memory still
 * trains, more slowly. Operands from elsewhere (plain Float32Arrays): the compute-heavy
 * kernels (matmul, attention, softmax, cross-entropy, GELU, LayerNorm, AdamW) copy them in and out
 * (wasm-operands.ts); the O(n) ones, for which copying costs as much as the work, hand
 * such calls to the TypeScript kernels.
 *
 * Matmul packs B into column panels (packPanels) and transposes a stored Aᵀ, in borrowed
 * blocks, at a cost of O(mk + kn) against the kernel's O(mkn); matmuls below SMALL_WORK
 * go to the TypeScript kernel instead.
 *
 * With two threads, a worker (wasm-thread.ts) instantiates the same module on the same
 * shared memory and runs the shared kernels alongside the main thread: for matmuls of at
 * least THREADED_WORK both threads take blocks of rows of C from an atomic counter, and
 * attention's threads take (b, h) slices the same way, so neither waits long for the
 * other and nothing is copied for the worker. Each element is computed by the same code in
 * the same order whichever thread takes it, so one and two threads give identical results.
 */
import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import { assertKernelsFresh } from "./kernels-build.js";
import type { AdamWUpdate } from "../optim/adamw-update.js";
import { typescriptKernels, type Kernels, type MatmulOptions } from "./kernels.js";
import type { SwapDims } from "./layout-kernel.js";
import { matmulBlocked } from "./matmul-kernel.js";
import { createWasmHeap } from "./wasm-heap.js";
import { createOperands } from "./wasm-operands.js";
import { startWasmThread, type SharedKernel } from "./wasm-thread.js";
import { packagePath } from "../package-root.js";

/** Where the build puts the module. */
export const WASM_KERNELS_PATH = packagePath("build", "kernels.wasm");

/** Below this many multiply-adds (m·k·n) the packing costs more than SIMD saves. */
export const SMALL_WORK = 16 * 16 * 16;
/** Rows a thread takes at a time from a shared matmul (a multiple of the kernel's 4). */
const ROW_CHUNK = 16;

/**
 * From this many multiply-adds on, a second thread shares the rows. Measured here
 * (npm run bench -- matmul): two threads lose at 128³ (the hand-off and the serial packing
 * cost more than half the kernel) and win from about 256³ on.
 */
export const THREADED_WORK = 1 << 22;

const PAGE_BYTES = 65536;
/** 4 GiB, the module's declared maximum (scripts/build-wasm.mjs): all a 32-bit address reaches. */
const MAXIMUM_PAGES = 65536;
/** Tensors (from `allocate`) end below 3 GiB; the last GiB is kept for the kernels' scratch. */
const TENSOR_BYTES = 3 * 2 ** 30;

interface KernelExports {
  heapBase(): number;
  matmulPanels(c: number, a: number, aRow: number, aCol: number, bPanels: number, m: number, k: number, n: number, rowStart: number, rowEnd: number, accumulate: number): void;
  matmulShared(c: number, a: number, aRow: number, aCol: number, bPanels: number, m: number, k: number, n: number, counter: number, chunk: number, accumulate: number): void;
  packedFloats(k: number, n: number): number;
  packPanels(src: number, k: number, n: number, transB: number, dst: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  attentionForward(out: number, weights: number, q: number, k: number, v: number, heads: number, T: number, D: number, counter: number, scratch: number): void;
  attentionBackward(dq: number, dk: number, dv: number, dOut: number, weights: number, q: number, k: number, v: number, heads: number, T: number, D: number, counter: number, scratch: number): void;
  attentionScratchBytes(T: number, D: number, backward: number): number;
  geluForward(x: number, n: number, y: number, cdf: number): void;
  geluBackward(dx: number, dy: number, x: number, cdf: number, n: number): void;
  geluTanhForward(x: number, n: number, y: number, t: number): void;
  geluTanhBackward(dx: number, dy: number, x: number, t: number, n: number): void;
  layerNormForward(y: number, xhat: number, rstds: number, x: number, w: number, b: number, rows: number, width: number, eps: number): void;
  layerNormBackward(dx: number, dw: number, db: number, dy: number, xhat: number, rstds: number, w: number, rows: number, width: number): void;
  add(out: number, a: number, b: number, n: number): void;
  accumulate(into: number, from: number, n: number): void;
  swapAxes(from: number, to: number, outer: number, p: number, mid: number, q: number, inner: number, accumulate: number): void;
  addBias(c: number, bias: number, rows: number, n: number): void;
  sumRows(dBias: number, dy: number, rows: number, n: number): void;
  zero(at: number, n: number): void;
  adamwUpdate(theta: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, eps: number, decayFactor: number, correction1: number, correction2: number): void;
  softmaxForward(y: number, x: number, rows: number, width: number): void;
  softmaxBackward(dx: number, y: number, dy: number, rows: number, width: number): void;
  crossEntropyForward(probs: number, logits: number, targets: number, rows: number, width: number, ignoreIndex: number): number;
  crossEntropyBackward(dz: number, probs: number, targets: number, rows: number, width: number, ignoreIndex: number, scale: number): void;
}

/** The WebAssembly kernels. */
export interface WasmKernels extends Kernels {
  /** Whether `array` lives in this backend's memory (from `allocate`), so kernels use it in place. */
  owns(array: Float32Array): boolean;
  /** Bytes of its memory in use: tensors from `allocate` and scratch borrowed by calls in progress. */
  readonly bytesInUse: number;
  /** 1, or 2 with a worker thread. */
  readonly threads: number;
  /** Stops the worker thread, if any; the kernels must not be used afterwards. */
  close(): Promise<void>;
}

/** Whether the built module exists (the backend can be used). */
export function wasmKernelsAvailable(path = WASM_KERNELS_PATH): boolean {
  return existsSync(path);
}

/**
 * Instantiates the WebAssembly kernels from `path`, on `threads` threads (1 or 2).
 * InputError when the module has not been built, or when the project's own build is stale
 * (kernels-build.ts).
 *
 * @example const wasm = createWasmKernels({ threads: 2 }); setKernels(wasm); ...; await wasm.close();
 */
export function createWasmKernels(options: { threads?: number; path?: string } = {}): WasmKernels {
  const { threads = 1, path = WASM_KERNELS_PATH } = options;
  if (!existsSync(path)) throw new InputError(`${path}: the WebAssembly kernels are not built`, "run npm run build (npm install runs it too)");
  if (path === WASM_KERNELS_PATH) assertKernelsFresh();
  const memory = new WebAssembly.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared: true });
  const module = new WebAssembly.Module(readFileSync(path));
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const heap = createWasmHeap(memory, wasm.heapBase(), { maximumPages: MAXIMUM_PAGES, tensorBytes: Math.min(TENSOR_BYTES, MAXIMUM_PAGES * PAGE_BYTES) });
  const withOperands = createOperands(heap, memory);
  const counterAt = heap.borrow(1); // the counter the threads take work from
  const worker = threads > 1 ? startWasmThread(module, memory) : null;

  /**
   * Runs a kernel that takes its work from the shared counter, on both threads when there
   * is a worker (else this thread does all): `args`, then each thread's own arguments.
   */
  function runShared(kernel: SharedKernel, args: readonly number[], own: readonly number[] = [], workerOwn: readonly number[] = []): void {
    Atomics.store(new Int32Array(memory.buffer, counterAt, 1), 0, 0);
    worker?.run(kernel, [...args, ...workerOwn]);
    try {
      (wasm[kernel] as (...values: number[]) => void)(...args, ...own);
    } catch (error) {
      // The worker must be idle before anything else uses the memory; this thread's error is
      // the one to report (a failed worker makes the next call throw).
      try {
        worker?.wait();
      } catch {
        // reported by the next call
      }
      throw error;
    }
    worker?.wait();
  }

  function matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
    if (m * k * n < SMALL_WORK) return matmulBlocked(out, a, b, m, k, n, options);
    const { transA = false, transB = false, accumulate = false } = options;
    withOperands((call) => {
      let aAt = call.input(a.subarray(0, m * k));
      if (transA) {
        const stored = aAt;
        aAt = call.scratch(m * k);
        wasm.transpose(stored, k, m, aAt); // stored [k, m] → op(A) [m, k]
      }
      const bAt = call.scratch(wasm.packedFloats(k, n));
      wasm.packPanels(call.input(b.subarray(0, k * n)), k, n, transB ? 1 : 0, bAt);
      const cAt = call.output(out.subarray(0, m * n), accumulate);
      const flag = accumulate ? 1 : 0;
      // Both threads take blocks of ROW_CHUNK rows from the counter until none are left.
      if (worker && m * k * n >= THREADED_WORK && m >= 8) runShared("matmulShared", [cAt, aAt, k * 4, 4, bAt, m, k, n, counterAt, ROW_CHUNK, flag]);
      else wasm.matmulPanels(cAt, aAt, k * 4, 4, bAt, m, k, n, 0, m, flag);
    });
  }

  // Attention: both threads take (b, h) slices from the counter, each with its own scratch.
  function attentionForward(out: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void {
    withOperands((call) => {
      const args = [call.output(out, false), call.output(weights, false), call.input(q), call.input(k), call.input(v), q.length / (T * D), T, D, counterAt];
      const scratch = () => call.scratch(wasm.attentionScratchBytes(T, D, 0) / 4);
      runShared("attentionForward", args, [scratch()], [worker ? scratch() : 0]);
    });
  }

  function attentionBackward(dq: Float32Array | null, dk: Float32Array | null, dv: Float32Array | null, dOut: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void {
    withOperands((call) => {
      const into = (array: Float32Array | null) => (array ? call.output(array, true) : 0);
      const args = [into(dq), into(dk), into(dv), call.input(dOut), call.input(weights), call.input(q), call.input(k), call.input(v), q.length / (T * D), T, D, counterAt];
      const scratch = () => call.scratch(wasm.attentionScratchBytes(T, D, 1) / 4);
      runShared("attentionBackward", args, [scratch()], [worker ? scratch() : 0]);
    });
  }

  // Both GELUs in float32 SIMD (assembly/gelu.ts, assembly/gelu-tanh.ts), 4 values a step
  // (lengths padded to a multiple of 4); `kept` is Φ(x) or tanh u, for the backward pass.
  const padded = (x: Float32Array) => (x.length + 3) & ~3;
  function geluPass(kernel: "geluForward" | "geluTanhForward", y: Float32Array, x: Float32Array, kept: Float32Array | null): void {
    withOperands((call) => wasm[kernel](call.input(x), padded(x), call.output(y, false), kept ? call.output(kept, false) : 0), { padTo4: true });
  }
  function geluGradient(kernel: "geluBackward" | "geluTanhBackward", dx: Float32Array, dy: Float32Array, x: Float32Array, kept: Float32Array): void {
    withOperands((call) => wasm[kernel](call.output(dx, true), call.input(dy), call.input(x), call.input(kept), padded(x)), { padTo4: true });
  }

  // LayerNorm in float32 SIMD (assembly/layernorm.ts) when rows split into whole vectors.
  function layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void {
    if (width % 4 !== 0) return typescriptKernels.layerNormForward(y, xhat, rstds, x, w, b, width, eps);
    withOperands((call) => wasm.layerNormForward(call.output(y, false), call.output(xhat, false), call.output(rstds, false), call.input(x), call.input(w), b ? call.input(b) : 0, rstds.length, width, eps));
  }

  function layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void {
    if (width % 4 !== 0) return typescriptKernels.layerNormBackward(dx, dw, db, dy, xhat, rstds, w, width);
    withOperands((call) => {
      const into = (array: Float32Array | null) => (array ? call.output(array, true) : 0);
      wasm.layerNormBackward(into(dx), into(dw), into(db), call.input(dy), call.input(xhat), call.input(rstds), call.input(w), rstds.length, width);
    });
  }

  function adamwUpdate(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, u: AdamWUpdate): void {
    withOperands((call) => {
      const [thetaAt, mAt, vAt] = [call.output(theta, true), call.output(m, true), call.output(v, true)];
      wasm.adamwUpdate(thetaAt, call.input(grad), mAt, vAt, theta.length, u.lr, u.beta1, u.beta2, u.eps, u.decayFactor, u.correction1, u.correction2);
    });
  }

  // Row softmax and the fused cross-entropy (assembly/softmax.ts).
  function softmaxForward(y: Float32Array, x: Float32Array, width: number): void {
    withOperands((call) => wasm.softmaxForward(call.output(y, false), call.input(x), x.length / width, width));
  }

  function softmaxBackward(dx: Float32Array, y: Float32Array, dy: Float32Array, width: number): void {
    withOperands((call) => wasm.softmaxBackward(call.output(dx, true), call.input(y), call.input(dy), y.length / width, width));
  }

  function crossEntropyForward(probs: Float32Array, logits: Float32Array, targets: Int32Array, ignoreIndex: number, width: number): number {
    return withOperands((call) => wasm.crossEntropyForward(call.output(probs, true), call.input(logits), call.int32(targets), targets.length, width, ignoreIndex));
  }

  function crossEntropyBackward(dz: Float32Array, probs: Float32Array, targets: Int32Array, ignoreIndex: number, width: number, scale: number): void {
    withOperands((call) => wasm.crossEntropyBackward(call.output(dz, true), call.input(probs), call.int32(targets), targets.length, width, ignoreIndex, scale));
  }

  // The O(n) kernels run in place only; any operand outside this memory sends the call to
  // the TypeScript kernel (copying it in and out would cost as much as the loop).
  const inPlace = (...arrays: Float32Array[]) => arrays.every((array) => heap.owns(array));

  function add(out: Float32Array, a: Float32Array, b: Float32Array): void {
    if (inPlace(out, a, b)) wasm.add(out.byteOffset, a.byteOffset, b.byteOffset, out.length);
    else typescriptKernels.add(out, a, b);
  }

  function accumulate(into: Float32Array, from: Float32Array): void {
    if (inPlace(into, from)) wasm.accumulate(into.byteOffset, from.byteOffset, into.length);
    else typescriptKernels.accumulate(into, from);
  }

  function swapAxes(to: Float32Array, from: Float32Array, dims: SwapDims, accumulate: boolean): void {
    const { outer, p, mid, q, inner } = dims;
    if (inPlace(to, from)) wasm.swapAxes(from.byteOffset, to.byteOffset, outer, p, mid, q, inner, accumulate ? 1 : 0);
    else typescriptKernels.swapAxes(to, from, dims, accumulate);
  }

  function addBias(out: Float32Array, bias: Float32Array): void {
    if (inPlace(out, bias)) wasm.addBias(out.byteOffset, bias.byteOffset, out.length / bias.length, bias.length);
    else typescriptKernels.addBias(out, bias);
  }

  function sumRows(dBias: Float32Array, dOut: Float32Array): void {
    if (inPlace(dBias, dOut)) wasm.sumRows(dBias.byteOffset, dOut.byteOffset, dOut.length / dBias.length, dBias.length);
    else typescriptKernels.sumRows(dBias, dOut);
  }

  function fillZero(array: Float32Array): void {
    if (inPlace(array)) wasm.zero(array.byteOffset, array.length);
    else array.fill(0);
  }

  return {
    allocate: (length) => heap.allocate(length) ?? new Float32Array(length),
    release: (buffer) => heap.free(buffer),
    fillZero,
    matmul,
    geluForward: (y, x, cdf) => geluPass("geluForward", y, x, cdf),
    geluBackward: (dx, dy, x, cdf) => geluGradient("geluBackward", dx, dy, x, cdf),
    geluTanhForward: (y, x, tanhU) => geluPass("geluTanhForward", y, x, tanhU),
    geluTanhBackward: (dx, dy, x, tanhU) => geluGradient("geluTanhBackward", dx, dy, x, tanhU),
    layerNormForward,
    layerNormBackward,
    add,
    accumulate,
    swapAxes,
    addBias,
    sumRows,
    attentionForward,
    attentionBackward,
    softmaxForward,
    softmaxBackward,
    crossEntropyForward,
    crossEntropyBackward,
    adamwUpdate,
    owns: (array) => heap.owns(array),
    get bytesInUse() {
      return heap.bytesInUse;
    },
    threads: worker ? 2 : 1,
    close: async () => void (await worker?.close()),
  };
}
