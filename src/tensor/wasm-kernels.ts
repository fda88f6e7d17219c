/**
 * The WebAssembly SIMD backend of the kernel interface (assembly/matmul.ts, built into
 * build/kernels.wasm by `npm install` / `npm run build`).
 *
 * Each matmul lays its operands out in the module's memory, as the kernel expects:
 *   A as op(A) row-major [m, k] (a transpose is applied while copying),
 *   B as column panels of 8: panel p = op(B)[0..k, 8p..8p+8], zero-padded past n,
 *   C [m, n] (copied in first when accumulating),
 * runs the SIMD kernel and copies C back. The copies cost O(mk + kn + mn) against the
 * kernel's O(mkn), so matmuls below SMALL_WORK go to the TypeScript kernel instead.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";
import { matmulBlocked, type Kernels, type MatmulOptions } from "./kernels.js";

/** Where the build puts the module. */
export const WASM_KERNELS_PATH = fileURLToPath(new URL("../../build/kernels.wasm", import.meta.url));

/** Below this many multiply-adds (m·k·n) the copies cost more than SIMD saves. */
export const SMALL_WORK = 16 * 16 * 16;

const PANEL = 8;
const PAGE_BYTES = 65536;
/** 1 GiB, the module's declared maximum (scripts/build-wasm.mjs). */
const MAXIMUM_PAGES = 16384;

interface MatmulExports {
  matmulPanels(c: number, a: number, bPanels: number, m: number, k: number, n: number, rowStart: number, rowEnd: number, accumulate: number): void;
  heapBase(): number;
}

/** The WebAssembly kernels and the shared memory they work in. */
export interface WasmKernels extends Kernels {
  readonly memory: WebAssembly.Memory;
}

/** Whether the built module exists (the backend can be used). */
export function wasmKernelsAvailable(path = WASM_KERNELS_PATH): boolean {
  return existsSync(path);
}

/**
 * Instantiates the WebAssembly kernels from `path`. InputError when the module has not
 * been built.
 *
 * @example setKernels(createWasmKernels());
 */
export function createWasmKernels(path = WASM_KERNELS_PATH): WasmKernels {
  if (!existsSync(path)) throw new InputError(`${path}: the WebAssembly kernels are not built`, "run npm run build (npm install runs it too)");
  const memory = new WebAssembly.Memory({ initial: 16, maximum: MAXIMUM_PAGES, shared: true });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), { env: { memory, abort: wasmAbort } });
  const wasm = instance.exports as unknown as MatmulExports;
  const base = align(wasm.heapBase());

  /** Grows the memory so that `bytes` bytes fit after the heap base. */
  const reserve = (bytes: number) => {
    const needed = Math.ceil((base + bytes) / PAGE_BYTES);
    const have = memory.buffer.byteLength / PAGE_BYTES;
    if (needed > MAXIMUM_PAGES) throw new InputError(`a matmul needs ${base + bytes} bytes of WebAssembly memory, above the 1 GiB maximum`, "use the TypeScript backend (--backend ts) for such sizes");
    if (needed > have) memory.grow(needed - have);
  };

  function matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
    if (m * k * n < SMALL_WORK) return matmulBlocked(out, a, b, m, k, n, options);
    const { transA = false, transB = false, accumulate = false } = options;
    const panels = Math.ceil(n / PANEL);
    const aAt = base;
    const bAt = align(aAt + m * k * 4);
    const cAt = align(bAt + panels * k * PANEL * 4);
    reserve(cAt + m * n * 4 - base);
    const heap = new Float32Array(memory.buffer);

    // op(A) as row-major [m, k].
    const a0 = aAt >> 2;
    if (!transA) heap.set(a.subarray(0, m * k), a0);
    else for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) heap[a0 + i * k + p] = a[p * m + i];

    // op(B) as panels of 8 columns: panel q, row p, lane j holds op(B)[p, 8q + j].
    for (let q = 0; q < panels; q++) {
      const panel = (bAt >> 2) + q * k * PANEL;
      for (let j = 0; j < PANEL; j++) {
        const col = q * PANEL + j;
        if (col >= n) {
          for (let p = 0; p < k; p++) heap[panel + p * PANEL + j] = 0;
        } else if (transB) {
          for (let p = 0; p < k; p++) heap[panel + p * PANEL + j] = b[col * k + p];
        } else {
          for (let p = 0; p < k; p++) heap[panel + p * PANEL + j] = b[p * n + col];
        }
      }
    }

    const c0 = cAt >> 2;
    if (accumulate) heap.set(out.subarray(0, m * n), c0);
    wasm.matmulPanels(cAt, aAt, bAt, m, k, n, 0, m, accumulate ? 1 : 0);
    out.set(heap.subarray(c0, c0 + m * n));
  }

  return { matmul, memory };
}

/** 16-byte alignment for vector loads. */
function align(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** AssemblyScript's abort hook; the kernels never call it (--noAssert), but the import must exist. */
function wasmAbort(): never {
  throw new Error("WebAssembly kernel aborted");
}
