import numpy as np


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scales all grads together so their global L2 norm is at most max_norm; returns (clipped grads, norm before)."""
    # One norm over every element of every tensor, as if the grads were one flat vector.
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    coef = max_norm / (total + 1e-6)  # torch's 1e-6 keeps the clipped norm just under max_norm
    if coef < 1:
        grads = [g * coef for g in grads]
    return grads, total
