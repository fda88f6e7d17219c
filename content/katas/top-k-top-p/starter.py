import numpy as np


def top_k_probs(logits: np.ndarray, k: int) -> np.ndarray:
    """softmax(logits) [V] kept on the k most likely ids (lower id first on ties), renormalized, 0 elsewhere."""
    raise NotImplementedError


def top_p_probs(logits: np.ndarray, p: float) -> np.ndarray:
    """softmax(logits) [V] kept on the smallest most-likely set whose mass reaches p (crossing token included), renormalized."""
    raise NotImplementedError
