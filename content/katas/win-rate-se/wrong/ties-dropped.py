import numpy as np


def win_rate(prefs):
    decided = prefs[prefs != 0.5]
    n = len(decided)
    mean = decided.mean()
    se = decided.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
    return 100 * float(mean), 100 * float(se)
