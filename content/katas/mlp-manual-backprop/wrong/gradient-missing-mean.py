import numpy as np


def mlp_forward_backward(x, W1, b1, W2, b2, y):
    pre = x @ W1 + b1
    h = np.maximum(pre, 0.0)
    out = h @ W2 + b2
    diff = out - y
    dout = 2.0 * diff
    dpre = (dout @ W2.T) * (pre > 0)
    return {"loss": float(np.mean(diff**2)), "dW1": x.T @ dpre, "db1": dpre.sum(axis=0), "dW2": h.T @ dout, "db2": dout.sum(axis=0)}
