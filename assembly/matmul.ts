// WebAssembly SIMD matmul (AssemblyScript, compiled with --enable simd by scripts/build-wasm.mjs).
//
//   C[m, n] (+)= A[m, k] · B[k, n]      all float32, row-major
//
// A is read in place through two byte strides, op(A)[i, p] at a + i·aRow + p·aCol: a
// row-major [m, k] has aRow = 4k, aCol = 4; one stored transposed ([k, m]) has aRow = 4,
// aCol = 4m. Attention reads its small Pᵀ and dSᵀ that way; the engine's larger matmuls
// transpose Aᵀ first (transpose below), which measured faster than strided reads at
// 384×768×128 (the strided loads touch a new cache line every step of k). B is packed (packPanels) into column panels of
// PANEL = 8: panel p holds B[0..k, 8p..8p+8] as k rows of 8 floats, zero-padded past n.
// A panel row is two 128-bit vectors, so the micro-kernel keeps a 4 × 8 block of C in
// eight f32x4 accumulators: per step of k it loads 2 vectors of B, broadcasts 4 values of
// A and does 8 multiply-adds (64 FLOPs). 8 accumulators + 2 B vectors + 1 broadcast fit in
// the 16 SIMD registers of x64 without spilling.
//
// Sums run in float32 (one rounding per multiply and per add), unlike the TypeScript
// kernel's float64 accumulators: results agree to float32 tolerance, not bit for bit.

/** Columns of B per packed panel: two 128-bit vectors. */
export const PANEL = 8;

/** Floats packPanels writes for a [k, n] operand: ⌈n / PANEL⌉ panels of k rows of PANEL. */
export function packedFloats(k: i32, n: i32): i32 {
  return ((n + PANEL - 1) / PANEL) * PANEL * k;
}

/**
 * Computes C (+)= op(A)·B for rows [rowStart, rowEnd) of C. `accumulate` = 0 overwrites C.
 * Pointers are byte offsets into this module's memory; aRow and aCol are op(A)'s strides.
 */
export function matmulPanels(c: usize, a: usize, aRow: i32, aCol: i32, bPanels: usize, m: i32, k: i32, n: i32, rowStart: i32, rowEnd: i32, accumulate: i32): void {
  const panels = (n + PANEL - 1) / PANEL;
  const panelBytes = <usize>k * PANEL * 4;
  for (let p = 0; p < panels; p++) {
    const panel = bPanels + <usize>p * panelBytes;
    const col = p * PANEL;
    const width = min(PANEL, n - col); // valid columns of this panel
    let i = rowStart;
    for (; i + 4 <= rowEnd; i += 4) block4(c, a + <usize>i * <usize>aRow, <usize>aRow, <usize>aCol, panel, panelBytes, n, i, col, width, accumulate);
    for (; i < rowEnd; i++) block1(c, a + <usize>i * <usize>aRow, <usize>aCol, panel, panelBytes, n, i, col, width, accumulate);
  }
}

/** Rows i..i+3 of C (op(A)'s row i at `row`), columns col..col+width−1 (width ≤ 8). */
@inline
function block4(c: usize, row: usize, aRow: usize, aCol: usize, panel: usize, panelBytes: usize, n: i32, i: i32, col: i32, width: i32, accumulate: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // Pointers advance instead of being recomputed from p, and the broadcasts are
  // load32_splat (a load-port broadcast, not a load plus a shuffle on an FP pipe): together
  // 29 → 43 GFLOP/s on one core at the GPT shapes.
  let a0 = row;
  let a1 = a0 + aRow;
  let a2 = a1 + aRow;
  let a3 = a2 + aRow;
  let b = panel;
  const end = panel + panelBytes;
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a0);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a0 += aCol;
    a1 += aCol;
    a2 += aCol;
    a3 += aCol;
    b += PANEL * 4;
  }
  storeRow(c, n, i, col, width, c00, c01, accumulate);
  storeRow(c, n, i + 1, col, width, c10, c11, accumulate);
  storeRow(c, n, i + 2, col, width, c20, c21, accumulate);
  storeRow(c, n, i + 3, col, width, c30, c31, accumulate);
}

/** Row i of C (op(A)'s row at `row`), columns col..col+width−1: the rows left over when m is not a multiple of 4. */
@inline
function block1(c: usize, row: usize, aCol: usize, panel: usize, panelBytes: usize, n: i32, i: i32, col: i32, width: i32, accumulate: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let b = panel;
  const end = panel + panelBytes;
  while (b < end) {
    const x = v128.load32_splat(row);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(b, 16)));
    row += aCol;
    b += PANEL * 4;
  }
  storeRow(c, n, i, col, width, c0, c1, accumulate);
}

/** Writes (or adds) two vectors into C[i, col..col+width); a full panel takes two vector stores. */
@inline
function storeRow(c: usize, n: i32, i: i32, col: i32, width: i32, v0: v128, v1: v128, accumulate: i32): void {
  const out = c + (<usize>i * <usize>n + <usize>col) * 4;
  if (width == PANEL) {
    if (accumulate) {
      v0 = f32x4.add(v0, v128.load(out));
      v1 = f32x4.add(v1, v128.load(out, 16));
    }
    v128.store(out, v0);
    v128.store(out, v1, 16);
    return;
  }
  // A partial panel at the right edge: lane by lane, so nothing past column n is touched.
  for (let j = 0; j < width; j++) {
    const value = j < 4 ? laneOf(v0, j) : laneOf(v1, j - 4);
    const at = out + <usize>j * 4;
    store<f32>(at, accumulate ? load<f32>(at) + value : value);
  }
}

/** Lane j (0..3) of a vector, with a constant lane index as f32x4.extract_lane requires. */
@inline
function laneOf(v: v128, j: i32): f32 {
  if (j == 0) return f32x4.extract_lane(v, 0);
  if (j == 1) return f32x4.extract_lane(v, 1);
  if (j == 2) return f32x4.extract_lane(v, 2);
  return f32x4.extract_lane(v, 3);
}

/** First byte after this module's static data: the caller's buffers start at or after it. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Packs B into the panels matmulPanels reads: panel q, row p, lane j = op(B)[p, 8q + j],
 * zero past column n. `src` holds B as stored: [k, n], or [n, k] when transB = 1.
 * Full panels move whole vectors (transB: 4×4 blocks transposed in registers); the
 * partial last panel and the last k % 4 rows go element by element.
 */
export function packPanels(src: usize, k: i32, n: i32, transB: i32, dst: usize): void {
  const panels = (n + PANEL - 1) / PANEL;
  const full = n / PANEL; // panels with 8 valid columns
  const rowBytes = <usize>PANEL * 4;
  for (let q = 0; q < full; q++) {
    const panel = dst + <usize>q * <usize>k * rowBytes;
    if (transB) {
      // Stored rows 8q..8q+7 of [n, k] become the panel's 8 lanes.
      const s0 = src + <usize>(q * PANEL) * <usize>k * 4;
      const stride = <usize>k * 4;
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const at = s0 + <usize>p * 4;
        const out = panel + <usize>p * rowBytes;
        storeTransposed(v128.load(at), v128.load(at + stride), v128.load(at + 2 * stride), v128.load(at + 3 * stride), out, rowBytes);
        const lower = at + 4 * stride;
        storeTransposed(v128.load(lower), v128.load(lower + stride), v128.load(lower + 2 * stride), v128.load(lower + 3 * stride), out + 16, rowBytes);
      }
      for (; p < k; p++) {
        for (let j = 0; j < PANEL; j++) store<f32>(panel + <usize>p * rowBytes + <usize>j * 4, load<f32>(s0 + (<usize>j * <usize>k + <usize>p) * 4));
      }
    } else {
      for (let p = 0; p < k; p++) {
        const at = src + (<usize>p * <usize>n + <usize>(q * PANEL)) * 4;
        v128.store(panel + <usize>p * rowBytes, v128.load(at));
        v128.store(panel + <usize>p * rowBytes, v128.load(at, 16), 16);
      }
    }
  }
  for (let q = full; q < panels; q++) {
    const panel = dst + <usize>q * <usize>k * rowBytes;
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < PANEL; j++) {
        const col = q * PANEL + j;
        const at = panel + <usize>p * rowBytes + <usize>j * 4;
        if (col >= n) store<f32>(at, 0);
        else if (transB) store<f32>(at, load<f32>(src + (<usize>col * <usize>k + <usize>p) * 4));
        else store<f32>(at, load<f32>(src + (<usize>p * <usize>n + <usize>col) * 4));
      }
    }
  }
}

/**
 * dst[c, r] = src[r, c] for a [rows, cols] matrix: op(A) when A is stored transposed.
 * 4×4 blocks are transposed in registers; the edges element by element.
 */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const srcRow = <usize>cols * 4;
  const dstRow = <usize>rows * 4;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const at = src + <usize>r * srcRow + <usize>c * 4;
      storeTransposed(v128.load(at), v128.load(at + srcRow), v128.load(at + 2 * srcRow), v128.load(at + 3 * srcRow), dst + <usize>c * dstRow + <usize>r * 4, dstRow);
    }
    for (; c < cols; c++) {
      for (let i = r; i < r + 4; i++) store<f32>(dst + <usize>c * dstRow + <usize>i * 4, load<f32>(src + <usize>i * srcRow + <usize>c * 4));
    }
  }
  for (; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(dst + <usize>c * dstRow + <usize>r * 4, load<f32>(src + <usize>r * srcRow + <usize>c * 4));
  }
}

/** Stores the transpose of the 4×4 block with rows r0..r3 as 4 vectors at dst, dst + stride, ... */
@inline
function storeTransposed(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // a0 b0 a1 b1
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // a2 b2 a3 b3
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // c0 d0 c1 d1
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // c2 d2 c3 d3
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5)); // a0 b0 c0 d0
  v128.store(dst + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7)); // a1 b1 c1 d1
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5)); // a2 b2 c2 d2
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7)); // a3 b3 c3 d3
}

/**
 * The same product, shared between threads: each caller takes blocks of `chunk` rows
 * (a multiple of 4) from the counter at `counter` (an i32 in this memory, set to 0 before
 * the threads start) until none are left, so a thread that runs slower simply takes
 * fewer blocks. Every row is computed exactly as matmulPanels computes it.
 */
export function matmulShared(c: usize, a: usize, aRow: i32, aCol: i32, bPanels: usize, m: i32, k: i32, n: i32, counter: usize, chunk: i32, accumulate: i32): void {
  while (true) {
    const start = atomic.add<i32>(counter, chunk);
    if (start >= m) return;
    matmulPanels(c, a, aRow, aCol, bPanels, m, k, n, start, min(start + chunk, m), accumulate);
  }
}
