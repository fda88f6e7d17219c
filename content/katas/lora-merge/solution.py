import numpy as np


def lora_forward(x: np.ndarray, W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """y = x W + (alpha / r) x A B for x [n, in], W [in, out], A [in, r], B [r, out]; returns [n, out]."""
    r = A.shape[1]
    # (x A) B: [n, r] then [n, out], n·r·(in + out) multiply-adds; A B [in, out] is never formed.
    return x @ W + (alpha / r) * ((x @ A) @ B)


def merge(W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """The merged weight W + (alpha / r) A B, shape [in, out]."""
    # The same alpha / r as the forward pass, so that x @ merge(...) == lora_forward(x, ...).
    return W + (alpha / A.shape[1]) * (A @ B)


def unmerge(W_merged: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """The base weight W back from W_merged = W + (alpha / r) A B, shape [in, out]."""
    return W_merged - (alpha / A.shape[1]) * (A @ B)
