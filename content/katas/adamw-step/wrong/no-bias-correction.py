import numpy as np


def adamw_step(theta, grad, m, v, t, lr, betas, eps, weight_decay):
    beta1, beta2 = betas
    theta = theta * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    theta = theta - lr * m / (np.sqrt(v) + eps)
    return theta, m, v
