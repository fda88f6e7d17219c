import numpy as np


def rope(x: np.ndarray, offset: int) -> np.ndarray:
    """Rotary position embedding of x [T, d] (d even) at positions offset .. offset+T-1, pairs (i, i + d/2) -> [T, d]."""
    T, d = x.shape
    half = d // 2
    theta = 10000.0 ** (-2 * np.arange(half) / d)  # [d/2]: theta_i = base^(-2i/d)
    angle = (offset + np.arange(T))[:, None] * theta  # [T, d/2]: position m times theta_i
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[:, :half], x[:, half:]  # pair i is (x_i, x_{i + d/2}): GPT-NeoX / Hugging Face Llama's rotate_half layout
    return np.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=1)
