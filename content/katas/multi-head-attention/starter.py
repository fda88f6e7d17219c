import numpy as np


def multi_head_attention(x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, w_o: np.ndarray, n_head: int) -> np.ndarray:
    """Causal multi-head self-attention of x [T, C] with weights [C, C] applied as x @ W -> [T, C]."""
    raise NotImplementedError
