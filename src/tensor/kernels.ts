/**
 * The hot inner loops of the tensor ops, behind one small interface, so that a faster
 * backend (WebAssembly SIMD, threads) replaces the plain TypeScript one without touching
 * the ops: `setKernels(fasterBackend)`.
 *
 * All buffers are row-major Float32Arrays. The TypeScript backend's kernels are the
 * readable references, one file per concept: matmul-kernel.ts, gelu-kernel.ts,
 * layernorm-kernel.ts, layout-kernel.ts, softmax-kernel.ts, attention-kernel.ts and
 * src/optim/adamw-update.ts.
 */
import { adamwUpdate, type AdamWUpdate } from "../optim/adamw-update.js";
import { attentionBackward, attentionForward } from "./attention-kernel.js";
import { geluBackward, geluForward, geluTanhBackward, geluTanhForward } from "./gelu-kernel.js";
import { layerNormBackward, layerNormForward } from "./layernorm-kernel.js";
import { accumulate, add, addBias, sumRows, swapAxes, type SwapDims } from "./layout-kernel.js";
import { matmulBlocked } from "./matmul-kernel.js";
import { crossEntropyBackward, crossEntropyForward, softmaxBackward, softmaxForward } from "./softmax-kernel.js";

/** How `matmul` reads its operands and writes its result. */
export interface MatmulOptions {
  /** A is stored as [k, m] and used transposed (Aᵀ). */
  transA?: boolean;
  /** B is stored as [n, k] and used transposed (Bᵀ). */
  transB?: boolean;
  /** out += A·B instead of out = A·B (used to accumulate gradients). */
  accumulate?: boolean;
}

/** The kernel interface the ops call. */
export interface Kernels {
  /**
   * A zero-filled buffer of `length` floats in the memory these kernels work in, for
   * tensors that live long (parameters, their gradients, optimizer moments, step-arena
   * buffers): the WebAssembly kernels then use them in place instead of copying them in
   * and out. The TypeScript kernels return `new Float32Array(length)`.
   */
  allocate(length: number): Float32Array;
  /** Gives back a buffer from `allocate` that nothing uses any more (no-op for the TypeScript kernels). */
  release(buffer: Float32Array): void;
  /** Sets every value of `array` to 0 (the step arena's reuse of a buffer). */
  fillZero(array: Float32Array): void;
  /**
   * out[m, n] (+)= op(A)[m, k] · op(B)[k, n], where op(A) = A ([m, k]) or Aᵀ (A stored [k, m]),
   * op(B) = B ([k, n]) or Bᵀ (B stored [n, k]).
   */
  matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options?: MatmulOptions): void;
  /** Exact GELU forward (gelu-kernel.ts): y = x·Φ(x); Φ(x) kept in `cdf` when given. */
  geluForward(y: Float32Array, x: Float32Array, cdf: Float32Array | null): void;
  /** Exact GELU backward: dx += dy · (Φ(x) + x·φ(x)), from the kept Φ(x). */
  geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, cdf: Float32Array): void;
  /** Tanh-form GELU forward (gelu-kernel.ts): y = ½·x·(1 + tanh u); tanh u kept in `tanhU` when given. */
  geluTanhForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void;
  /** Tanh-form GELU backward: dx += dy · GELU'(x), from the kept tanh u. */
  geluTanhBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void;
  /** LayerNorm forward over rows of `width` (layernorm-kernel.ts). */
  layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void;
  /** LayerNorm backward; a null dx, dw or db is skipped. */
  layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void;
  /** out = a + b, elementwise over arrays of one length (the residual stream). */
  add(out: Float32Array, a: Float32Array, b: Float32Array): void;
  /** into += from, elementwise (gradients flowing through add, reshape and split). */
  accumulate(into: Float32Array, from: Float32Array): void;
  /** Between from [outer, p, mid, q, inner] and to [outer, q, mid, p, inner]: to = from, or to += from (layout-kernel.ts). */
  swapAxes(to: Float32Array, from: Float32Array, dims: SwapDims, accumulate: boolean): void;
  /** out[r, j] += bias[j] for the rows of `out` [rows, bias.length] (layout-kernel.ts). */
  addBias(out: Float32Array, bias: Float32Array): void;
  /** dBias[j] += Σ_r dOut[r, j] over the rows of dOut [rows, dBias.length]. */
  sumRows(dBias: Float32Array, dOut: Float32Array): void;
  /** Causal attention over slices q, k, v [heads, T, D] → out, keeping the weights [heads, T, T] (attention-kernel.ts). */
  attentionForward(out: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void;
  /** Its backward: adds into dq, dk, dv (a null one is skipped). */
  attentionBackward(dq: Float32Array | null, dk: Float32Array | null, dv: Float32Array | null, dOut: Float32Array, weights: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, T: number, D: number): void;
  /** y = softmax of each row of x [rows, width] (softmax-kernel.ts). */
  softmaxForward(y: Float32Array, x: Float32Array, width: number): void;
  /** dx += y ⊙ (dy − Σ_j dy_j·y_j), per row. */
  softmaxBackward(dx: Float32Array, y: Float32Array, dy: Float32Array, width: number): void;
  /** Softmax of each scored row of logits into probs; returns Σ over scored rows of lse − z[target] (softmax-kernel.ts). */
  crossEntropyForward(probs: Float32Array, logits: Float32Array, targets: Int32Array, ignoreIndex: number, width: number): number;
  /** dz += scale·(probs − onehot(target)) for each scored row. */
  crossEntropyBackward(dz: Float32Array, probs: Float32Array, targets: Int32Array, ignoreIndex: number, width: number, scale: number): void;
  /** One AdamW update of a parameter in place (src/optim/adamw-update.ts). */
  adamwUpdate(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, update: AdamWUpdate): void;
}

/** The plain TypeScript backend. */
export const typescriptKernels: Kernels = {
  allocate: (length) => new Float32Array(length),
  release: () => {},
  fillZero: (array) => void array.fill(0),
  matmul: matmulBlocked,
  geluForward,
  geluBackward,
  geluTanhForward,
  geluTanhBackward,
  layerNormForward,
  layerNormBackward,
  add,
  accumulate,
  swapAxes,
  addBias,
  sumRows,
  attentionForward: (...args) => attentionForward(matmulBlocked, ...args),
  attentionBackward: (...args) => attentionBackward(matmulBlocked, ...args),
  softmaxForward,
  softmaxBackward,
  crossEntropyForward,
  crossEntropyBackward,
  adamwUpdate,
};

let active: Kernels = typescriptKernels;

/** The backend the ops use now. */
export function kernels(): Kernels {
  return active;
}

/** Replaces the backend (e.g. a WebAssembly one); returns the previous one so it can be restored. */
export function setKernels(backend: Kernels): Kernels {
  const previous = active;
  active = backend;
  return previous;
}
