/** Causal attention of one head: q, k, v [T, d] -> [T, d]. */
function attend(q: number[][], k: number[][], v: number[][]): number[][] {
  const d = q[0].length;
  return q.map((qt, t) => {
    const scores = k.slice(0, t + 1).map((ku) => qt.reduce((sum, x, i) => sum + x * ku[i], 0) / Math.sqrt(d));
    const max = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - max));
    const total = e.reduce((a, b) => a + b, 0);
    return v[0].map((_, j) => e.reduce((sum, w, u) => sum + (w / total) * v[u][j], 0));
  });
}

/** Causal grouped-query attention: q [H, T, d], k and v [H_kv, T, d] -> [H, T, d]. */
export function groupedQueryAttention(q: number[][][], k: number[][][], v: number[][][]): number[][][] {
  const group = q.length / k.length; // query heads per kv head
  // Consecutive query heads share a kv head: h reads kv head floor(h / group).
  return q.map((qh, h) => attend(qh, k[Math.floor(h / group)], v[Math.floor(h / group)]));
}
