/** LayerNorm over the last axis of x [N, C]: (x - mean) / sqrt(var + eps) * gamma + beta, biased var. */
export function layerNormForward(x: number[][], gamma: number[], beta: number[], eps: number): number[][] {
  throw new Error("not implemented");
}

/** [dx [N, C], dgamma [C], dbeta [C]] of LayerNorm over the last axis, given dy = dL/dy [N, C]. */
export function layerNormBackward(dy: number[][], x: number[][], gamma: number[], eps: number): [number[][], number[], number[]] {
  throw new Error("not implemented");
}
