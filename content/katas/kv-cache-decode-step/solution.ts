/** One decoding step of one head: caches [t, d] (t may be 0), new q, k, v [d] -> [out [d], kCache [t+1, d], vCache [t+1, d]]. */
export function kvCacheDecodeStep(kCache: number[][], vCache: number[][], q: number[], k: number[], v: number[]): [number[], number[][], number[][]] {
  // Append first: the new token attends to itself as well as to the t cached positions.
  const keys = [...kCache, k]; // [t+1, d]
  const values = [...vCache, v];
  const scores = keys.map((key) => key.reduce((sum, x, i) => sum + x * q[i], 0) / Math.sqrt(q.length));
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const total = e.reduce((a, b) => a + b, 0);
  const out = q.map((_, j) => e.reduce((sum, w, u) => sum + (w / total) * values[u][j], 0));
  return [out, keys, values];
}
