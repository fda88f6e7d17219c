import numpy as np


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis of x (shape [..., V]); rows sum to 1, stable for |x| up to 1e4."""
    # Subtracting the row max leaves softmax unchanged and makes the largest exponent exp(0) = 1.
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(x: np.ndarray) -> np.ndarray:
    """Log-softmax over the last axis of x (shape [..., V]); finite wherever the true value is."""
    # x - logsumexp(x), with logsumexp(x) = m + log(sum(exp(x - m))): never log(0).
    z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
