import numpy as np


def dpo_loss(
    policy_chosen: np.ndarray,
    policy_rejected: np.ndarray,
    ref_chosen: np.ndarray,
    ref_rejected: np.ndarray,
    beta: float,
) -> tuple[float, np.ndarray, np.ndarray]:
    """DPO sigmoid loss over N pairs of sequence log-probs, with the implicit rewards of chosen and rejected."""
    chosen_rewards = beta * (policy_chosen - ref_chosen)  # [N], beta * log(pi / pi_ref)
    rejected_rewards = beta * (policy_rejected - ref_rejected)  # [N]
    logits = chosen_rewards - rejected_rewards  # [N]
    # -log sigmoid(x) = logaddexp(0, -x): finite however large the margin.
    loss = np.mean(np.logaddexp(0.0, -logits))
    return float(loss), chosen_rewards, rejected_rewards
