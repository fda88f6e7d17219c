/** Percentile bootstrap interval [low, high] of the mean of x [n], from the resamples indices [B][n]. */
export function percentileInterval(x: number[], indices: number[][], level: number): [number, number] {
  throw new Error("not implemented");
}
