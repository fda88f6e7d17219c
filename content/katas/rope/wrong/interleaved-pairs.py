import numpy as np


def rope(x, offset):
    T, d = x.shape
    theta = 10000.0 ** (-2 * np.arange(d // 2) / d)
    angle = (offset + np.arange(T))[:, None] * theta
    cos, sin = np.cos(angle), np.sin(angle)
    x1, x2 = x[:, 0::2], x[:, 1::2]
    out = np.empty_like(x)
    out[:, 0::2] = x1 * cos - x2 * sin
    out[:, 1::2] = x2 * cos + x1 * sin
    return out
