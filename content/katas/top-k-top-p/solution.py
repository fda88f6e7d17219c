import numpy as np


def _softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max())  # max-subtracted: finite for logits of ±1e4
    return e / e.sum()


def _keep(probs: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """probs on ids, 0 elsewhere, renormalized to sum to 1."""
    out = np.zeros_like(probs)
    out[ids] = probs[ids]
    return out / out.sum()


def top_k_probs(logits: np.ndarray, k: int) -> np.ndarray:
    """softmax(logits) [V] kept on the k most likely ids (lower id first on ties), renormalized, 0 elsewhere."""
    # A stable sort of -logits puts the lower id first among equal logits, so exactly k survive.
    order = np.argsort(-logits, kind="stable")
    return _keep(_softmax(logits), order[:k])


def top_p_probs(logits: np.ndarray, p: float) -> np.ndarray:
    """softmax(logits) [V] kept on the smallest most-likely set whose mass reaches p (crossing token included), renormalized."""
    probs = _softmax(logits)
    order = np.argsort(-logits, kind="stable")
    cumulative = np.cumsum(probs[order])  # [V], mass of the top r+1 ids
    # The ids before the first rank where the mass reaches p, plus that rank itself (the crossing token).
    n_kept = min(int(np.sum(cumulative < p)) + 1, len(logits))
    return _keep(probs, order[:n_kept])
