import numpy as np


def bradley_terry_loss(r_chosen, r_rejected):
    margin = r_chosen - r_rejected
    loss = -np.mean(np.log(1.0 / (1.0 + np.exp(-margin))))
    accuracy = np.mean(margin > 0)
    return float(loss), float(accuracy)
