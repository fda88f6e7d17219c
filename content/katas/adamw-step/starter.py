import numpy as np


def adamw_step(theta: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float,
               betas: tuple[float, float], eps: float, weight_decay: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One AdamW step at step t (1-based); returns the new (theta, m, v), each of shape [n]."""
    raise NotImplementedError
