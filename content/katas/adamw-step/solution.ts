/** One AdamW step at step t (1-based); returns the new [theta, m, v], each of length n. */
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
  // m and v start at 0, so early averages are biased toward 0: divide by 1 - β^t.
  const correction1 = 1 - beta1 ** t;
  const correction2 = 1 - beta2 ** t;
  const newTheta: number[] = [];
  const newM: number[] = [];
  const newV: number[] = [];
  theta.forEach((th, j) => {
    const g = grad[j];
    const mj = beta1 * m[j] + (1 - beta1) * g;
    const vj = beta2 * v[j] + (1 - beta2) * g * g;
    // Decoupled weight decay shrinks θ directly; ε goes after the square root, as in torch.
    newTheta.push(th * (1 - lr * weightDecay) - (lr * (mj / correction1)) / (Math.sqrt(vj / correction2) + eps));
    newM.push(mj);
    newV.push(vj);
  });
  return [newTheta, newM, newV];
}
