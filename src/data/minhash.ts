/**
 * MinHash (Broder 1997, "On the resemblance and containment of documents"): a document is a
 * set of shingle ids, and its signature holds, for each of H hash functions
 * h_i(x) = (a_i·x + b_i) mod P with P = 2^31 − 1, the minimum of h_i over the set. For two
 * sets A and B, P(min h_i(A) = min h_i(B)) = |A ∩ B| / |A ∪ B| (the Jaccard similarity), so
 * the fraction of equal signature entries estimates it, with variance J(1 − J)/H.
 *
 * Conventions: the signature of the empty set is P in every entry (above every hash value);
 * the Jaccard similarity of two empty sets is 1 (they are identical).
 */

/** The Mersenne prime 2^31 − 1: hash values lie in [0, P). */
export const MINHASH_PRIME = 2 ** 31 - 1;

/**
 * (a·x + b) mod P, exact for integers a, b, x in [0, 2^31). a·x reaches 2^62, past the 2^53
 * that doubles hold exactly, so a is split into 16-bit halves: a·x ≡ ((a_hi·x mod P)·2^16 + a_lo·x),
 * where every term stays below 2^48.
 */
export function universalHash(a: number, b: number, x: number): number {
  const hi = Math.floor(a / 65536);
  const lo = a - hi * 65536;
  return (((hi * x) % MINHASH_PRIME) * 65536 + lo * x + b) % MINHASH_PRIME;
}

/**
 * The MinHash signature of a set of shingle ids: signature[i] = min over x of (a[i]·x + b[i]) mod P.
 * ids: [N] (repeats do not matter); a, b: [H]; returns [H].
 *
 * @example minhashSignature([3, 5], [2, 7], [1, 0]) // [7, 21]: min(7, 11), min(21, 35)
 */
export function minhashSignature(ids: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  if (a.length !== b.length) throw new Error(`a and b must have the same length, got ${a.length} and ${b.length}`);
  return Array.from({ length: a.length }, (_, i) => {
    let min = MINHASH_PRIME;
    for (let j = 0; j < ids.length; j++) min = Math.min(min, universalHash(a[i], b[i], ids[j]));
    return min;
  });
}

/** The fraction of positions where two signatures agree: the MinHash estimate of the Jaccard similarity. */
export function jaccardEstimate(signature1: ArrayLike<number>, signature2: ArrayLike<number>): number {
  if (signature1.length !== signature2.length || signature1.length === 0) {
    throw new Error(`signatures must have the same non-zero length, got ${signature1.length} and ${signature2.length}`);
  }
  let equal = 0;
  for (let i = 0; i < signature1.length; i++) if (signature1[i] === signature2[i]) equal++;
  return equal / signature1.length;
}

/** |A ∩ B| / |A ∪ B| of two sets of ids (repeats count once); 1 for two empty sets. */
export function exactJaccard(ids1: ArrayLike<number>, ids2: ArrayLike<number>): number {
  const set1 = new Set(Array.from(ids1));
  const set2 = new Set(Array.from(ids2));
  let shared = 0;
  for (const id of set1) if (set2.has(id)) shared++;
  const union = set1.size + set2.size - shared;
  return union === 0 ? 1 : shared / union;
}
