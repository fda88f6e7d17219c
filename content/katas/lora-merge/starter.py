import numpy as np


def lora_forward(x: np.ndarray, W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """y = x W + (alpha / r) x A B for x [n, in], W [in, out], A [in, r], B [r, out]; returns [n, out]."""
    raise NotImplementedError


def merge(W: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """The merged weight W + (alpha / r) A B, shape [in, out]."""
    raise NotImplementedError


def unmerge(W_merged: np.ndarray, A: np.ndarray, B: np.ndarray, alpha: float) -> np.ndarray:
    """The base weight W back from W_merged = W + (alpha / r) A B, shape [in, out]."""
    raise NotImplementedError
