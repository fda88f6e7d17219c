/** Schulman's k1, k2, k3 estimators of KL(q || p) from N samples x ~ q: per-sample [3][N] and means [3]. */
export function klEstimators(logq: number[], logp: number[]): [number[][], number[]] {
  const r = logp.map((lp, i) => lp - logq[i]); // log p(x) / q(x)
  const k1 = r.map((v) => -v); // unbiased, but negative whenever p(x) > q(x)
  const k2 = r.map((v) => 0.5 * v * v); // biased, always >= 0
  // (p/q - 1) - log(p/q): unbiased since E_q[p/q] = 1, and >= 0 since log t <= t - 1.
  // expm1 keeps it accurate when r is tiny (it is then about r^2 / 2).
  const k3 = r.map((v) => Math.expm1(v) - v);
  const samples = [k1, k2, k3];
  return [samples, samples.map((k) => k.reduce((a, b) => a + b, 0) / k.length)];
}

/** Exact KL(q || p) = sum_i q_i log(q_i / p_i) in nats; 0 log 0 = 0, and Infinity where p_i = 0 < q_i. */
export function discreteKl(q: number[], p: number[]): number {
  let kl = 0;
  q.forEach((qi, i) => {
    // Outcomes q never produces contribute nothing, whatever p is there.
    if (qi > 0) kl += qi * (Math.log(qi) - Math.log(p[i]));
  });
  return kl;
}
