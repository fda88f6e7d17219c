/** nanoGPT's learning rate at iteration it (0-based): linear warmup, cosine decay, then minLr. */
export function getLr(it: number, learningRate: number, minLr: number, warmupIters: number, lrDecayIters: number): number {
  // (it + 1) / (warmupIters + 1): step 0 already gets a small lr, not 0.
  if (it < warmupIters) return (learningRate * (it + 1)) / (warmupIters + 1);
  if (it > lrDecayIters) return minLr;
  // The cosine runs over the decay phase only: ratio 0 at the end of warmup, 1 at lrDecayIters.
  const decayRatio = (it - warmupIters) / (lrDecayIters - warmupIters);
  const coeff = 0.5 * (1 + Math.cos(Math.PI * decayRatio)); // 1 -> 0
  return minLr + coeff * (learningRate - minLr);
}
