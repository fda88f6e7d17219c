/**
 * The WebAssembly SIMD backend of the kernel interface (assembly/matmul.ts, built into
 * build/kernels.wasm by `npm install` / `npm run build`).
 *
 * Each matmul copies its operands into the module's memory as they are stored (plain
 * block copies) and lets the module lay them out as the kernel expects:
 *   A as op(A) row-major [m, k] (transposed in place of the copy when stored as Aᵀ),
 *   B as column panels of 8: panel p = op(B)[0..k, 8p..8p+8], zero-padded past n,
 *   C [m, n] (copied in first when accumulating),
 * then runs the SIMD kernel and copies C back. The copies cost O(mk + kn + mn) against the
 * kernel's O(mkn), so matmuls below SMALL_WORK go to the TypeScript kernel instead.
 *
 * With two threads, a worker (wasm-worker.mjs) instantiates the same module on the same
 * shared memory; for matmuls of at least THREADED_WORK both threads take blocks of rows of
 * C from a shared counter until all are done (so neither waits long for the other), over
 * the same packed operands (nothing is copied for the worker). Each element of C is computed by the same
 * code in the same order either way, so one and two threads give identical results.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../errors.js";
import { matmulBlocked, typescriptKernels, type Kernels, type MatmulOptions } from "./kernels.js";

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
const PAGE_BYTES = 65536;
/** 1 GiB, the module's declared maximum (scripts/build-wasm.mjs). */
const MAXIMUM_PAGES = 16384;

interface KernelExports {
  matmulPanels(c: number, a: number, bPanels: number, m: number, k: number, n: number, rowStart: number, rowEnd: number, accumulate: number): void;
  matmulShared(c: number, a: number, bPanels: number, m: number, k: number, n: number, counter: number, chunk: number, accumulate: number): void;
  packPanels(src: number, k: number, n: number, transB: number, dst: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  geluForward(x: number, n: number, y: number, t: number): void;
  geluBackward(dx: number, dy: number, x: number, t: number, n: number): void;
  layerNormForward(y: number, xhat: number, rstds: number, x: number, w: number, b: number, rows: number, width: number, eps: number): void;
  layerNormBackward(dx: number, dw: number, db: number, dy: number, xhat: number, rstds: number, w: number, rows: number, width: number): void;
  heapBase(): number;
}

/** The WebAssembly kernels and the shared memory they work in. */
export interface WasmKernels extends Kernels {
  readonly memory: WebAssembly.Memory;
  /** 1, or 2 with a worker thread. */
  readonly threads: number;
  /** Stops the worker thread, if any; the kernels must not be used afterwards. */
  close(): Promise<void>;
}

// The control block shared with wasm-worker.mjs: state, then the kernel's nine arguments.
const STATE = 0;
const REQUEST = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = -1;
const CONTROL_SLOTS = 10;

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
  const counterAt = align(wasm.heapBase()); // the row counter two threads take blocks from
  const base = counterAt + 16;

  /** Grows the memory so that `bytes` bytes fit after the heap base. */
  const reserve = (bytes: number) => {
    const needed = Math.ceil((base + bytes) / PAGE_BYTES);
    const have = memory.buffer.byteLength / PAGE_BYTES;
    if (needed > MAXIMUM_PAGES) throw new InputError(`a kernel needs ${base + bytes} bytes of WebAssembly memory, above the 1 GiB maximum`, "use the TypeScript backend (--backend ts) for such sizes");
    if (needed > have) memory.grow(needed - have);
  };

  function matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
    if (m * k * n < SMALL_WORK) return matmulBlocked(out, a, b, m, k, n, options);
    const { transA = false, transB = false, accumulate = false } = options;
    const panels = Math.ceil(n / PANEL);
    const [aStored, bStored, cStored] = [a.subarray(0, m * k), b.subarray(0, k * n), out.subarray(0, m * n)];
    // Slots: op(A) [m, k], the panels of B, C [m, n], and an operand as stored (B, or Aᵀ first).
    const { at, heap } = stage([transA ? null : aStored, null, accumulate ? cStored : null, transA ? aStored : bStored], [m * k, panels * k * PANEL, m * n, Math.max(m, n) * k]);
    const [aAt, bAt, cAt, stageAt] = at;
    if (transA) {
      wasm.transpose(stageAt, k, m, aAt); // stored [k, m] → op(A) [m, k]
      heap.set(bStored, stageAt >> 2);
    }
    wasm.packPanels(stageAt, k, n, transB ? 1 : 0, bAt);
    const flag = accumulate ? 1 : 0;
    if (worker && m * k * n >= THREADED_WORK && m >= 8) {
      // Both threads take blocks of ROW_CHUNK rows from a shared counter until none are left.
      Atomics.store(new Int32Array(memory.buffer, counterAt, 1), 0, 0);
      worker.run(cAt, aAt, bAt, m, k, n, counterAt, ROW_CHUNK, flag);
      wasm.matmulShared(cAt, aAt, bAt, m, k, n, counterAt, ROW_CHUNK, flag);
      worker.wait();
    } else {
      wasm.matmulPanels(cAt, aAt, bAt, m, k, n, 0, m, flag);
    }
    unstage(heap, cAt, cStored);
  }

  /**
   * Copies `arrays` into consecutive 16-byte-aligned slots of `lengths[i]` floats (at least
   * each array's length; a null array gets an empty slot and address 0) and returns the
   * slots' byte addresses and a view of the memory.
   */
  function stage(arrays: ReadonlyArray<Float32Array | null>, lengths: readonly number[]): { at: number[]; heap: Float32Array } {
    const at: number[] = [];
    let next = base;
    lengths.forEach((length) => {
      at.push(next);
      next = align(next + length * 4);
    });
    reserve(next - base);
    const heap = new Float32Array(memory.buffer);
    arrays.forEach((array, i) => {
      if (array) heap.set(array, at[i] >> 2);
    });
    return { at: at.map((address, i) => (arrays[i] === null && lengths[i] === 0 ? 0 : address)), heap };
  }

  /** Copies `length` floats at byte address `at` into `into`. */
  const unstage = (heap: Float32Array, at: number, into: Float32Array) => into.set(heap.subarray(at >> 2, (at >> 2) + into.length));

  // GELU in float32 SIMD (assembly/gelu.ts); lengths padded to a multiple of 4 (the padding
  // lanes compute values nobody reads).
  function geluForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void {
    const padded = (x.length + 3) & ~3;
    const { at, heap } = stage([x, null, null], [padded, padded, tanhU ? padded : 0]);
    wasm.geluForward(at[0], padded, at[1], at[2]);
    unstage(heap, at[1], y);
    if (tanhU) unstage(heap, at[2], tanhU);
  }

  function geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void {
    const padded = (x.length + 3) & ~3;
    const { at, heap } = stage([dx, dy, x, tanhU], [padded, padded, padded, padded]);
    wasm.geluBackward(at[0], at[1], at[2], at[3], padded);
    unstage(heap, at[0], dx);
  }

  // LayerNorm in float32 SIMD (assembly/layernorm.ts) when rows split into whole vectors.
  function layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void {
    if (width % 4 !== 0) return typescriptKernels.layerNormForward(y, xhat, rstds, x, w, b, width, eps);
    const n = x.length;
    const { at, heap } = stage([null, null, null, x, w, b], [n, n, rstds.length, n, width, b ? width : 0]);
    wasm.layerNormForward(at[0], at[1], at[2], at[3], at[4], at[5], rstds.length, width, eps);
    unstage(heap, at[0], y);
    unstage(heap, at[1], xhat);
    unstage(heap, at[2], rstds);
  }

  function layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void {
    if (width % 4 !== 0) return typescriptKernels.layerNormBackward(dx, dw, db, dy, xhat, rstds, w, width);
    const n = dy.length;
    const { at, heap } = stage([dx, dw, db, dy, xhat, rstds, w], [dx ? n : 0, dw ? width : 0, db ? width : 0, n, n, rstds.length, width]);
    wasm.layerNormBackward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], rstds.length, width);
    if (dx) unstage(heap, at[0], dx);
    if (dw) unstage(heap, at[1], dw);
    if (db) unstage(heap, at[2], db);
  }

  const worker = threads > 1 ? startWorker(module, memory) : null;
  return {
    matmul,
    geluForward,
    geluBackward,
    layerNormForward,
    layerNormBackward,
    memory,
    threads: worker ? 2 : 1,
    close: async () => void (await worker?.close()),
  };
}

/** The second thread: posts a row range of a matmul and waits for it, through the control block. */
function startWorker(module: WebAssembly.Module, memory: WebAssembly.Memory) {
  const controlBuffer = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  const control = new Int32Array(controlBuffer);
  const thread = new Worker(new URL("./wasm-worker.mjs", import.meta.url), { workerData: { control: controlBuffer, module, memory } });
  thread.unref(); // an idle worker must not keep the process alive
  // Wait (at most 30 s) until it has instantiated the module on our memory.
  Atomics.wait(control, STATE, 0, 30_000);
  if (Atomics.load(control, STATE) !== DONE) {
    void thread.terminate();
    throw new Error(`WebAssembly matmul worker did not start (state ${Atomics.load(control, STATE) === FAILED ? "failed" : "no answer"})`);
  }
  return {
    run(...args: number[]): void {
      control.set(args, 1);
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

/** 16-byte alignment for vector loads. */
function align(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** AssemblyScript's abort hook; the kernels never call it (--noAssert), but the import must exist. */
function wasmAbort(): never {
  throw new Error("WebAssembly kernel aborted");
}
