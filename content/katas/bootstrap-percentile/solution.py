import numpy as np


def percentile_interval(x: np.ndarray, indices: np.ndarray, level: float) -> tuple[float, float]:
    """Percentile bootstrap interval (low, high) of the mean of x [n], from the resamples indices [B, n] (int64)."""
    means = x[indices].mean(axis=1)  # x[indices]: [B, n]; one mean per resample -> [B]
    alpha = (1 - level) / 2  # half of the miss probability in each tail
    # np.quantile's default method is 'linear': interpolate between the two nearest order statistics.
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(low), float(high)
