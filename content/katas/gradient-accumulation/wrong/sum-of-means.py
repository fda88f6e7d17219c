import numpy as np


def micro_batch_loss_weights(sizes):
    return [1.0] * len(sizes)


def accumulate_gradients(micro_grads, sizes):
    return np.sum(micro_grads, axis=0)
