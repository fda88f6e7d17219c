import numpy as np


def gae(rewards: np.ndarray, values: np.ndarray, dones: np.ndarray, gamma: float, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """GAE advantages and returns [T] from rewards [T], values [T+1] (last = bootstrap) and dones [T]."""
    not_done = 1.0 - dones  # [T]; 0 where the episode ended at step t
    # One-step TD errors, no bootstrap from V[t+1] across an episode's end: [T]
    deltas = rewards + gamma * values[1:] * not_done - values[:-1]
    advantages = np.zeros_like(deltas)
    running = 0.0  # A[t+1]
    for t in reversed(range(len(deltas))):
        # A[t] = delta[t] + gamma*lam*A[t+1], and the sum restarts at an episode boundary.
        running = deltas[t] + gamma * lam * not_done[t] * running
        advantages[t] = running
    return advantages, advantages + values[:-1]


def ppo_clip_objective(logp_new: np.ndarray, logp_old: np.ndarray, advantages: np.ndarray, eps: float) -> float:
    """PPO's clipped surrogate objective (to maximize), the mean over N samples."""
    ratio = np.exp(logp_new - logp_old)  # [N], pi_new / pi_old
    unclipped = ratio * advantages
    clipped = np.clip(ratio, 1.0 - eps, 1.0 + eps) * advantages
    # The min makes it a pessimistic bound: clipping may lower the objective, never raise it.
    return float(np.mean(np.minimum(unclipped, clipped)))
