/** One decoding step of one head: caches [t, d] (t may be 0), new q, k, v [d] -> [out [d], kCache [t+1, d], vCache [t+1, d]]. */
export function kvCacheDecodeStep(kCache: number[][], vCache: number[][], q: number[], k: number[], v: number[]): [number[], number[][], number[][]] {
  throw new Error("not implemented");
}
