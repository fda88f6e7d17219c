/** Unbiased pass@k for one problem: n samples, c of them correct, 1 <= k <= n. */
export function passAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  // C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k/i): no factorials, so nothing overflows.
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}
