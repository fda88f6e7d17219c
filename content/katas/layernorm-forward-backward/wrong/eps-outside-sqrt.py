import numpy as np


def layer_norm_forward(x, gamma, beta, eps):
    mu = x.mean(axis=-1, keepdims=True)
    std = np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True))
    return (x - mu) / (std + eps) * gamma + beta


def layer_norm_backward(dy, x, gamma, eps):
    mu = x.mean(axis=-1, keepdims=True)
    rstd = 1.0 / (np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True)) + eps)
    xhat = (x - mu) * rstd
    g = dy * gamma
    dx = rstd * (g - g.mean(axis=-1, keepdims=True) - xhat * (g * xhat).mean(axis=-1, keepdims=True))
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)
