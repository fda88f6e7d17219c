import numpy as np


def bradley_terry_loss(r_chosen: np.ndarray, r_rejected: np.ndarray) -> tuple[float, float]:
    """Reward-model loss -mean log sigmoid(r_chosen - r_rejected) and the accuracy, over N pairs."""
    margin = r_chosen - r_rejected  # [N]
    # -log sigmoid(z) = softplus(-z) = log(1 + e^-z) = logaddexp(0, -z): finite for any z,
    # where log(sigmoid(z)) hits log(0) = -inf once e^-z overflows.
    loss = np.mean(np.logaddexp(0.0, -margin))
    # A tie is not a correct ranking: strictly greater, and tied pairs stay in the denominator.
    accuracy = np.mean(margin > 0)
    return float(loss), float(accuracy)
