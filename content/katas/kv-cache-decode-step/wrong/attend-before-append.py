import numpy as np


def kv_cache_decode_step(k_cache, v_cache, q, k, v):
    scores = k_cache @ q / np.sqrt(q.shape[0])
    weights = np.exp(scores - scores.max())
    weights /= weights.sum()
    out = weights @ v_cache
    return out, np.concatenate([k_cache, k[None, :]]), np.concatenate([v_cache, v[None, :]])
