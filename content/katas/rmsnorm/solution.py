import numpy as np


def rms_norm(x: np.ndarray, weight: np.ndarray, eps: float) -> np.ndarray:
    """RMSNorm over the last axis of x [..., C]: x / sqrt(mean(x^2) + eps) * weight."""
    # No mean subtraction and no bias: only the scale of each row is normalized.
    ms = (x * x).mean(axis=-1, keepdims=True)  # [..., 1], the mean square (not the sum)
    return x / np.sqrt(ms + eps) * weight
