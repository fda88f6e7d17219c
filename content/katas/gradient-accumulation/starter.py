import numpy as np


def micro_batch_loss_weights(sizes: list[int]) -> list[float]:
    """The factor n_i / N to multiply micro-batch i's mean loss by before its backward."""
    raise NotImplementedError


def accumulate_gradients(micro_grads: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    """The full-batch mean gradient [D] from K micro-batch mean gradients [D] and their sizes."""
    raise NotImplementedError
