import numpy as np


def gae(rewards: np.ndarray, values: np.ndarray, dones: np.ndarray, gamma: float, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """GAE advantages and returns [T] from rewards [T], values [T+1] (last = bootstrap) and dones [T]."""
    raise NotImplementedError


def ppo_clip_objective(logp_new: np.ndarray, logp_old: np.ndarray, advantages: np.ndarray, eps: float) -> float:
    """PPO's clipped surrogate objective (to maximize), the mean over N samples."""
    raise NotImplementedError
