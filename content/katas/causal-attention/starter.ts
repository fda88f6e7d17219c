/** A [T, d] matrix, or a batch of them [B, T, d]. */
export type Sequences = number[][] | number[][][];

/** Causal scaled dot-product attention of one head: q, k, v [T, d] or [B, T, d] -> [..., T, d]. */
export function causalAttention(q: Sequences, k: Sequences, v: Sequences): Sequences {
  throw new Error("not implemented");
}
