/** The p-quantile of sorted values by linear interpolation (NumPy's default): position p·(B − 1). */
function linearQuantile(sorted: number[], p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Percentile bootstrap interval [low, high] of the mean of x [n], from the resamples indices [B][n]. */
export function percentileInterval(x: number[], indices: number[][], level: number): [number, number] {
  // One mean per resample: the bootstrap distribution [B], sorted for the quantiles.
  const means = indices.map((row) => row.reduce((sum, i) => sum + x[i], 0) / row.length).sort((a, b) => a - b);
  const alpha = (1 - level) / 2; // half of the miss probability in each tail
  return [linearQuantile(means, alpha), linearQuantile(means, 1 - alpha)];
}
