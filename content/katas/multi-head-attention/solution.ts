/** a [M, K] @ b [K, N] -> [M, N]. */
const matmul = (a: number[][], b: number[][]): number[][] => a.map((row) => b[0].map((_, j) => row.reduce((sum, x, i) => sum + x * b[i][j], 0)));

/** Causal multi-head self-attention of x [T, C] with weights [C, C] applied as x @ W -> [T, C]. */
export function multiHeadAttention(x: number[][], wQ: number[][], wK: number[][], wV: number[][], wO: number[][], nHead: number): number[][] {
  const [q, k, v] = [wQ, wK, wV].map((w) => matmul(x, w)); // [T, C] each
  const headDim = q[0].length / nHead;
  // y [T, C]: head h reads and writes columns h*headDim .. (h+1)*headDim - 1, so concatenation is free.
  const y = x.map(() => new Array<number>(q[0].length).fill(0));
  for (let h = 0; h < nHead; h++) {
    const cols = (row: number[]) => row.slice(h * headDim, (h + 1) * headDim);
    q.forEach((qRow, t) => {
      // Scores over positions u <= t, scaled by the head size, not the model width.
      const scores = k.slice(0, t + 1).map((kRow) => cols(qRow).reduce((sum, a, i) => sum + a * cols(kRow)[i], 0) / Math.sqrt(headDim));
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const total = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < headDim; j++) y[t][h * headDim + j] = e.reduce((sum, w, u) => sum + (w / total) * v[u][h * headDim + j], 0);
    });
  }
  return matmul(y, wO);
}
