import numpy as np


def micro_batch_loss_weights(sizes: list[int]) -> list[float]:
    """The factor n_i / N to multiply micro-batch i's mean loss by before its backward."""
    total = sum(sizes)
    return [n / total for n in sizes]


def accumulate_gradients(micro_grads: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    """The full-batch mean gradient [D] from K micro-batch mean gradients [D] and their sizes."""
    # Each mean g_i stands for n_i examples: turn it back into a sum (n_i·g_i), add, divide by N.
    weights = micro_batch_loss_weights(sizes)
    return sum(w * g for w, g in zip(weights, micro_grads))
