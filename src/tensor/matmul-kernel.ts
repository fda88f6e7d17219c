/**
 * The TypeScript matmul kernels: the readable reference (a triple loop) and the
 * register-blocked kernel the TypeScript backend runs (the WebAssembly backend runs
 * assembly/matmul.ts instead). Both: out[m, n] (+)= op(A)[m, k] · op(B)[k, n].
 */
import type { MatmulOptions } from "./kernels.js";

/**
 * The readable reference matmul: a triple loop in float64 accumulators. The fast kernel is
 * tested against it; it is also the "naive" baseline of `npm run bench -- matmul`.
 */
export function matmulReference(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
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
export function matmulBlocked(out: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, options: MatmulOptions = {}): void {
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
