function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

const idsByLogit = (logits: number[]): number[] => logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a]);

function keep(probs: number[], ids: number[]): number[] {
  const mass = ids.reduce((sum, id) => sum + probs[id], 0);
  return probs.map((p, i) => (ids.includes(i) ? p : 0) / mass);
}

export function topKProbs(logits: number[], k: number): number[] {
  return keep(softmax(logits), idsByLogit(logits).slice(0, k));
}

export function topPProbs(logits: number[], p: number): number[] {
  const probs = softmax(logits);
  const kept: number[] = [];
  let mass = 0;
  for (const id of idsByLogit(logits)) {
    mass += probs[id];
    if (mass > p) break;
    kept.push(id);
  }
  return keep(probs, kept);
}
