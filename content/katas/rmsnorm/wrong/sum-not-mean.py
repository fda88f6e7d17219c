import numpy as np


def rms_norm(x, weight, eps):
    return x / np.sqrt((x * x).sum(axis=-1, keepdims=True) + eps) * weight
