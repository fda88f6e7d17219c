/** softmax(logits / temperature) [V] kept where prob >= minP * max prob, renormalized, 0 elsewhere. */
export function minPProbs(logits: number[], temperature: number, minP: number): number[] {
  // Temperature scales the logits, before the softmax; subtracting the max keeps exp finite.
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp((l - max) / temperature));
  const total = e.reduce((a, b) => a + b, 0);
  const probs = e.map((v) => v / total);
  // The threshold moves with the model's confidence: minP times the top probability.
  const top = Math.max(...probs);
  const kept = probs.map((p) => (p >= minP * top ? p : 0));
  const mass = kept.reduce((a, b) => a + b, 0);
  return kept.map((p) => p / mass);
}

/** The first id whose cumulative min-p probability exceeds u, for u uniform in [0, 1). */
export function sampleToken(logits: number[], temperature: number, minP: number, u: number): number {
  const probs = minPProbs(logits, temperature, minP);
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] === 0) continue; // a filtered id is never chosen, even at u = 0
    cumulative += probs[i];
    last = i;
    if (cumulative > u) return i;
  }
  return last; // rounding left the total at or below u
}
