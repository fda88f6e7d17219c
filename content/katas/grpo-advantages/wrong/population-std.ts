export function grpoAdvantages(rewards: number[][], eps: number): number[][] {
  return rewards.map((group) => {
    const n = group.length;
    const mean = group.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(group.reduce((sum, r) => sum + (r - mean) ** 2, 0) / n);
    return group.map((r) => (r - mean) / (std + eps));
  });
}
