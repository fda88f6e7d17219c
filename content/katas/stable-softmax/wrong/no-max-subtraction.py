import numpy as np


def softmax(x):
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(x):
    e = np.exp(x)
    return np.log(e / e.sum(axis=-1, keepdims=True))
