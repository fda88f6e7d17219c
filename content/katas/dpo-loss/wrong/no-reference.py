import numpy as np


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    chosen_rewards = beta * (policy_chosen - ref_chosen)
    rejected_rewards = beta * (policy_rejected - ref_rejected)
    logits = beta * (policy_chosen - policy_rejected)
    loss = np.mean(np.logaddexp(0.0, -logits))
    return float(loss), chosen_rewards, rejected_rewards
