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
  throw new Error("not implemented");
}
