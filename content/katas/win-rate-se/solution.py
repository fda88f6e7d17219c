import numpy as np


def win_rate(prefs: np.ndarray) -> tuple[float, float]:
    """Win rate and its standard error, both in percent, from outcomes [n] of 1 (win), 0.5 (tie) or 0 (loss)."""
    n = len(prefs)
    mean = prefs.mean()  # a tie is half a win: (wins + ties / 2) / n
    # Standard error of the mean with the sample variance (ddof = 1), undefined for one comparison.
    se = prefs.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
    return 100 * float(mean), 100 * float(se)
