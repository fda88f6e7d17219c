/** A [T, d] matrix, or a batch of them [B, T, d]. */
export type Sequences = number[][] | number[][][];

/** Causal attention of one sequence: q, k, v [T, d] -> [T, d]. */
function attend(q: number[][], k: number[][], v: number[][]): number[][] {
  const d = q[0].length;
  return q.map((qt, t) => {
    // scores[u] = q_t . k_u / sqrt(d) for u <= t; later keys are masked out (weight 0).
    const scores = k.slice(0, t + 1).map((ku) => qt.reduce((sum, x, i) => sum + x * ku[i], 0) / Math.sqrt(d));
    const max = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - max));
    const total = e.reduce((a, b) => a + b, 0);
    return v[0].map((_, j) => e.reduce((sum, w, u) => sum + (w / total) * v[u][j], 0));
  });
}

/** Causal scaled dot-product attention of one head: q, k, v [T, d] or [B, T, d] -> [..., T, d]. */
export function causalAttention(q: Sequences, k: Sequences, v: Sequences): Sequences {
  if (Array.isArray(q[0][0])) {
    const [qb, kb, vb] = [q, k, v] as number[][][][];
    return qb.map((qs, b) => attend(qs, kb[b], vb[b]));
  }
  return attend(q as number[][], k as number[][], v as number[][]);
}
