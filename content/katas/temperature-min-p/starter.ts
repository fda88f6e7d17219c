/** softmax(logits / temperature) [V] kept where prob >= minP * max prob, renormalized, 0 elsewhere. */
export function minPProbs(logits: number[], temperature: number, minP: number): number[] {
  throw new Error("not implemented");
}

/** The first id whose cumulative min-p probability exceeds u, for u uniform in [0, 1). */
export function sampleToken(logits: number[], temperature: number, minP: number, u: number): number {
  throw new Error("not implemented");
}
