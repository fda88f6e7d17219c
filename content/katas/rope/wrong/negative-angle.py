import numpy as np


def rope(x, offset):
    T, d = x.shape
    half = d // 2
    theta = 10000.0 ** (-2 * np.arange(half) / d)
    angle = (offset + np.arange(T))[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[:, :half], x[:, half:]
    return np.concatenate([x1 * cos + x2 * sin, x2 * cos - x1 * sin], axis=1)
