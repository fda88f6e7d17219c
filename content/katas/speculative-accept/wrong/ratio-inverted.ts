export function residualDistribution(p: number[], q: number[]): number[] {
  const residual = p.map((pi, i) => Math.max(0, pi - q[i]));
  const mass = residual.reduce((a, b) => a + b, 0);
  return residual.map((r) => r / mass);
}

export function verifyDraftToken(p: number[], q: number[], x: number, u: number, v: number): [boolean, number] {
  if (u < Math.min(1, q[x] / p[x])) return [true, x];
  const residual = residualDistribution(p, q);
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
