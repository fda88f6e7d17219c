import numpy as np


def micro_batch_loss_weights(sizes):
    return [1 / len(sizes)] * len(sizes)


def accumulate_gradients(micro_grads, sizes):
    return np.mean(micro_grads, axis=0)
