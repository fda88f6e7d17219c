import numpy as np


def bradley_terry_loss(r_chosen, r_rejected):
    margin = r_chosen - r_rejected
    loss = np.mean(np.logaddexp(0.0, -margin))
    accuracy = np.mean(margin >= 0)
    return float(loss), float(accuracy)
