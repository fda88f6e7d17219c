/** max(0, p - q) normalized to sum to 1 [V]: what a rejected draft token is resampled from. */
export function residualDistribution(p: number[], q: number[]): number[] {
  // The mass the draft under-proposes; rejections must add exactly this to reach p.
  const residual = p.map((pi, i) => Math.max(0, pi - q[i]));
  const mass = residual.reduce((a, b) => a + b, 0);
  return residual.map((r) => r / mass);
}

/** [accepted, token]: keep x if u < min(1, p[x] / q[x]), else the residual's inverse-CDF sample for v. */
export function verifyDraftToken(p: number[], q: number[], x: number, u: number, v: number): [boolean, number] {
  // x is accepted with probability min(1, p[x]/q[x]): P(x proposed and kept) = min(p[x], q[x]).
  if (u < Math.min(1, p[x] / q[x])) return [true, x];
  const residual = residualDistribution(p, q);
  // The first id whose cumulative residual exceeds v; ids with zero residual are never chosen.
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < residual.length; i++) {
    if (residual[i] === 0) continue;
    cumulative += residual[i];
    last = i;
    if (cumulative > v) return [false, i];
  }
  return [false, last];
}
