import numpy as np


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    chosen_rewards = beta * (policy_chosen - ref_chosen)
    rejected_rewards = beta * (policy_rejected - ref_rejected)
    logits = chosen_rewards - rejected_rewards
    loss = -np.mean(np.log(1.0 / (1.0 + np.exp(-logits))))
    return float(loss), chosen_rewards, rejected_rewards
