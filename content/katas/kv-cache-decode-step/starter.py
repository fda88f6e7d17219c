import numpy as np


def kv_cache_decode_step(k_cache: np.ndarray, v_cache: np.ndarray, q: np.ndarray, k: np.ndarray, v: np.ndarray) -> tuple:
    """One decoding step of one head: caches [t, d] (t may be 0), new q, k, v [d] -> (out [d], k_cache [t+1, d], v_cache [t+1, d])."""
    raise NotImplementedError
