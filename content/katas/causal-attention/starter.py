import numpy as np


def causal_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Causal scaled dot-product attention of one head: q, k, v [T, d] or [B, T, d] -> [..., T, d]."""
    raise NotImplementedError
