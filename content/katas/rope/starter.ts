/** Rotary position embedding of x [T, d] (d even) at positions offset .. offset+T-1, pairs (i, i + d/2) -> [T, d]. */
export function rope(x: number[][], offset: number): number[][] {
  throw new Error("not implemented");
}
