/** Causal grouped-query attention: q [H, T, d], k and v [H_kv, T, d] -> [H, T, d]. */
export function groupedQueryAttention(q: number[][][], k: number[][][], v: number[][][]): number[][][] {
  throw new Error("not implemented");
}
