import numpy as np


def cross_entropy(logits: np.ndarray, targets: np.ndarray, ignore_index: int = -100) -> float:
    """Mean cross-entropy of logits [N, V] (float64) against targets [N] (int64), skipping targets equal to ignore_index."""
    keep = targets != ignore_index  # [N] bool
    if not keep.any():
        return float("nan")  # PyTorch's 0 / 0: no target to average over
    z = logits[keep]  # [M, V], only the scored rows: an ignored id is never used as an index
    t = targets[keep]  # [M]
    # loss_r = logsumexp(z_r) - z_r[t_r], with the row max taken out so exp never overflows.
    m = z.max(axis=-1, keepdims=True)  # [M, 1]
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=-1))  # [M]
    losses = lse - z[np.arange(len(t)), t]  # [M]
    return float(losses.mean())  # mean over the M kept targets, not over N
