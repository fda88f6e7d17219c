import numpy as np

P = 2**31 - 1


def minhash_signature(shingle_ids: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature [H]: min over the ids of (a[i] * x + b[i]) mod P; all P for an empty set."""
    raise NotImplementedError


def jaccard_estimate(sig1: np.ndarray, sig2: np.ndarray) -> float:
    """Fraction of positions where the two signatures [H] agree."""
    raise NotImplementedError


def exact_jaccard(ids1: np.ndarray, ids2: np.ndarray) -> float:
    """|A ∩ B| / |A ∪ B| of two sets of ids (repeats count once); 1.0 for two empty sets."""
    raise NotImplementedError
