import numpy as np


def residual_distribution(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    residual = np.maximum(q - p, 0.0)
    return residual / residual.sum()


def verify_draft_token(p: np.ndarray, q: np.ndarray, x: int, u: float, v: float) -> tuple[bool, int]:
    if u < min(1.0, p[x] / q[x]):
        return True, int(x)
    residual = residual_distribution(p, q)
    token = int(np.searchsorted(np.cumsum(residual), v, side="right"))
    return False, min(token, int(np.flatnonzero(residual)[-1]))
