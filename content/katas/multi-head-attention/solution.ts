/** a [M, K] @ b [K, N] -> [M, N]. */
const matmul = (a: number[][], b: number[][]): number[][] => a.map((row) => b[0].map((_, j) => row.reduce((sum, x, i) => sum + x * b[i][j], 0)));

/** Causal multi-head self-attention of x [T, C] with weights [C, C] applied as x @ W -> [T, C]. */
export function multiHeadAttention(x: number[][], wQ: number[][], wK: number[][], wV: number[][], wO: number[][], nHead: number): number[][] {
  const [q, k, v] = [wQ, wK, wV].map((w) => matmul(x, w)); // [T, C] each
  const width = q[0].length;
  const headDim = width / nHead;
  const y = x.map(() => new Array<number>(width).fill(0)); // [T, C]: the heads side by side
  for (let h = 0; h < nHead; h++) {
    // Head h owns columns h*headDim .. (h+1)*headDim - 1 of q, k, v and of y.
    const columns = (m: number[][]) => m.map((row) => row.slice(h * headDim, (h + 1) * headDim));
    const [qh, kh, vh] = [columns(q), columns(k), columns(v)]; // [T, headDim] each
    qh.forEach((qt, t) => {
      // Scores over positions u <= t, scaled by the head size, not the model width.
      const scores = kh.slice(0, t + 1).map((ku) => qt.reduce((sum, a, i) => sum + a * ku[i], 0) / Math.sqrt(headDim));
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const total = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < headDim; j++) y[t][h * headDim + j] = e.reduce((sum, w, u) => sum + (w / total) * vh[u][j], 0);
    });
  }
  return matmul(y, wO);
}
