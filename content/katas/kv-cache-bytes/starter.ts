/** Bytes of the key/value cache of a decoder for batch sequences of seqLen tokens. */
export function kvCacheBytes(layers: number, heads: number, kvHeads: number, headDim: number, seqLen: number, batch: number, bytesPerElement: number): number {
  throw new Error("not implemented");
}
