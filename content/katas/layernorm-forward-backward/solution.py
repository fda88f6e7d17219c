import numpy as np


def layer_norm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis of x [N, C]: (x - mean) / sqrt(var + eps) * gamma + beta, biased var."""
    mu = x.mean(axis=-1, keepdims=True)  # [N, 1]
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)  # [N, 1], divided by C as torch.nn.LayerNorm
    xhat = (x - mu) / np.sqrt(var + eps)  # [N, C]
    return xhat * gamma + beta


def layer_norm_backward(dy: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float):
    """(dx [N, C], dgamma [C], dbeta [C]) of LayerNorm over the last axis, given dy = dL/dy [N, C]."""
    mu = x.mean(axis=-1, keepdims=True)
    rstd = 1.0 / np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)  # [N, 1]
    xhat = (x - mu) * rstd  # [N, C]
    dgamma = (dy * xhat).sum(axis=0)  # gamma and beta are shared by all rows: sum over N
    dbeta = dy.sum(axis=0)
    g = dy * gamma  # dL/dxhat, [N, C]
    # x reaches xhat directly, through the mean and through the variance; the last two give
    # the two row means subtracted here (projecting g off 1 and off xhat).
    dx = rstd * (g - g.mean(axis=-1, keepdims=True) - xhat * (g * xhat).mean(axis=-1, keepdims=True))
    return dx, dgamma, dbeta
