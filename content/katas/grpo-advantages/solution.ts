/** Group-normalized advantages [G][n]: each reward standardized within its own group (row). */
export function grpoAdvantages(rewards: number[][], eps: number): number[][] {
  return rewards.map((group) => {
    const n = group.length;
    const mean = group.reduce((a, b) => a + b, 0) / n;
    // Sample std (n - 1), as torch.std.
    const std = Math.sqrt(group.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1));
    // eps keeps a group of equal rewards at 0 / eps = 0 instead of 0 / 0 = NaN.
    return group.map((r) => (r - mean) / (std + eps));
  });
}
