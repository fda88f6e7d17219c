/** softmax(logits) [V] kept on the k most likely ids (lower id first on ties), renormalized, 0 elsewhere. */
export function topKProbs(logits: number[], k: number): number[] {
  throw new Error("not implemented");
}

/** softmax(logits) [V] kept on the smallest most-likely set whose mass reaches p (crossing token included), renormalized. */
export function topPProbs(logits: number[], p: number): number[] {
  throw new Error("not implemented");
}
