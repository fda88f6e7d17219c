import numpy as np


def grpo_advantages(rewards: np.ndarray, eps: float) -> np.ndarray:
    """Group-normalized advantages [G, n]: each reward standardized within its own group (row)."""
    raise NotImplementedError
