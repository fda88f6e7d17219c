import numpy as np


def min_p_probs(logits: np.ndarray, temperature: float, min_p: float) -> np.ndarray:
    """softmax(logits / temperature) [V] kept where prob >= min_p * max prob, renormalized, 0 elsewhere."""
    raise NotImplementedError


def sample_token(logits: np.ndarray, temperature: float, min_p: float, u: float) -> int:
    """The first id whose cumulative min-p probability exceeds u, for u uniform in [0, 1)."""
    raise NotImplementedError
