import numpy as np


def win_rate(prefs: np.ndarray) -> tuple[float, float]:
    """Win rate and its standard error, both in percent, from outcomes [n] of 1 (win), 0.5 (tie) or 0 (loss)."""
    raise NotImplementedError
