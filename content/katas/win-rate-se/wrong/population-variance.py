import numpy as np


def win_rate(prefs):
    n = len(prefs)
    return 100 * float(prefs.mean()), 100 * float(prefs.std() / np.sqrt(n))
