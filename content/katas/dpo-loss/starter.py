import numpy as np


def dpo_loss(
    policy_chosen: np.ndarray,
    policy_rejected: np.ndarray,
    ref_chosen: np.ndarray,
    ref_rejected: np.ndarray,
    beta: float,
) -> tuple[float, np.ndarray, np.ndarray]:
    """DPO sigmoid loss over N pairs of sequence log-probs, with the implicit rewards of chosen and rejected."""
    raise NotImplementedError
