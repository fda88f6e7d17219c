/**
 * The hot inner loops of the tensor ops, behind one small interface, so that a faster
 * backend (WebAssembly SIMD, threads) can replace the plain TypeScript one later without
 * touching the ops: `setKernels(fasterBackend)`.
 *
 * All buffers are row-major Float32Arrays; the kernels never allocate per call (the
 * blocked matmul keeps two packing buffers that grow to the largest size seen).
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

/** The kernel interface the ops call. */
export interface Kernels {
  /**
   * out[m, n] (+)= op(A)[m, k] · op(B)[k, n], where op(A) = A ([m, k]) or Aᵀ (A stored [k, m]),
   * op(B) = B ([k, n]) or Bᵀ (B stored [n, k]).
   */
  matmul(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options?: MatmulOptions): void;
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

/** Rows of A and columns of B handled by one micro-kernel call (a 4×4 block of `out`). */
const BLOCK = 4;

// Packing buffers, grown on demand and reused: no allocation per call once warm.
let packedA = new Float32Array(0);
let packedB = new Float32Array(0);

/**
 * Copies a [rows, k] operand, element (i, p) = src[i·rowStride + p·colStride], into panels
 * of 4 rows: panel r holds, for each p, the 4 values (4r..4r+3, p) side by side, and rows
 * past `rows` are zero. Both operands go through it (B as Bᵀ, i.e. by columns), so
 * transposes are resolved here and the micro-kernel always reads contiguously. The loop
 * order follows the source's contiguous axis so the copy streams through memory.
 */
function packPanels(dst: Float32Array, src: Float32Array, rows: number, k: number, rowStride: number, colStride: number): void {
  const panels = Math.ceil(rows / BLOCK);
  dst.fill(0, (panels - 1) * k * BLOCK, panels * k * BLOCK); // the last panel may be partly padding
  if (colStride === 1) {
    for (let i = 0; i < rows; i++) {
      const base = (i >> 2) * k * BLOCK + (i & 3);
      for (let p = 0; p < k; p++) dst[base + p * BLOCK] = src[i * rowStride + p];
    }
  } else {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < rows; i++) dst[(i >> 2) * k * BLOCK + p * BLOCK + (i & 3)] = src[i * rowStride + p * colStride];
    }
  }
}

/**
 * Register-blocked matmul: both operands are packed into 4-wide panels, then a 4×4
 * micro-kernel keeps 16 accumulators in locals over the whole k loop (16 multiply-adds per
 * 8 loads, against 1 per 2 in the triple loop). Same contract as `matmulReference`.
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
  const rowPanels = Math.ceil(m / BLOCK);
  const colPanels = Math.ceil(n / BLOCK);
  if (packedA.length < rowPanels * BLOCK * k) packedA = new Float32Array(rowPanels * BLOCK * k);
  if (packedB.length < colPanels * BLOCK * k) packedB = new Float32Array(colPanels * BLOCK * k);
  const pa = packedA;
  const pb = packedB;
  // op(A)[i, p] and op(B)ᵀ[j, p], as strides into the stored arrays.
  if (m > 0) packPanels(pa, a, m, k, transA ? 1 : k, transA ? m : 1);
  if (n > 0) packPanels(pb, b, n, k, transB ? k : 1, transB ? 1 : n);

  for (let rp = 0; rp < rowPanels; rp++) {
    const aBase = rp * k * BLOCK;
    const i0 = rp * BLOCK;
    for (let cp = 0; cp < colPanels; cp++) {
      const bBase = cp * k * BLOCK;
      const j0 = cp * BLOCK;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let ai = aBase;
      let bi = bBase;
      for (let p = 0; p < k; p++, ai += BLOCK, bi += BLOCK) {
        const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
        const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      if (i0 + BLOCK <= m && j0 + BLOCK <= n) {
        storeRow(out, i0 * n + j0, c00, c01, c02, c03, accumulate);
        storeRow(out, (i0 + 1) * n + j0, c10, c11, c12, c13, accumulate);
        storeRow(out, (i0 + 2) * n + j0, c20, c21, c22, c23, accumulate);
        storeRow(out, (i0 + 3) * n + j0, c30, c31, c32, c33, accumulate);
      } else {
        // An edge block: write only the entries inside [m, n].
        const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < BLOCK && i0 + r < m; r++) {
          for (let c = 0; c < BLOCK && j0 + c < n; c++) {
            const o = (i0 + r) * n + j0 + c;
            out[o] = accumulate ? out[o] + block[r * BLOCK + c] : block[r * BLOCK + c];
          }
        }
      }
    }
  }
}

function storeRow(out: Float32Array, o: number, x0: number, x1: number, x2: number, x3: number, accumulate: boolean): void {
  if (accumulate) {
    out[o] += x0;
    out[o + 1] += x1;
    out[o + 2] += x2;
    out[o + 3] += x3;
  } else {
    out[o] = x0;
    out[o + 1] = x1;
    out[o + 2] = x2;
    out[o + 3] = x3;
  }
}

/** The plain TypeScript backend. */
export const typescriptKernels: Kernels = { matmul: matmulBlocked };

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
