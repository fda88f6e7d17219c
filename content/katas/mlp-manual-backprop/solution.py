import numpy as np


def mlp_forward_backward(x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray, y: np.ndarray) -> dict:
    """Mean squared error of relu(x W1 + b1) W2 + b2 against y, and its gradients: {loss, dW1, db1, dW2, db2}."""
    # Forward, keeping what the backward pass needs.
    pre = x @ W1 + b1  # [N, H]
    h = np.maximum(pre, 0.0)  # [N, H]
    out = h @ W2 + b2  # [N, O]
    diff = out - y
    loss = np.mean(diff**2)  # over all N * O elements

    # Backward, one layer at a time, each gradient the shape of its parameter.
    dout = 2.0 * diff / diff.size  # [N, O]: the mean's 1/(N*O) is part of the gradient
    dW2 = h.T @ dout  # [H, O]
    db2 = dout.sum(axis=0)  # [O]: b2 was broadcast over the N rows, so its gradient sums over them
    dpre = (dout @ W2.T) * (pre > 0)  # [N, H]: ReLU passes the gradient only where it was active
    dW1 = x.T @ dpre  # [D, H]
    db1 = dpre.sum(axis=0)  # [H]
    return {"loss": float(loss), "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
