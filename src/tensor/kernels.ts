/**
 * The hot inner loops of the tensor ops, behind one small interface, so that a faster
 * backend (WebAssembly SIMD, threads) can replace the plain TypeScript one later without
 * touching the ops: `setKernels(fasterBackend)`.
 *
 * All buffers are row-major Float32Arrays; the kernels never allocate per call (the
 * blocked matmul keeps one packing buffer that grows to the largest size seen).
 */

/** How `matmul` reads its operands and writes its result. */
export interface MatmulOptions {
  /** A is stored as [k, m] and used transposed (Aᵀ). */
  transA?: boolean;
  /** B is stored as [n, k] and used transposed (Bᵀ). */
  transB?: boolean;
  /** out += A·B instead of out = A·B (used to accumulate gradients). */
  accumulate?: boolean;
}

import { adamwUpdate, type AdamWUpdate } from "../optim/adamw-update.js";
import { attentionBackward, attentionForward } from "./attention-kernel.js";
import { crossEntropyBackward, crossEntropyForward, softmaxBackward, softmaxForward } from "./softmax-kernel.js";

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
  /** GELU forward (see geluForward below): y = ½·x·(1 + tanh u); tanh u kept in `tanhU` when given. */
  geluForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void;
  /** GELU backward: dx += dy · GELU'(x), from the kept tanh u. */
  geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void;
  /** LayerNorm forward over rows of `width` (see layerNormForward below). */
  layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void;
  /** LayerNorm backward; a null dx, dw or db is skipped. */
  layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void;
  /** out = a + b, elementwise over arrays of one length (the residual stream). */
  add(out: Float32Array, a: Float32Array, b: Float32Array): void;
  /** into += from, elementwise (gradients flowing through add, reshape and split). */
  accumulate(into: Float32Array, from: Float32Array): void;
  /** Between from [outer, p, mid, q, inner] and to [outer, q, mid, p, inner]: to = from, or to += from (see swapAxes below). */
  swapAxes(to: Float32Array, from: Float32Array, dims: SwapDims, accumulate: boolean): void;
  /** out[r, j] += bias[j] for the rows of `out` [rows, bias.length] (see addBias below). */
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

const GELU_SCALE = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh form (Hendrycks & Gimpel 2016, §2; GPT-2's `gelu`, PyTorch `approximate="tanh"`),
 * in float64 per element:
 *   y = ½·x·(1 + tanh u),  u = √(2/π)·(x + 0.044715·x³)
 * tanh u is stored in `tanhU` (when given) for the backward pass: Math.tanh is the costly part.
 */
export function geluForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(GELU_SCALE * (v + 0.044715 * v * v * v));
    if (tanhU) tanhU[i] = t;
    y[i] = 0.5 * v * (1 + t);
  }
}

/** dx += dy · dy/dx with dy/dx = ½·(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh u. */
export function geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = tanhU[i];
    dx[i] += dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_SCALE * (1 + 3 * 0.044715 * v * v));
  }
}

/**
 * The readable reference matmul: a triple loop in float64 accumulators. The fast kernel is
 * tested against it; it is also the "naive" baseline of `npm run bench -- matmul`.
 */
export function matmulReference(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  options: MatmulOptions = {},
): void {
  const { transA = false, transB = false, accumulate = false } = options;
  // op(A)[i, p] = a[i * aRowStride + p * aColStride], likewise for B: transposes are strides.
  const aRowStride = transA ? 1 : k;
  const aColStride = transA ? m : 1;
  const bRowStride = transB ? 1 : n;
  const bColStride = transB ? k : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? out[i * n + j] : 0;
      for (let p = 0; p < k; p++) sum += a[i * aRowStride + p * aColStride] * b[p * bRowStride + j * bColStride];
      out[i * n + j] = sum;
    }
  }
}

/**
 * The micro-kernel computes a 3×3 block of `out`. Why 3×3 and not 4×4: V8 keeps doubles in
 * the 15 usable XMM registers of x64 (xmm15 is its scratch); 9 accumulators + 3 values of A
 * + 1 of B + 1 product fit, while 4×4 (16 accumulators) spills to the stack on every k step.
 * Measured on the baby GPT's shapes: 3×3 ≈ 5.0 GFLOP/s, 4×4 ≈ 4.7, 2×4 ≈ 4.5.
 */
const ROWS = 3;
const COLS = 3;

// One packing buffer for both operands (A's panels, then B's), grown on demand and reused:
// no allocation per call once warm. Float64 so the inner loop does no float32→float64
// conversion, and one array so V8 checks one typed array per k step instead of two.
let packed = new Float64Array(0);

/**
 * Copies a [rows, k] operand, element (i, p) = src[i·rowStride + p·colStride], into `dst`
 * from `offset` as panels of `width` rows: panel r holds, for each p, the values
 * (width·r .. width·r + width − 1, p) side by side, and rows past `rows` are zero. Both
 * operands go through it (B as Bᵀ, i.e. by columns), so transposes are resolved here and the
 * micro-kernel always reads contiguously. The loop order follows the source's contiguous
 * axis so the copy streams through memory.
 */
function packPanels(
  dst: Float64Array,
  offset: number,
  src: Float32Array,
  rows: number,
  k: number,
  width: number,
  rowStride: number,
  colStride: number,
): void {
  const panels = Math.ceil(rows / width);
  dst.fill(0, offset + (panels - 1) * k * width, offset + panels * k * width); // the last panel may be partly padding
  if (colStride === 1) {
    for (let i = 0; i < rows; i++) {
      const base = offset + Math.floor(i / width) * k * width + (i % width);
      const row = i * rowStride;
      for (let p = 0; p < k; p++) dst[base + p * width] = src[row + p];
    }
  } else {
    for (let p = 0; p < k; p++) {
      const col = p * colStride;
      for (let i0 = 0, panel = offset + p * width; i0 < rows; i0 += width, panel += k * width) {
        for (let lane = 0; lane < width && i0 + lane < rows; lane++) dst[panel + lane] = src[(i0 + lane) * rowStride + col];
      }
    }
  }
}

/**
 * Register-blocked matmul: both operands are packed into panels (A into 3-row panels, Bᵀ into
 * 3-column panels), then a 3×3 micro-kernel keeps 9 accumulators in locals over the whole k
 * loop (9 multiply-adds per 6 loads, against 1 per 2 in the triple loop). Same contract as
 * `matmulReference` (float64 accumulation, one rounding to float32 per output).
 */
export function matmulBlocked(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  options: MatmulOptions = {},
): void {
  const { transA = false, transB = false, accumulate = false } = options;
  const rowPanels = Math.ceil(m / ROWS);
  const colPanels = Math.ceil(n / COLS);
  const bOffset = rowPanels * ROWS * k; // B's panels start after A's
  if (packed.length < bOffset + colPanels * COLS * k) packed = new Float64Array(bOffset + colPanels * COLS * k);
  const pk = packed;
  // op(A)[i, p] and op(B)ᵀ[j, p], as strides into the stored arrays.
  if (m > 0) packPanels(pk, 0, a, m, k, ROWS, transA ? 1 : k, transA ? m : 1);
  if (n > 0) packPanels(pk, bOffset, b, n, k, COLS, transB ? k : 1, transB ? 1 : n);

  for (let rp = 0; rp < rowPanels; rp++) {
    const i0 = rp * ROWS;
    for (let cp = 0; cp < colPanels; cp++) {
      const j0 = cp * COLS;
      let c00 = 0, c01 = 0, c02 = 0;
      let c10 = 0, c11 = 0, c12 = 0;
      let c20 = 0, c21 = 0, c22 = 0;
      // `| 0` keeps the index arithmetic in int32 without V8's overflow checks.
      let ai = rp * k * ROWS;
      let bi = bOffset + cp * k * COLS;
      for (let p = 0; p < k; p++) {
        const a0 = pk[ai], a1 = pk[(ai + 1) | 0], a2 = pk[(ai + 2) | 0];
        const b0 = pk[bi], b1 = pk[(bi + 1) | 0], b2 = pk[(bi + 2) | 0];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2;
        ai = (ai + ROWS) | 0;
        bi = (bi + COLS) | 0;
      }
      if (i0 + ROWS <= m && j0 + COLS <= n) {
        storeRow(out, i0 * n + j0, c00, c01, c02, accumulate);
        storeRow(out, (i0 + 1) * n + j0, c10, c11, c12, accumulate);
        storeRow(out, (i0 + 2) * n + j0, c20, c21, c22, accumulate);
      } else {
        // An edge block: write only the entries inside [m, n].
        const block = [c00, c01, c02, c10, c11, c12, c20, c21, c22];
        for (let r = 0; r < ROWS && i0 + r < m; r++) {
          for (let c = 0; c < COLS && j0 + c < n; c++) {
            const o = (i0 + r) * n + j0 + c;
            out[o] = accumulate ? out[o] + block[r * COLS + c] : block[r * COLS + c];
          }
        }
      }
    }
  }
}

function storeRow(out: Float32Array, o: number, x0: number, x1: number, x2: number, accumulate: boolean): void {
  if (accumulate) {
    out[o] += x0;
    out[o + 1] += x1;
    out[o + 2] += x2;
  } else {
    out[o] = x0;
    out[o + 1] = x1;
    out[o + 2] = x2;
  }
}

/** A tensor viewed as [outer, p, mid, q, inner], the two axes a transpose swaps being p and q. */
export interface SwapDims {
  outer: number;
  p: number;
  mid: number;
  q: number;
  inner: number;
}

/**
 * The copy of transpose: to [outer, q, mid, p, inner] gets from [outer, p, mid, q, inner],
 * moved in contiguous runs of `inner` values (a whole head vector for attention's
 * [B, T, H, D] → [B, H, T, D]); with `accumulate`, added instead (a gradient).
 */
export function swapAxes(to: Float32Array, from: Float32Array, { outer, p, mid, q, inner }: SwapDims, accumulate: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < q; j++) {
      for (let m = 0; m < mid; m++) {
        for (let i = 0; i < p; i++) {
          const source = (((o * p + i) * mid + m) * q + j) * inner;
          const target = (((o * q + j) * mid + m) * p + i) * inner;
          if (accumulate) for (let e = 0; e < inner; e++) to[target + e] += from[source + e];
          else for (let e = 0; e < inner; e++) to[target + e] = from[source + e];
        }
      }
    }
  }
}

/** Adds bias [n] to every row of out [rows, n]: y = x·Wᵀ + b after the matmul. */
export function addBias(out: Float32Array, bias: Float32Array): void {
  const n = bias.length;
  for (let row = 0; row < out.length; row += n) for (let j = 0; j < n; j++) out[row + j] += bias[j];
}

/** dBias [n] += the sum of the rows of dOut [rows, n]: the bias gradient of a linear layer. */
export function sumRows(dBias: Float32Array, dOut: Float32Array): void {
  const n = dBias.length;
  for (let row = 0; row < dOut.length; row += n) for (let j = 0; j < n; j++) dBias[j] += dOut[row + j];
}

/** The plain TypeScript backend. */
/**
 * LayerNorm (Ba et al. 2016; torch.nn.LayerNorm, biased variance) over rows of `width`,
 * sums in float64:  x̂ = (x − μ)·rstd, rstd = 1/√(σ² + eps),  y = x̂·w + b.
 * x̂ and rstd (one per row) are kept for the backward pass.
 */
export function layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void {
  for (let r = 0; r < rstds.length; r++) {
    const start = r * width;
    let mu = 0;
    for (let j = 0; j < width; j++) mu += x[start + j];
    mu /= width;
    let variance = 0;
    for (let j = 0; j < width; j++) variance += (x[start + j] - mu) ** 2;
    variance /= width;
    const rstd = 1 / Math.sqrt(variance + eps);
    rstds[r] = rstd;
    for (let j = 0; j < width; j++) {
      const h = (x[start + j] - mu) * rstd;
      xhat[start + j] = h;
      y[start + j] = h * w[j] + (b === null ? 0 : b[j]);
    }
  }
}

/** LayerNorm backward per row, g = dy·w:  dx += rstd·(g − mean(g) − x̂·mean(g·x̂)),  dw += dy·x̂,  db += dy. */
export function layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void {
  for (let r = 0; r < rstds.length; r++) {
    const start = r * width;
    let meanG = 0;
    let meanGXhat = 0;
    for (let j = 0; j < width; j++) {
      const g = dy[start + j] * w[j];
      meanG += g;
      meanGXhat += g * xhat[start + j];
    }
    meanG /= width;
    meanGXhat /= width;
    for (let j = 0; j < width; j++) {
      const h = xhat[start + j];
      const d = dy[start + j];
      if (dw) dw[j] += d * h;
      if (db) db[j] += d;
      if (dx) dx[start + j] += rstds[r] * (d * w[j] - meanG - h * meanGXhat);
    }
  }
}

export const typescriptKernels: Kernels = {
  allocate: (length) => new Float32Array(length),
  release: () => {},
  fillZero: (array) => void array.fill(0),
  matmul: matmulBlocked,
  geluForward,
  geluBackward,
  layerNormForward,
  layerNormBackward,
  add: (out, a, b) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  },
  accumulate: (into, from) => {
    for (let i = 0; i < into.length; i++) into[i] += from[i];
  },
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
