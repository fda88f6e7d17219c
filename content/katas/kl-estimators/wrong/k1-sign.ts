export function klEstimators(logq: number[], logp: number[]): [number[][], number[]] {
  const r = logp.map((lp, i) => lp - logq[i]); // log p(x) / q(x)
  const k1 = r.map((v) => v);
  const k2 = r.map((v) => 0.5 * v * v); // biased, always >= 0
  const k3 = r.map((v) => Math.expm1(v) - v);
  const samples = [k1, k2, k3];
  return [samples, samples.map((k) => k.reduce((a, b) => a + b, 0) / k.length)];
}

export function discreteKl(q: number[], p: number[]): number {
  let kl = 0;
  q.forEach((qi, i) => {
    if (qi > 0) kl += qi * (Math.log(qi) - Math.log(p[i]));
  });
  return kl;
}
