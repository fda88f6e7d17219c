/** y = x·W + (alpha / r)·x·A·B for x [n, in], W [in, out], A [in, r], B [r, out]; returns [n, out]. */
export function loraForward(x: number[][], W: number[][], A: number[][], B: number[][], alpha: number): number[][] {
  throw new Error("not implemented");
}

/** The merged weight W + (alpha / r)·A·B, shape [in, out]. */
export function merge(W: number[][], A: number[][], B: number[][], alpha: number): number[][] {
  throw new Error("not implemented");
}

/** The base weight W back from merged = W + (alpha / r)·A·B, shape [in, out]. */
export function unmerge(merged: number[][], A: number[][], B: number[][], alpha: number): number[][] {
  throw new Error("not implemented");
}
