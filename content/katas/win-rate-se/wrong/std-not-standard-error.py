import numpy as np


def win_rate(prefs):
    return 100 * float(prefs.mean()), 100 * float(prefs.std(ddof=1)) if len(prefs) > 1 else float("nan")
