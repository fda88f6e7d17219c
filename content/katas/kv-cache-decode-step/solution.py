import numpy as np


def kv_cache_decode_step(k_cache: np.ndarray, v_cache: np.ndarray, q: np.ndarray, k: np.ndarray, v: np.ndarray) -> tuple:
    """One decoding step of one head: caches [t, d] (t may be 0), new q, k, v [d] -> (out [d], k_cache [t+1, d], v_cache [t+1, d])."""
    # Append first: the new token attends to itself as well as to the t cached positions.
    k_cache = np.concatenate([k_cache, k[None, :]], axis=0)  # [t+1, d]
    v_cache = np.concatenate([v_cache, v[None, :]], axis=0)
    scores = k_cache @ q / np.sqrt(q.shape[0])  # [t+1]; no mask: every cached position is in the past
    weights = np.exp(scores - scores.max())
    weights /= weights.sum()
    return weights @ v_cache, k_cache, v_cache
