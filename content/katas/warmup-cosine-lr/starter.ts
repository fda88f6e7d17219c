/** nanoGPT's learning rate at iteration it (0-based): linear warmup, cosine decay, then minLr. */
export function getLr(it: number, learningRate: number, minLr: number, warmupIters: number, lrDecayIters: number): number {
  throw new Error("not implemented");
}
