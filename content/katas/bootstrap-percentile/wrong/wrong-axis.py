import numpy as np


def percentile_interval(x, indices, level):
    means = x[indices].mean(axis=0)
    alpha = (1 - level) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(low), float(high)
