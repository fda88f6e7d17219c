/** Group-normalized advantages [G][n]: each reward standardized within its own group (row). */
export function grpoAdvantages(rewards: number[][], eps: number): number[][] {
  throw new Error("not implemented");
}
