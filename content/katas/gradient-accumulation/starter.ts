/** The factor n_i / N to multiply micro-batch i's mean loss by before its backward. */
export function microBatchLossWeights(sizes: number[]): number[] {
  throw new Error("not implemented");
}

/** The full-batch mean gradient [D] from K micro-batch mean gradients [D] and their sizes. */
export function accumulateGradients(microGrads: number[][], sizes: number[]): number[] {
  throw new Error("not implemented");
}
