const P = 2n ** 31n - 1n; // Mersenne prime: hash values lie in [0, P)

/** MinHash signature [H]: min over the ids of (a[i] * x + b[i]) mod P; all P for an empty set. */
export function minhashSignature(shingleIds: number[], a: number[], b: number[]): number[] {
  // a * x reaches 2^62, past the 2^53 a double holds exactly: multiply as BigInt.
  return a.map((ai, i) => {
    let min = P;
    for (const x of shingleIds) {
      const hash = (BigInt(ai) * BigInt(x) + BigInt(b[i])) % P;
      if (hash < min) min = hash;
    }
    return Number(min);
  });
}

/** Fraction of positions where the two signatures [H] agree. */
export function jaccardEstimate(sig1: number[], sig2: number[]): number {
  // Position by position: P(min h_i(A) = min h_i(B)) = J(A, B) for each hash function i.
  return sig1.filter((v, i) => v === sig2[i]).length / sig1.length;
}

/** |A ∩ B| / |A ∪ B| of two sets of ids (repeats count once); 1 for two empty sets. */
export function exactJaccard(ids1: number[], ids2: number[]): number {
  const set1 = new Set(ids1);
  const set2 = new Set(ids2);
  const shared = [...set1].filter((id) => set2.has(id)).length;
  const union = set1.size + set2.size - shared;
  return union === 0 ? 1 : shared / union;
}
