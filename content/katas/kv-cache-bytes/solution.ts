/** Bytes of the key/value cache of a decoder for batch sequences of seqLen tokens. */
export function kvCacheBytes(layers: number, heads: number, kvHeads: number, headDim: number, seqLen: number, batch: number, bytesPerElement: number): number {
  // Per token and layer: one key and one value vector for each KV head (not each query head:
  // under grouped-query attention the `heads` query heads share the kvHeads key/value heads).
  const perToken = 2 * layers * kvHeads * headDim * bytesPerElement;
  return perToken * seqLen * batch;
}
