import numpy as np


def bradley_terry_loss(r_chosen: np.ndarray, r_rejected: np.ndarray) -> tuple[float, float]:
    """Reward-model loss -mean log sigmoid(r_chosen - r_rejected) and the accuracy, over N pairs."""
    raise NotImplementedError
