import numpy as np


def kv_cache_decode_step(k_cache, v_cache, q, k, v):
    k_cache = np.concatenate([k_cache, k[None, :]], axis=0)
    v_cache = np.concatenate([v_cache, v[None, :]], axis=0)
    scores = k_cache @ q
    weights = np.exp(scores - scores.max())
    weights /= weights.sum()
    return weights @ v_cache, k_cache, v_cache
