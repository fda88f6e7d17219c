/** Schulman's k1, k2, k3 estimators of KL(q || p) from N samples x ~ q: per-sample [3][N] and means [3]. */
export function klEstimators(logq: number[], logp: number[]): [number[][], number[]] {
  throw new Error("not implemented");
}

/** Exact KL(q || p) = sum_i q_i log(q_i / p_i) in nats; 0 log 0 = 0, and Infinity where p_i = 0 < q_i. */
export function discreteKl(q: number[], p: number[]): number {
  throw new Error("not implemented");
}
