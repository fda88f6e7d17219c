import numpy as np


def residual_distribution(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """max(0, p - q) normalized to sum to 1 [V]: what a rejected draft token is resampled from."""
    raise NotImplementedError


def verify_draft_token(p: np.ndarray, q: np.ndarray, x: int, u: float, v: float) -> tuple[bool, int]:
    """(accepted, token): keep x if u < min(1, p[x] / q[x]), else the residual's inverse-CDF sample for v."""
    raise NotImplementedError
