import numpy as np

P = 2**31 - 1


def minhash_signature(shingle_ids: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(shingle_ids) == 0:
        return np.full(len(a), P, dtype=np.int64)
    hashes = (a[:, None] * shingle_ids[None, :] + b[:, None]) % P
    return hashes.max(axis=1)


def jaccard_estimate(sig1: np.ndarray, sig2: np.ndarray) -> float:
    return float(np.mean(sig1 == sig2))


def exact_jaccard(ids1: np.ndarray, ids2: np.ndarray) -> float:
    set1, set2 = set(ids1.tolist()), set(ids2.tolist())
    union = len(set1 | set2)
    return 1.0 if union == 0 else len(set1 & set2) / union
