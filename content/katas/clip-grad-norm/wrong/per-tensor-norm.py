import numpy as np


def clip_grad_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    clipped = []
    for g in grads:
        coef = max_norm / (np.sqrt(np.sum(g * g)) + 1e-6)
        clipped.append(g * coef if coef < 1 else g)
    return clipped, total
