/** max(0, p - q) normalized to sum to 1 [V]: what a rejected draft token is resampled from. */
export function residualDistribution(p: number[], q: number[]): number[] {
  throw new Error("not implemented");
}

/** [accepted, token]: keep x if u < min(1, p[x] / q[x]), else the residual's inverse-CDF sample for v. */
export function verifyDraftToken(p: number[], q: number[], x: number, u: number, v: number): [boolean, number] {
  throw new Error("not implemented");
}
