import numpy as np


def adamw_step(theta: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float,
               betas: tuple[float, float], eps: float, weight_decay: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One AdamW step at step t (1-based); returns the new (theta, m, v), each of shape [n]."""
    beta1, beta2 = betas
    # Decoupled weight decay: shrink θ directly; the decay never enters m or v.
    theta = theta * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    # m and v start at 0, so early averages are biased toward 0: divide by 1 - β^t.
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)  # ε after the square root, as torch
    return theta, m, v
