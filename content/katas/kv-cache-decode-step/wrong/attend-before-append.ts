export function kvCacheDecodeStep(kCache: number[][], vCache: number[][], q: number[], k: number[], v: number[]): [number[], number[][], number[][]] {
  const scores = kCache.map((key) => key.reduce((sum, x, i) => sum + x * q[i], 0) / Math.sqrt(q.length));
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const total = e.reduce((a, b) => a + b, 0);
  const out = q.map((_, j) => e.reduce((sum, w, u) => sum + (w / total) * vCache[u][j], 0));
  return [out, [...kCache, k], [...vCache, v]];
}
