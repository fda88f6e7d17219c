import numpy as np


def residual_distribution(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """max(0, p - q) normalized to sum to 1 [V]: what a rejected draft token is resampled from."""
    # The mass the draft under-proposes; rejections must add exactly this to reach p.
    residual = np.maximum(p - q, 0.0)
    return residual / residual.sum()


def verify_draft_token(p: np.ndarray, q: np.ndarray, x: int, u: float, v: float) -> tuple[bool, int]:
    """(accepted, token): keep x if u < min(1, p[x] / q[x]), else the residual's inverse-CDF sample for v."""
    # x is accepted with probability min(1, p[x]/q[x]): P(x proposed and kept) = min(p[x], q[x]).
    if u < min(1.0, p[x] / q[x]):
        return True, int(x)
    residual = residual_distribution(p, q)
    # The first id whose cumulative residual exceeds v; ids with zero residual are never chosen.
    token = int(np.searchsorted(np.cumsum(residual), v, side="right"))
    return False, min(token, int(np.flatnonzero(residual)[-1]))
