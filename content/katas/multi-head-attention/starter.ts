/** Causal multi-head self-attention of x [T, C] with weights [C, C] applied as x @ W -> [T, C]. */
export function multiHeadAttention(x: number[][], wQ: number[][], wK: number[][], wV: number[][], wO: number[][], nHead: number): number[][] {
  throw new Error("not implemented");
}
