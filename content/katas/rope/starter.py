import numpy as np


def rope(x: np.ndarray, offset: int) -> np.ndarray:
    """Rotary position embedding of x [T, d] (d even) at positions offset .. offset+T-1, pairs (i, i + d/2) -> [T, d]."""
    raise NotImplementedError
