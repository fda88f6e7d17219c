/** Learns up to numMerges byte-level BPE merges [a, b] (merge i makes token 256 + i). */
export function train(text: string, numMerges: number): number[][] {
  throw new Error("not implemented");
}

/** Token ids of text: UTF-8 bytes, then merges applied by rank (lowest rank first). */
export function encode(text: string, merges: number[][]): number[] {
  throw new Error("not implemented");
}
