/** Mean cross-entropy of logits [N][V] against targets [N], skipping targets equal to ignoreIndex. */
export function crossEntropy(logits: number[][], targets: number[], ignoreIndex: number = -100): number {
  throw new Error("not implemented");
}
