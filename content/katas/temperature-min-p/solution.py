import numpy as np


def min_p_probs(logits: np.ndarray, temperature: float, min_p: float) -> np.ndarray:
    """softmax(logits / temperature) [V] kept where prob >= min_p * max prob, renormalized, 0 elsewhere."""
    z = logits / temperature  # temperature scales the logits, before the softmax
    e = np.exp(z - z.max())
    probs = e / e.sum()
    # The threshold moves with the model's confidence: min_p times the top probability.
    kept = np.where(probs >= min_p * probs.max(), probs, 0.0)
    return kept / kept.sum()


def sample_token(logits: np.ndarray, temperature: float, min_p: float, u: float) -> int:
    """The first id whose cumulative min-p probability exceeds u, for u uniform in [0, 1)."""
    probs = min_p_probs(logits, temperature, min_p)
    # side="right" finds the first cumsum > u, so an id with zero probability is never chosen;
    # if rounding leaves cumsum[-1] <= u, fall back to the last id that has probability.
    i = int(np.searchsorted(np.cumsum(probs), u, side="right"))
    return min(i, int(np.flatnonzero(probs)[-1]))
