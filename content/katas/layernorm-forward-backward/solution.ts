const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** One row's normalized values x̂ = (x − μ)·rstd and rstd = 1/√(σ² + eps), σ² biased (divided by C). */
function normalize(row: number[], eps: number): { xhat: number[]; rstd: number } {
  const mu = mean(row);
  const rstd = 1 / Math.sqrt(mean(row.map((v) => (v - mu) ** 2)) + eps);
  return { xhat: row.map((v) => (v - mu) * rstd), rstd };
}

/** LayerNorm over the last axis of x [N, C]: (x - mean) / sqrt(var + eps) * gamma + beta, biased var. */
export function layerNormForward(x: number[][], gamma: number[], beta: number[], eps: number): number[][] {
  return x.map((row) => normalize(row, eps).xhat.map((h, j) => h * gamma[j] + beta[j]));
}

/** [dx [N, C], dgamma [C], dbeta [C]] of LayerNorm over the last axis, given dy = dL/dy [N, C]. */
export function layerNormBackward(dy: number[][], x: number[][], gamma: number[], eps: number): [number[][], number[], number[]] {
  const dgamma = gamma.map(() => 0);
  const dbeta = gamma.map(() => 0);
  const dx = x.map((row, i) => {
    const { xhat, rstd } = normalize(row, eps);
    dy[i].forEach((d, j) => {
      dgamma[j] += d * xhat[j]; // gamma and beta are shared by all rows: sum over N
      dbeta[j] += d;
    });
    const g = dy[i].map((d, j) => d * gamma[j]); // dL/dx̂
    // x reaches x̂ directly, through the mean and through the variance: subtract both projections.
    const meanG = mean(g);
    const meanGXhat = mean(g.map((v, j) => v * xhat[j]));
    return g.map((v, j) => rstd * (v - meanG - xhat[j] * meanGXhat));
  });
  return [dx, dgamma, dbeta];
}
