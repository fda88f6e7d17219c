export function minPProbs(logits: number[], temperature: number, minP: number): number[] {
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp((l - max) / temperature));
  const total = e.reduce((a, b) => a + b, 0);
  const kept = e.map((v) => (v / total >= minP ? v / total : 0));
  const mass = kept.reduce((a, b) => a + b, 0);
  return kept.map((p) => p / mass);
}

export function sampleToken(logits: number[], temperature: number, minP: number, u: number): number {
  const probs = minPProbs(logits, temperature, minP);
  let cumulative = 0;
  for (let i = 0; i < probs.length; i++) {
    cumulative += probs[i];
    if (cumulative > u) return i;
  }
  return probs.length - 1;
}
