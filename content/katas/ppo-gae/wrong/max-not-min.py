import numpy as np


def gae(rewards: np.ndarray, values: np.ndarray, dones: np.ndarray, gamma: float, lam: float) -> tuple[np.ndarray, np.ndarray]:
    not_done = 1.0 - dones  # [T]; 0 where the episode ended at step t
    deltas = rewards + gamma * values[1:] * not_done - values[:-1]
    advantages = np.zeros_like(deltas)
    running = 0.0  # A[t+1]
    for t in reversed(range(len(deltas))):
        running = deltas[t] + gamma * lam * not_done[t] * running
        advantages[t] = running
    return advantages, advantages + values[:-1]


def ppo_clip_objective(logp_new: np.ndarray, logp_old: np.ndarray, advantages: np.ndarray, eps: float) -> float:
    ratio = np.exp(logp_new - logp_old)  # [N], pi_new / pi_old
    unclipped = ratio * advantages
    clipped = np.clip(ratio, 1.0 - eps, 1.0 + eps) * advantages
    return float(np.mean(np.maximum(unclipped, clipped)))
