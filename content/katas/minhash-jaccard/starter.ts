/** MinHash signature [H]: min over the ids of (a[i] * x + b[i]) mod P, P = 2^31 - 1; all P for an empty set. */
export function minhashSignature(shingleIds: number[], a: number[], b: number[]): number[] {
  throw new Error("not implemented");
}

/** Fraction of positions where the two signatures [H] agree. */
export function jaccardEstimate(sig1: number[], sig2: number[]): number {
  throw new Error("not implemented");
}

/** |A ∩ B| / |A ∪ B| of two sets of ids (repeats count once); 1 for two empty sets. */
export function exactJaccard(ids1: number[], ids2: number[]): number {
  throw new Error("not implemented");
}
