export type Sequences = number[][] | number[][][];

function attend(q: number[][], k: number[][], v: number[][]): number[][] {
  return q.map((qt, t) => {
    const scores = k.slice(0, t + 1).map((ku) => qt.reduce((sum, x, i) => sum + x * ku[i], 0));
    const max = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - max));
    const total = e.reduce((a, b) => a + b, 0);
    return v[0].map((_, j) => e.reduce((sum, w, u) => sum + (w / total) * v[u][j], 0));
  });
}

export function causalAttention(q: Sequences, k: Sequences, v: Sequences): Sequences {
  if (Array.isArray(q[0][0])) {
    const [qb, kb, vb] = [q, k, v] as number[][][][];
    return qb.map((qs, b) => attend(qs, kb[b], vb[b]));
  }
  return attend(q as number[][], k as number[][], v as number[][]);
}
