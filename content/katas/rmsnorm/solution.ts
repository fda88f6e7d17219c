/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

/** RMSNorm over the last axis of x [..., C]: x / sqrt(mean(x^2) + eps) * weight. */
export function rmsNorm(x: Nested[], weight: number[], eps: number): Nested[] {
  if (typeof x[0] !== "number") return (x as Nested[][]).map((inner) => rmsNorm(inner, weight, eps));
  const row = x as number[];
  // No mean subtraction and no bias: only the scale of each row is normalized.
  const meanSquare = row.reduce((s, v) => s + v * v, 0) / row.length; // the mean square (not the sum)
  const rstd = 1 / Math.sqrt(meanSquare + eps);
  return row.map((v, j) => v * rstd * weight[j]);
}
