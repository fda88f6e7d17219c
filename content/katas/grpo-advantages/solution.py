import numpy as np


def grpo_advantages(rewards: np.ndarray, eps: float) -> np.ndarray:
    """Group-normalized advantages [G, n]: each reward standardized within its own group (row)."""
    mean = rewards.mean(axis=1, keepdims=True)  # [G, 1]
    std = rewards.std(axis=1, ddof=1, keepdims=True)  # [G, 1], sample std (n - 1), as torch.std
    # eps keeps a group of equal rewards at 0 / eps = 0 instead of 0 / 0 = NaN.
    return (rewards - mean) / (std + eps)
