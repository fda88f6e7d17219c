/** softmax of a vector, max-subtracted: finite for logits of ±1e4. */
function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** Ids by logit, descending; the lower id first on ties (sort is stable, and ids start in order). */
const idsByLogit = (logits: number[]): number[] => logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a]);

/** probs on the first n of `ids`, 0 elsewhere, renormalized to sum to 1. */
function keep(probs: number[], ids: number[], n: number): number[] {
  const kept = new Set(ids.slice(0, n));
  const mass = ids.slice(0, n).reduce((sum, id) => sum + probs[id], 0);
  return probs.map((p, i) => (kept.has(i) ? p / mass : 0));
}

/** softmax(logits) [V] kept on the k most likely ids (lower id first on ties), renormalized, 0 elsewhere. */
export function topKProbs(logits: number[], k: number): number[] {
  return keep(softmax(logits), idsByLogit(logits), k);
}

/** softmax(logits) [V] kept on the smallest most-likely set whose mass reaches p (crossing token included), renormalized. */
export function topPProbs(logits: number[], p: number): number[] {
  const probs = softmax(logits);
  const order = idsByLogit(logits);
  // Walk down the ranks; the token whose cumulative mass reaches p is the last one kept.
  let mass = 0;
  let n = order.length;
  for (let r = 0; r < order.length; r++) {
    mass += probs[order[r]];
    if (mass >= p) {
      n = r + 1;
      break;
    }
  }
  return keep(probs, order, n);
}
