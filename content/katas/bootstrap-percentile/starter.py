import numpy as np


def percentile_interval(x: np.ndarray, indices: np.ndarray, level: float) -> tuple[float, float]:
    """Percentile bootstrap interval (low, high) of the mean of x [n], from the resamples indices [B, n] (int64)."""
    raise NotImplementedError
