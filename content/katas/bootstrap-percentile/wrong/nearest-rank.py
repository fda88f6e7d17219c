import numpy as np


def percentile_interval(x, indices, level):
    means = np.sort(x[indices].mean(axis=1))
    alpha = (1 - level) / 2
    B = len(means)
    return float(means[int(alpha * B)]), float(means[int((1 - alpha) * B)])
