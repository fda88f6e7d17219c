/** The matrix product a [m, k]·b [k, n] → [m, n]. */
function matmul(a: number[][], b: number[][]): number[][] {
  const n = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: n }, (_, j) => row.reduce((sum, v, k) => sum + v * b[k][j], 0)));
}

/** a + c·b, elementwise, for matrices of the same shape. */
const addScaled = (a: number[][], b: number[][], c: number): number[][] => a.map((row, i) => row.map((v, j) => v + c * b[i][j]));

/** y = x·W + (alpha / r)·x·A·B for x [n, in], W [in, out], A [in, r], B [r, out]; returns [n, out]. */
export function loraForward(x: number[][], W: number[][], A: number[][], B: number[][], alpha: number): number[][] {
  const r = B.length; // A [in, r], B [r, out]
  // (x·A)·B: [n, r] then [n, out], n·r·(in + out) multiply-adds; A·B [in, out] is never formed.
  return addScaled(matmul(x, W), matmul(matmul(x, A), B), alpha / r);
}

/** The merged weight W + (alpha / r)·A·B, shape [in, out]. */
export function merge(W: number[][], A: number[][], B: number[][], alpha: number): number[][] {
  // The same alpha / r as the forward pass, so that x·merge(...) equals loraForward(x, ...).
  return addScaled(W, matmul(A, B), alpha / B.length);
}

/** The base weight W back from merged = W + (alpha / r)·A·B, shape [in, out]. */
export function unmerge(merged: number[][], A: number[][], B: number[][], alpha: number): number[][] {
  return addScaled(merged, matmul(A, B), -alpha / B.length);
}
