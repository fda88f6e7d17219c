import numpy as np


def percentile_interval(x, indices, level):
    means = x[indices].mean(axis=1)
    low, high = np.quantile(means, [1 - level, level])
    return float(low), float(high)
