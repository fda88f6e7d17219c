import numpy as np


def valid_windows(docs, block_size):
    return [(d, s) for d, doc in enumerate(docs) for s in range(len(doc) - block_size - 1)]


def sample_batch(docs, block_size, u):
    windows = valid_windows(docs, block_size)
    picks = [windows[int(x * len(windows))] for x in u]
    x = np.array([docs[d][s:s + block_size] for d, s in picks])
    y = np.array([docs[d][s + 1:s + block_size + 1] for d, s in picks])
    return x, y
