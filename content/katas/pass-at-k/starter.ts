/** Unbiased pass@k for one problem: n samples, c of them correct, 1 <= k <= n. */
export function passAtK(n: number, c: number, k: number): number {
  throw new Error("not implemented");
}
