import numpy as np


def clip_grad_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = max_norm / total
    if coef < 1:
        grads = [g * coef for g in grads]
    return grads, float(total)
