import numpy as np


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    chosen_logratios = policy_chosen - ref_chosen
    rejected_logratios = policy_rejected - ref_rejected
    loss = beta * np.mean(np.logaddexp(0.0, -(chosen_logratios - rejected_logratios)))
    return float(loss), beta * chosen_logratios, beta * rejected_logratios
