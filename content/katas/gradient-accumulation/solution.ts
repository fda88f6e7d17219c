/** The factor n_i / N to multiply micro-batch i's mean loss by before its backward. */
export function microBatchLossWeights(sizes: number[]): number[] {
  const total = sizes.reduce((sum, n) => sum + n, 0);
  return sizes.map((n) => n / total);
}

/** The full-batch mean gradient [D] from K micro-batch mean gradients [D] and their sizes. */
export function accumulateGradients(microGrads: number[][], sizes: number[]): number[] {
  // Each mean g_i stands for n_i examples: turn it back into a sum (n_i·g_i), add, divide by N.
  const weights = microBatchLossWeights(sizes);
  return microGrads[0].map((_, j) => microGrads.reduce((sum, g, i) => sum + weights[i] * g[j], 0));
}
