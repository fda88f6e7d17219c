export function adamwStep(
  theta: number[],
  grad: number[],
  m: number[],
  v: number[],
  t: number,
  lr: number,
  betas: number[],
  eps: number,
  weightDecay: number,
): [number[], number[], number[]] {
  const [beta1, beta2] = betas;
  const newM = m.map((mj, j) => beta1 * mj + (1 - beta1) * grad[j]);
  const newV = v.map((vj, j) => beta2 * vj + (1 - beta2) * grad[j] * grad[j]);
  const newTheta = theta.map((th, j) => th * (1 - lr * weightDecay) - (lr * newM[j]) / (Math.sqrt(newV[j]) + eps));
  return [newTheta, newM, newV];
}
