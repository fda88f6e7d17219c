import numpy as np


def grouped_query_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Causal grouped-query attention: q [H, T, d], k and v [H_kv, T, d] -> [H, T, d]."""
    raise NotImplementedError
