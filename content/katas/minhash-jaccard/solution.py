import numpy as np

P = 2**31 - 1  # Mersenne prime: hash values lie in [0, P)


def minhash_signature(shingle_ids: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature [H]: min over the ids of (a[i] * x + b[i]) mod P; all P for an empty set."""
    if len(shingle_ids) == 0:
        return np.full(len(a), P, dtype=np.int64)
    # hashes: [H, N]. a, x < 2^31, so a * x < 2^62: exact in int64 (not in float64).
    hashes = (a[:, None] * shingle_ids[None, :] + b[:, None]) % P
    return hashes.min(axis=1)


def jaccard_estimate(sig1: np.ndarray, sig2: np.ndarray) -> float:
    """Fraction of positions where the two signatures [H] agree."""
    # Position by position: P(min h_i(A) = min h_i(B)) = J(A, B) for each hash function i.
    return float(np.mean(sig1 == sig2))


def exact_jaccard(ids1: np.ndarray, ids2: np.ndarray) -> float:
    """|A ∩ B| / |A ∪ B| of two sets of ids (repeats count once); 1.0 for two empty sets."""
    set1, set2 = set(ids1.tolist()), set(ids2.tolist())
    union = len(set1 | set2)
    return 1.0 if union == 0 else len(set1 & set2) / union
